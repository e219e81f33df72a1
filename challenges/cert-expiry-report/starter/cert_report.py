#!/usr/bin/env python3
"""cert_report - TLS certificate expiry check (Nagios-style) for ./certs.txt.

Reads NOW (RFC 3339) from the environment and "HOST notAfter=DATE" lines from certs.txt.
Prints "STATUS DAYS EXPIRY HOST" per certificate, sorted by DAYS then HOST.
Exit: 2 if any EXPIRED, 1 if any WARN, 0 otherwise, 3 (UNKNOWN) on bad input.
"""
import os
import sys


def main():
    now = os.environ.get("NOW")
    with open("certs.txt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            host, not_after = line.split(" ", 1)
            # TODO: parse not_after ("Jan  5 12:00:00 2027 GMT" or "2027-01-05 12:00:00Z")
            # TODO: seconds left until NOW, DAYS rounded down, EXPIRED / WARN / OK
            print("OK", "?", not_after.removeprefix("notAfter="), host)
    # TODO: sort, exit status, and exit 3 when NOW is missing or malformed
    return 0


if __name__ == "__main__":
    sys.exit(main())
