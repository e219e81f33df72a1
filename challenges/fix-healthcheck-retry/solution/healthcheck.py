#!/usr/bin/env python3
"""Reference solution: at most RETRIES attempts; only a 2xx status is healthy."""
import os
import subprocess
import sys

retries = int(os.environ.get("RETRIES") or "3")
for attempt in range(1, retries + 1):
    code = subprocess.run(["./probe"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"attempt {attempt}/{retries}: {code}", flush=True)
    if len(code) == 3 and code.isdigit() and 200 <= int(code) <= 299:
        print(f"healthy after {attempt} attempt(s)")
        sys.exit(0)
print(f"unhealthy after {retries} attempt(s)")
sys.exit(1)
