import sys

MAX_N = {{max_n}}

def verdict(accepted, message):
    with open(sys.argv[3] + "judgemessage.txt", "w") as f:
        f.write(message + "\n")
    sys.exit(42 if accepted else 43)

n = int(open(sys.argv[1]).read())
assert 2 <= n <= MAX_N
tokens = sys.stdin.read().split()
if len(tokens) != 2:
    verdict(False, f"expected two integers, got {len(tokens)} tokens")
try:
    a, b = map(int, tokens)
except ValueError:
    verdict(False, f"not integers: {' '.join(tokens)}")
if a <= 0 or b <= 0:
    verdict(False, f"{a} and {b} are not both positive")
if a + b != n:
    verdict(False, f"{a} + {b} = {a + b}, not {n}")
verdict(True, f"{a} + {b} = {n}")
