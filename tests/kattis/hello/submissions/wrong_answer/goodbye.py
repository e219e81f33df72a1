print(f"Goodbye, {input().strip()}!")
