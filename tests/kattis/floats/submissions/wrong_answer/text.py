print("about", float(input()) / 7)
