from pairlib import split
print(*split(int(input())))
