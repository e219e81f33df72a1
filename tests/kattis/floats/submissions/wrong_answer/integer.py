print(int(float(input()) / 7))
