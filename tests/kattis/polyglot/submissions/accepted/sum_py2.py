#!/usr/bin/env python2
# Python 2 only: raw_input and the print statement.
a, b = map(int, raw_input().split())
print a + b
