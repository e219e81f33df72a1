#!/usr/bin/env python3
"""Regenerate the certs.txt fixtures of cert-expiry-report (deterministic).

Run from the challenge folder: python3 tests/gen.py
Lines imitate what a probe loop writes:
  echo "$host $(openssl s_client -connect "$host" </dev/null 2>/dev/null | openssl x509 -noout -enddate)"
with OpenSSL 1.1 (`notAfter=Jan  5 12:00:00 2027 GMT`) or OpenSSL 3 with `-dateopt iso_8601`
(`notAfter=2027-01-05 12:00:00Z`).
"""
import os
import random
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOW0 = 1772357400            # 2026-03-01T09:30:00Z


def openssl(t):
    g = time.gmtime(t)
    return "notAfter=" + time.strftime("%b ", g) + f"{g.tm_mday:2d}" + time.strftime(" %H:%M:%S %Y GMT", g)


def iso(t):
    return "notAfter=" + time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(t))


def write(test, text):
    os.makedirs(os.path.join(HERE, test), exist_ok=True)
    with open(os.path.join(HERE, test, "certs.txt"), "w") as f:
        f.write(text)


FIXED = {
    "mixed-fleet": """\
# notAfter of every public endpoint, collected by probe-certs.sh
api.acme.io:443 notAfter=Jan  5 12:00:00 2027 GMT
www.acme.io:443 notAfter=Mar 20 23:59:59 2026 GMT
grafana.internal.acme.io:443 notAfter=Jun 14 08:00:00 2026 GMT
status.acme.io:443 notAfter=Mar  9 09:30:00 2026 GMT
""",
    "one-expired": """\
vpn.acme.io:443 notAfter=Feb 27 17:45:00 2026 GMT
mail.acme.io:993 notAfter=Apr 30 00:00:00 2026 GMT
sso.acme.io:443 notAfter=Mar 15 12:00:00 2026 GMT
""",
    "all-ok": """\
# probe run 2026-03-01 09:30 UTC from bastion-1

api.acme.io:443 notAfter=Jan  5 12:00:00 2027 GMT
cdn.acme.io:443 notAfter=Dec 31 23:59:59 2026 GMT
   
# internal services
ldap.internal:636 notAfter=Aug  1 00:00:00 2035 GMT
registry.internal:5000 notAfter=Apr  1 09:30:00 2026 GMT
""",
    "expires-exactly-now": """\
legacy.acme.io:443 notAfter=Mar  1 09:30:00 2026 GMT
edge.acme.io:443 notAfter=Mar  1 09:30:01 2026 GMT
old.acme.io:443 notAfter=Mar  1 09:29:59 2026 GMT
""",
    "thirty-day-boundary": """\
billing.acme.io:443 notAfter=Mar 31 09:30:00 2026 GMT
checkout.acme.io:443 notAfter=Mar 31 09:29:59 2026 GMT
search.acme.io:443 notAfter=Mar 31 00:15:00 2026 GMT
media.acme.io:443 notAfter=Apr  1 03:00:00 2026 GMT
""",
    "expired-hours-ago": """\
ci.acme.io:443 notAfter=Mar  1 04:30:00 2026 GMT
jenkins.acme.io:8443 notAfter=Feb 28 09:30:00 2026 GMT
nexus.acme.io:443 notAfter=Feb 28 09:29:59 2026 GMT
old-api.acme.io:443 notAfter=Nov 30 12:00:00 2025 GMT
wiki.acme.io:443 notAfter=Mar 12 10:00:00 2026 GMT
""",
    "openssl3-iso-dates": """\
k8s-api.internal:6443 notAfter=2026-03-20 14:00:00Z
etcd-0.internal:2379 notAfter=2027-02-28 00:00:00Z
argocd.acme.io:443 notAfter=Mar 25 09:30:00 2026 GMT
kubelet-node-7.internal:10250 notAfter=2026-02-14 09:30:00Z
""",
    "leap-day": """\
pay.acme.io:443 notAfter=Feb 29 23:59:59 2028 GMT
shop.acme.io:443 notAfter=Mar  2 00:00:00 2028 GMT
api.acme.io:443 notAfter=2028-03-01 00:00:00Z
""",
    "now-with-offset": """\
queue.acme.io:5671 notAfter=Mar 31 09:30:00 2026 GMT
admin.acme.io:443 notAfter=Mar  1 10:00:00 2026 GMT
docs.acme.io:443 notAfter=2026-06-30 18:00:00Z
""",
    "ties-by-host": """\
api.acme.io:8443 notAfter=Mar 21 09:31:00 2026 GMT
api.acme.io:443 notAfter=Mar 21 23:00:00 2026 GMT
api-v2.acme.io:443 notAfter=Mar 21 12:00:00 2026 GMT
root-ca.internal:443 notAfter=Feb 25 09:30:00 2036 GMT
intermediate-ca.internal:443 notAfter=Apr  5 09:30:00 2027 GMT
Api.acme.io:443 notAfter=Mar 21 10:00:00 2026 GMT
""",
    "only-comments": """\
# probe-certs.sh: no endpoints answered (VPN down?)

""",
}


def fleet():
    rng = random.Random(20260301)
    envs = ["prod", "staging", "dev"]
    svcs = ["api", "auth", "billing", "cdn", "chat", "docs", "edge", "files", "grafana", "kibana",
            "ldap", "mail", "metrics", "pay", "search", "shop", "sso", "status", "vault", "wiki"]
    lines = ["# weekly probe of every endpoint behind the edge load balancers"]
    for env in envs:
        for svc in svcs:
            for port in rng.sample([443, 8443, 9443], rng.randint(1, 3)):
                # mostly comfortable, some soon, a few past; whole seconds
                left = rng.choice([rng.randint(31 * 86400, 400 * 86400)] * 6 +
                                  [rng.randint(1, 30 * 86400)] * 3 + [rng.randint(-90 * 86400, 0)])
                fmt = iso if rng.random() < 0.3 else openssl
                lines.append(f"{svc}.{env}.acme.io:{port} {fmt(NOW0 + left)}")
    body = lines[1:]
    rng.shuffle(body)
    return "\n".join(lines[:1] + body) + "\n"


def main():
    for test, text in FIXED.items():
        write(test, text)
    write("fleet", fleet())


if __name__ == "__main__":
    main()
