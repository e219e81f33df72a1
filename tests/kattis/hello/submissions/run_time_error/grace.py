name = input().strip()
if name == "Grace":
    raise SystemExit(3)
print(f"Hello, {name}!")
