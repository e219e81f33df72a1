n = int(input())
if n > 1000:
    raise ValueError("too big")
print(1, n - 1)
