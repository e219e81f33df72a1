input()
print(10**9 + 7)
