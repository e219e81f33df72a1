#!/usr/bin/env python3
"""Regenerate the plan.json fixtures of terraform-plan-summary (deterministic).

Run from the challenge folder: python3 tests/gen.py
Each fixture imitates `terraform show -json tfplan` of Terraform 1.7: one compact line, Go's
escaping of <, > and &, and the sections that also hold "address", "mode" and "actions" keys
(planned_values, resource_drift, output_changes, prior_state, configuration).
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
AWS = "registry.terraform.io/hashicorp/aws"
ADDR = re.compile(
    r'^(?P<mod>(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)'
    r'(?P<data>data\.)?(?P<type>[A-Za-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)(?:\[(?P<index>.*)\])?$'
)


def split(address):
    m = ADDR.match(address)
    assert m, address
    index = m.group("index")
    if index is not None:
        index = json.loads(index) if index.startswith('"') else int(index)
    return (m.group("mod").rstrip(".") or None, "data" if m.group("data") else "managed",
            m.group("type"), m.group("name"), index)


def rc(address, actions, before=None, after=None, reason=None, replace_paths=None):
    mod, mode, typ, name, index = split(address)
    out = {"address": address}
    if mod:
        out["module_address"] = mod
    out.update({"mode": mode, "type": typ, "name": name})
    if index is not None:
        out["index"] = index
    out["provider_name"] = AWS
    if "create" in actions and before is None and after is None:
        after = {"tags": {"team": "platform"}}
    if actions in (["update"], ["no-op"], ["delete"]) and before is None:
        before = {"id": name + "-1a2b3c", "tags": {"team": "platform"}}
    if actions == ["update"] and after is None:
        after = dict(before, tags={"team": "platform", "cost-center": "cc-42"})
    if actions == ["no-op"] and after is None:
        after = before
    change = {
        "actions": actions,
        "before": before if "delete" in actions or actions in (["update"], ["no-op"]) else None,
        "after": after if actions != ["delete"] else None,
        "after_unknown": {"id": True} if "create" in actions else {},
        "before_sensitive": {} if before is not None else False,
        "after_sensitive": {} if after is not None and actions != ["delete"] else False,
    }
    if replace_paths:
        change["replace_paths"] = replace_paths
    out["change"] = change
    if reason:
        out["action_reason"] = reason
    return out


def plan(changes, drift=None, outputs=None, extra_config=None, empty=False):
    """A whole plan document around the resource changes."""
    managed = [c for c in changes if "delete" != c["change"]["actions"][-1:] or "create" in c["change"]["actions"]]
    planned = {"root_module": {"resources": [
        {"address": c["address"], "mode": c["mode"], "type": c["type"], "name": c["name"],
         "provider_name": AWS, "schema_version": 0, "values": c["change"]["after"] or {},
         "sensitive_values": {}}
        for c in managed if c["change"]["actions"] != ["read"]]}}
    doc = {"format_version": "1.2", "terraform_version": "1.7.5", "planned_values": planned}
    if drift:
        doc["resource_drift"] = drift
    if not empty:
        doc["resource_changes"] = changes
    if outputs:
        doc["output_changes"] = outputs
    doc["prior_state"] = {"format_version": "1.0", "terraform_version": "1.7.5", "values": {
        "root_module": {"resources": [
            {"address": c["address"], "mode": c["mode"], "type": c["type"], "name": c["name"],
             "provider_name": AWS, "schema_version": 0, "values": c["change"]["before"],
             "sensitive_values": {}}
            for c in changes if c["change"]["before"] is not None]}}}
    doc["configuration"] = {"provider_config": {"aws": {"name": "aws", "full_name": AWS,
        "expressions": {"region": {"constant_value": "eu-west-1"}}}},
        "root_module": {"resources": extra_config or []}}
    doc["relevant_attributes"] = [{"resource": c["address"], "attribute": ["id"]}
                                  for c in changes[:3]]
    doc["timestamp"] = "2026-03-02T09:14:07Z"
    doc["applyable"] = any(c["change"]["actions"] not in (["no-op"], ["read"]) for c in changes)
    doc["complete"] = True
    doc["errored"] = False
    return doc


def go_json(doc, pretty=False):
    text = json.dumps(doc, indent=2 if pretty else None,
                      separators=(",", ": ") if pretty else (",", ":"))
    # Go's encoding/json escapes these three even inside strings; terraform's output does too.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"


def write(test, doc, pretty=False):
    folder = os.path.join(HERE, test)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "plan.json"), "w") as f:
        f.write(go_json(doc, pretty))


def out_change(actions, before, after):
    return {"actions": actions, "before": before, "after": after, "after_unknown": False,
            "before_sensitive": False, "after_sensitive": False}


AMI = {"id": "ami-0c1f2e3d4c5b6a798", "name": "debian-12-amd64-20260215-1660"}
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": ["arn:aws:s3:::acme-logs", "arn:aws:s3:::acme-logs/*"],
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]})


def main():
    # Sample 1: two creates, an update, no-ops and a data source read.
    write("add-and-change", plan([
        rc("aws_security_group.web", ["update"],
           before={"id": "sg-0a1b2c3d", "ingress": [{"from_port": 443, "to_port": 443}]},
           after={"id": "sg-0a1b2c3d", "ingress": [{"from_port": 443, "to_port": 443},
                                                  {"from_port": 80, "to_port": 80}]}),
        rc("aws_s3_bucket.logs", ["create"], after={"bucket": "acme-logs"}),
        rc("data.aws_ami.debian", ["read"], after=AMI, reason="read_because_config_unknown"),
        rc("aws_instance.web[0]", ["no-op"]),
        rc("aws_s3_bucket_versioning.logs", ["create"], after={"bucket": "acme-logs",
           "versioning_configuration": [{"status": "Enabled"}]}),
        rc("aws_instance.web[1]", ["no-op"]),
        rc("aws_vpc.main", ["no-op"]),
    ]))

    # Sample 2: a database replaced inside a module instance, a user deleted, a record created.
    write("replace-gates", plan([
        rc("aws_route53_record.db", ["create"], after={"name": "db.eu.acme.internal"}),
        rc("module.db[\"eu\"].aws_db_instance.this[0]", ["delete", "create"],
           before={"engine_version": "15.5", "identifier": "orders-eu"},
           after={"engine_version": "16.2", "identifier": "orders-eu"},
           reason="replace_because_cannot_update", replace_paths=[["engine_version"]]),
        rc("module.db[\"eu\"].aws_db_parameter_group.this", ["no-op"]),
        rc("aws_iam_user.deploy_bot", ["delete"], reason="delete_because_no_resource_config"),
        rc("module.db[\"us\"].aws_db_instance.this[0]", ["no-op"]),
    ]))

    # Only no-ops and a data source: nothing to do.
    write("no-changes", plan([
        rc("aws_vpc.main", ["no-op"]),
        rc("data.aws_ami.debian", ["read"], after=AMI, reason="read_because_config_unknown"),
        rc("aws_subnet.private[0]", ["no-op"]),
        rc("aws_subnet.private[1]", ["no-op"]),
    ]))

    # A configuration with no resources at all: terraform leaves resource_changes out.
    write("empty-plan", plan([], empty=True))

    # Both replace orders, and a create_before_destroy certificate.
    write("create-before-destroy", plan([
        rc("aws_acm_certificate.api", ["create", "delete"],
           before={"domain_name": "api.acme.io"}, after={"domain_name": "api.acme.io",
           "subject_alternative_names": ["www.api.acme.io"]},
           reason="replace_because_cannot_update", replace_paths=[["subject_alternative_names"]]),
        rc("aws_lb_listener_certificate.api", ["create", "delete"],
           before={"certificate_arn": "arn:aws:acm:eu-west-1:123456789012:certificate/old"},
           after={}, reason="replace_because_cannot_update"),
        rc("aws_launch_template.worker", ["update"]),
        rc("aws_instance.bastion", ["delete", "create"],
           before={"ami": "ami-0aaa"}, after={"ami": "ami-0bbb"},
           reason="replace_by_request"),
        rc("aws_instance.worker[0]", ["no-op"]),
    ]))

    # Drift detected outside terraform and output changes also carry "actions": not resources.
    write("drift-and-outputs", plan([
        rc("aws_autoscaling_group.workers", ["update"],
           before={"desired_capacity": 5, "max_size": 10},
           after={"desired_capacity": 3, "max_size": 10}),
        rc("aws_cloudwatch_log_group.app", ["create"], after={"retention_in_days": 30}),
        rc("aws_sqs_queue.jobs", ["no-op"]),
    ], drift=[
        rc("aws_autoscaling_group.workers", ["update"],
           before={"desired_capacity": 3}, after={"desired_capacity": 5}),
        rc("aws_sqs_queue.jobs_dlq", ["delete"]),
        rc("aws_instance.manual_debug_box", ["delete"]),
    ], outputs={
        "queue_url": out_change(["no-op"], "https://sqs/jobs", "https://sqs/jobs"),
        "old_dlq_arn": out_change(["delete"], "arn:aws:sqs:eu-west-1:123456789012:jobs-dlq", None),
        "log_group": out_change(["create"], None, "/acme/app"),
    }))

    # Attribute values and configuration also hold keys named actions, mode, address, change;
    # pretty-printed, as `terraform show -json tfplan | jq .` would leave it.
    write("attributes-look-like-keys", plan([
        rc("aws_iam_policy.read_logs", ["update"],
           before={"name": "read-logs", "policy": POLICY.replace("ListBucket", "Get*")},
           after={"name": "read-logs", "policy": POLICY}),
        rc("aws_cloudwatch_metric_alarm.cpu_high", ["create"], after={
            "alarm_name": "cpu > 90%", "actions_enabled": True,
            "alarm_actions": ["arn:aws:sns:eu-west-1:123456789012:pager"],
            "comparison_operator": "GreaterThanThreshold", "threshold": 90}),
        rc("aws_eip.nat", ["no-op"], before={"address": None, "domain": "vpc",
                                              "public_ip": "203.0.113.10"}),
        rc("aws_efs_file_system.shared", ["update"], before={"throughput_mode": "bursting",
           "lifecycle_policy": [{"transition_to_ia": "AFTER_30_DAYS"}]},
           after={"throughput_mode": "elastic", "lifecycle_policy": [
               {"transition_to_ia": "AFTER_30_DAYS"}]}),
        rc("aws_ssm_document.patch", ["no-op"], before={"content": json.dumps({
            "schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript",
            "name": "patch", "inputs": {"runCommand": ["apt-get update && apt-get -y upgrade"]}}],
            "parameters": {"mode": {"type": "String", "default": "delete"},
                           "actions": {"type": "StringList", "default": ["delete", "create"]}}})}),
        rc("aws_wafv2_web_acl.edge", ["no-op"], before={"rule": [{"name": "block-bad-bots",
           "action": [{"block": [{}]}], "change": {"actions": ["delete"], "mode": "managed"}}]}),
    ], extra_config=[
        {"address": "aws_iam_policy.legacy", "mode": "managed", "type": "aws_iam_policy",
         "name": "legacy", "provider_config_key": "aws",
         "expressions": {"change": {"constant_value": {"actions": ["delete"]}}}},
    ]), pretty=True)

    # Byte-order sorting of addresses with indexes, keys, nested modules and spaces.
    write("address-sort-order", plan([
        rc("aws_instance.web[2]", ["create"]),
        rc("aws_instance.web[10]", ["create"]),
        rc("aws_instance.web[0]", ["update"]),
        rc("aws_instance.web_canary", ["create"]),
        rc("module.dns.aws_route53_record.this[\"api.acme.io A\"]", ["create"]),
        rc("module.dns.aws_route53_record.this[\"api.acme.io AAAA\"]", ["create"]),
        rc("module.dns.aws_route53_record.this[\"Www.acme.io CNAME\"]", ["update"]),
        rc("module.app.module.cache.aws_elasticache_cluster.this", ["update"]),
        rc("module.app.aws_ecs_service.api", ["update"]),
        rc("module.db[\"us-east\"].aws_db_instance.this[0]", ["update"]),
        rc("module.db[\"eu\"].aws_db_instance.this[0]", ["update"]),
        rc("module.db[\"eu\"].aws_db_instance.this[1]", ["no-op"]),
        rc("aws_iam_role.CI", ["create"]),
        rc("aws_iam_role.ci", ["create"]),
    ]))

    # Deletes only: the gate must stop it.
    write("delete-only", plan([
        rc("aws_s3_bucket.tmp_exports", ["delete"], reason="delete_because_no_resource_config"),
        rc("aws_s3_bucket.logs", ["no-op"]),
        rc("module.legacy.aws_instance.old[0]", ["delete"],
           reason="delete_because_no_module"),
    ]))

    # Data sources inside modules (read, and no-op reads) are never listed.
    write("data-sources-in-modules", plan([
        rc("module.vpc[\"staging\"].data.aws_availability_zones.all", ["read"],
           after={"names": ["eu-west-1a", "eu-west-1b"]}, reason="read_because_dependency_pending"),
        rc("module.vpc[\"staging\"].aws_subnet.private[0]", ["create"]),
        rc("module.vpc[\"staging\"].aws_subnet.private[1]", ["create"]),
        rc("data.aws_iam_policy_document.assume", ["read"], after={"json": POLICY},
           reason="read_because_config_unknown"),
        rc("data.aws_caller_identity.current", ["no-op"],
           before={"account_id": "123456789012"}),
        rc("aws_iam_role.nodes", ["update"]),
    ]))

    # A real-sized plan: a few hundred instances, in terraform's (not byte) order.
    rng = random.Random(20260302)
    changes = []
    kinds = [["no-op"]] * 12 + [["create"]] * 4 + [["update"]] * 3 + [["delete"]] + \
            [["delete", "create"]] + [["create", "delete"]]
    for region in ["ap-south", "eu", "eu-central", "us", "us-west"]:
        for svc in ["api", "web", "worker", "cron"]:
            for i in range(rng.randint(2, 8)):
                a = f'module.svc["{region}"].module.{svc}.aws_instance.this[{i}]'
                changes.append(rc(a, rng.choice(kinds)))
        changes.append(rc(f'module.svc["{region}"].data.aws_ami.base', ["read"], after=AMI))
        changes.append(rc(f'module.svc["{region}"].aws_lb.this', rng.choice(kinds)))
    for i in range(24):
        changes.append(rc(f"aws_route53_record.r{i}", rng.choice(kinds)))
    write("large-plan", plan(changes))


if __name__ == "__main__":
    main()
