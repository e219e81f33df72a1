print(float(input()) / 7)
