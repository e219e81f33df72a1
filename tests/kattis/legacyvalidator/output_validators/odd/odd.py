import sys
n = int(open(sys.argv[1]).read())
strict = "strict" in sys.argv[4:]
out = sys.stdin.read().split()
feedback = open(sys.argv[3] + "/judgemessage.txt", "w")
if len(out) != 1 or not out[0].lstrip("-").isdigit():
    feedback.write("expected one integer\n")
    sys.exit(43)
x = int(out[0])
if x % 2 == 0 or x < n:
    feedback.write(f"{x} is not an odd number >= {n}\n")
    sys.exit(43)
if strict and out[0] != str(x):
    feedback.write("leading zeros\n")
    sys.exit(43)
sys.exit(42)
