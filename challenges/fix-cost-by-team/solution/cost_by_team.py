#!/usr/bin/env python3
"""Reference solution: total cost per team tag of billing.csv, in exact cents."""
import csv
import sys
from collections import defaultdict

TEAM = 4
AMOUNT = 5


def to_cents(text):
    """'412.50' -> 41250, '12' -> 1200, '18.5' -> 1850, '-5' -> -500 (no floating point)."""
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole or "0") * 100 + int((frac + "00")[:2]))


def dollars(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def main():
    totals = defaultdict(int)
    with open("billing.csv", newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows, None)                      # the header
        for row in rows:
            if not row or all(not field.strip() for field in row):
                continue                      # blank line
            team = row[TEAM] or "untagged"
            totals[team] += to_cents(row[AMOUNT].strip())
    for team, cents in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
        print(team, dollars(cents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
