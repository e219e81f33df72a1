MAX_N = {{max_n}}

def split(n):
    assert n <= MAX_N
    return n // 2, n - n // 2
