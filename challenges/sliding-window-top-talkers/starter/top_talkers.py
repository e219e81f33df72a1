#!/usr/bin/env python3
"""top_talkers K W - the top K clients of ./requests.log over the last W seconds,
re-evaluated every second; prints "HH:MM:SS client..." each time the ranking changes.
"""
import sys


def main(argv):
    # TODO: usage check: exactly two positive integers, `usage:` on stderr, exit 2
    k, window = int(argv[0]), int(argv[1])
    requests = []                     # (second of the day, client)
    with open("requests.log", encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields:
                h, m, s = map(int, fields[0].split(":"))
                requests.append((h * 3600 + m * 60 + s, fields[1]))

    # TODO: for every second from the first request to the last, the clients of the window
    #       (s - W, s], ranked by count (highest first), then name (byte order); print the
    #       first K names whenever they differ from the last line printed ("-" if none).
    #       The big test has a day of requests and W = 3600: slide the window, do not
    #       recount it every second.
    for t, client in requests[:1]:
        print(f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} {client}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
