#!/usr/bin/env python3
"""Instructions per function of a trace from scripts/trace-call.py.

usage: trace-sum.py VMLINUX TRACE: the total, then one line per function
(text symbols of VMLINUX's nm) in the order first reached; addresses in
modules count as "module".
"""
import bisect
import collections
import subprocess
import sys


def main():
    syms = []
    nm = subprocess.run(["nm", "-n", sys.argv[1]], capture_output=True,
                        text=True, check=True).stdout
    for line in nm.splitlines():
        f = line.split()
        if len(f) >= 3 and f[1] in "tTwW":
            syms.append((int(f[0], 16), f[2]))
    addrs = [a for a, _ in syms]
    count = collections.Counter()
    order = []
    with open(sys.argv[2]) as f:
        for line in f:
            pc = int(line, 16)
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else "?"
            if pc >= 0xffffffffc0000000:
                name = "module"
            if name not in count:
                order.append(name)
            count[name] += 1
    print("total", sum(count.values()))
    for name in order:
        print(f"{count[name]:7d} {name}")


if __name__ == "__main__":
    main()
