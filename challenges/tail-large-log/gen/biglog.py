#!/usr/bin/env python3
"""Writes app.log: a deterministic access log of --lines lines (about 87 bytes each), the
hidden large file of tail-large-log. Run by livejudge at setup (`generate` in
challenge.toml) in an empty folder: the same --lines and --seed give the same bytes on every
machine (no clock, no locale, no `random` module: a 64-bit LCG)."""
import sys

LEVELS = ["INFO"] * 12 + ["WARN"] * 3 + ["ERROR", "DEBUG"]
PATHS = ["/v1/orders", "/v1/orders/{id}", "/v1/cart", "/healthz", "/v1/payments",
         "/v1/users/{id}/sessions"]
METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
STATUSES = [200, 200, 200, 201, 204, 404, 500, 503]


def options(argv):
    lines, seed = 300000, 7
    for flag, value in zip(argv[::2], argv[1::2]):
        if flag == "--lines":
            lines = int(value)
        elif flag == "--seed":
            seed = int(value)
        else:
            sys.exit(f"biglog.py: unknown option {flag}")
    return lines, seed


def main():
    lines, seed = options(sys.argv[1:])
    state = seed

    def draw():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return state >> 33

    batch = []
    with open("app.log", "w", newline="\n", encoding="ascii") as out:
        for i in range(lines):
            secs = i // 10
            stamp = f"{secs // 3600 % 24:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
            millis = (i % 10) * 100 + draw() % 100
            pick = draw()
            path = PATHS[pick % len(PATHS)].replace("{id}", str(1000 + draw() % 9000))
            status = STATUSES[draw() % len(STATUSES)]
            batch.append(
                f"2026-12-05T{stamp}.{millis:03d}Z {LEVELS[pick % len(LEVELS)]:<5} "
                f"api-{draw() % 8} req={draw():08x} {METHODS[draw() % 6]} {path} "
                f"status={status} ms={draw() % 2000}\n"
            )
            if len(batch) == 4096:
                out.write("".join(batch))
                batch = []
        out.write("".join(batch))


if __name__ == "__main__":
    main()
