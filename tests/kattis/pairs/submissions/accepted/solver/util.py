def answer(n):
    return f"{n - 1} 1"
