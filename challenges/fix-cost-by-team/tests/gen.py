#!/usr/bin/env python3
"""Regenerates tests/full-export/billing.csv for fix-cost-by-team (deterministic: fixed seed).

Run from the challenge folder: python3 tests/gen.py
A month of line items from four accounts in the shape of the provider's export: descriptions
with commas and quotes (quoted as the exporter does, only when needed), amounts with 0, 1 or 2
decimals, credits, and items whose team tag is empty. The other tests' files are hand-written.
"""
import csv
import io
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

ACCOUNTS = {
    "111122223333": ["payments", "payments", "checkout", ""],
    "444455556666": ["search", "search", "ml", ""],
    "777788889999": ["platform", "platform", "observability", ""],
    "555566667777": ["data", "analytics", "data", ""],
}
ITEMS = [
    ("AmazonEC2", "{size}, on-demand, {region}"),
    ("AmazonEC2", "{size} spot {region}"),
    ("AmazonEC2", "EBS gp3 volumes {region}"),
    ("AmazonEC2", "NAT gateway, hours and data processed"),
    ("AmazonRDS", "db.r6g.large Multi-AZ, PostgreSQL 16"),
    ("AmazonS3", "Bucket \"{bucket}\", Standard storage"),
    ("AmazonS3", "Requests, Tier 1 (PUT, COPY, POST, LIST)"),
    ("AmazonCloudWatch", "Logs ingestion {region}"),
    ("AmazonEKS", "EKS cluster hours"),
    ("AWSDataTransfer", "Data transfer out, {region} to internet"),
    ("AmazonOpenSearchService", "r6g.large.search x3"),
    ("AWSLambda", "Requests and GB-seconds, {region}"),
]
SIZES = ["m6i.large", "m7g.xlarge", "c7g.2xlarge", "r7i.xlarge", "t4g.small"]
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]
BUCKETS = ["logs-archive", "tf-state", "ml-datasets", "cdn-origin", "backups"]


def amount(rng):
    cents = int(rng.lognormvariate(8.5, 1.6))
    style = rng.random()
    if style < 0.1:
        return str(cents // 100)                      # whole dollars: 41
    if style < 0.2:
        return f"{cents // 100}.{(cents % 100) // 10}"  # one decimal: 18.5
    return f"{cents // 100}.{cents % 100:02d}"


def main():
    rng = random.Random(2025_12)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["invoice_month", "account_id", "service", "description", "team", "amount_usd"])
    for _ in range(600):
        account = rng.choice(sorted(ACCOUNTS))
        team = rng.choice(ACCOUNTS[account])
        service, desc = rng.choice(ITEMS)
        desc = desc.format(size=rng.choice(SIZES), region=rng.choice(REGIONS),
                           bucket=rng.choice(BUCKETS))
        w.writerow(["2025-12", account, service, desc, team, amount(rng)])
    for account, team, desc, value in [
        ("111122223333", "payments", "Savings plan credit, m6i family", "-1204.37"),
        ("444455556666", "", "Service credit, SLA breach 2025-12-03", "-300"),
        ("777788889999", "platform", "Promotional credit, \"re:Invent\" voucher", "-250.00"),
    ]:
        w.writerow(["2025-12", account, "AWSCredits", desc, team, value])
    folder = os.path.join(HERE, "full-export")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "billing.csv"), "w") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
