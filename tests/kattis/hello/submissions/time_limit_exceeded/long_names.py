# Fine on short names, hopeless on long ones.
name = input().strip()
if len(name) > 10:
    while True:
        pass
print(f"Hello, {name}!")
