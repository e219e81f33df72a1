import time
a, b = map(int, input().split())
start = time.process_time()
while time.process_time() - start < 30:
    pass
print(a + b)
