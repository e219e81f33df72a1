from greeting import greet
print(greet(input().strip()))
