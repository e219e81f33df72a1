import sys
data = sys.stdin.read()
sys.exit(42 if data.endswith("\n") else 43)
