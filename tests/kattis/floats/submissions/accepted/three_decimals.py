print(f"{float(input()) / 7:.3f}")
