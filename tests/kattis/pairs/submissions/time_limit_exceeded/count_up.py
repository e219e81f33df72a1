n = int(input())
# Counts up to the answer far too slowly: fine for small n, hopeless for large ones.
a = 0
for _ in range(n * 100):
    a += 1
print(1, n - 1)
