#!/usr/bin/env python3
"""Summarise test guest console logs.

usage: report.py TREE PLATFORM=LOG [PLATFORM=LOG ...]

KUnit results are parsed with the kernel's own tools/testing/kunit parser;
kselftest results (run_kselftest.sh output between the init's markers) with
the nested TAP lines of each test program.  A platform also fails on any
kernel splat, a guest that did not reach the end of its init, missing
output, or a missing expected KUnit suite (series.conf: KUNIT_SUITES).
Prints a per-platform table and one closing line
"N passed, N failed[, N skipped]"; exits 1 on any failure.
"""
import io
import os
import re
import sys

SPLAT = re.compile(
    r'(BUG:|WARNING:|KASAN:|UBSAN:|Oops|Kernel panic|'
    r'general protection fault|Unable to handle kernel|Call Trace:|'
    r'possible circular locking|possible recursive locking|'
    r'inconsistent lock state|suspicious RCU usage|'
    r'rcu: INFO: .*stall|INFO: task .* blocked for more than|'
    r'soft lockup|hard LOCKUP|list_add corruption|list_del corruption|'
    r'ODEBUG:|kmemleak:.*unreferenced|DEBUG_LOCKS_WARN_ON)')
KSFT_BEGIN = '=== KSELFTEST BEGIN ==='
KSFT_END = '=== KSELFTEST END ==='
DONE = '=== GUEST DONE ==='


def load_kunit_parser(tree):
    sys.path.insert(0, os.path.join(tree, 'tools/testing/kunit'))
    import kunit_parser
    import kunit_printer
    return kunit_parser, kunit_printer


def kunit_results(kp, kprinter, lines):
    """[(suite, passed, failed, skipped)] and the parser's own report."""
    out = io.StringIO()
    kp.stdout = kprinter.Printer(out)
    test = kp.parse_run_tests(lines)
    rows = []
    if test.status == kp.TestStatus.FAILURE_TO_PARSE_TESTS:
        return None, out.getvalue()
    for suite in test.subtests:
        c = suite.counts
        rows.append((suite.name, c.passed, c.failed + c.crashed + c.errors,
                     c.skipped))
    return rows, out.getvalue()


RESULT = re.compile(r'^(not ok|ok)\s+\d+\s*(.*)$')


def kselftest_results(lines):
    """[(program, passed, failed, skipped)] from run_kselftest.sh output."""
    rows = []
    cur = None
    counts = [0, 0, 0]
    for line in lines:
        line = line.rstrip()
        m = re.match(r'^# selftests: (\S+): (\S+)$', line)
        if m:
            cur = f'{m.group(1)}:{m.group(2)}'
            counts = [0, 0, 0]
            continue
        if cur is None:
            continue
        if line.startswith('# '):
            r = RESULT.match(line[2:])
            if r:
                if '# SKIP' in r.group(2):
                    counts[2] += 1
                elif r.group(1) == 'ok':
                    counts[0] += 1
                else:
                    counts[1] += 1
            continue
        r = RESULT.match(line)
        if r:
            # A program that failed without a failing case (crash,
            # timeout, bad exit) counts as one failure.
            if r.group(1) == 'not ok' and counts[1] == 0:
                counts[1] += 1
            if sum(counts) == 0:
                counts[0 if r.group(1) == 'ok' else 1] += 1
            rows.append((cur, *counts))
            cur = None
    if cur is not None:
        rows.append((cur, counts[0], counts[1] + 1, counts[2]))
    return rows


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tree = sys.argv[1]
    conf = dict(l.strip().split('=', 1) for l in open(os.path.join(top, 'series.conf'))
                if '=' in l and not l.startswith('#'))
    want_suites = conf.get('KUNIT_SUITES', '').strip('"').split()
    kp, kprinter = load_kunit_parser(tree)

    table = []
    problems = []
    bench = []
    total = [0, 0, 0]
    for arg in sys.argv[2:]:
        platform, log = arg.split('=', 1)
        fails_before = total[1]
        if not os.path.exists(log):
            problems.append(f'{platform}: no console log {log}')
            total[1] += 1
            continue
        text = open(log, errors='replace').read().splitlines()
        bench += [l[l.index('iommu-bench:'):].strip() for l in text
                  if 'iommu-bench:' in l]

        # Kernel splats anywhere in the console
        for n, line in enumerate(text, 1):
            if SPLAT.search(line):
                problems.append(f'{platform}: kernel splat at {log}:{n}: {line.strip()[:120]}')
                total[1] += 1
                break

        if KSFT_BEGIN in text:
            kunit_part = text[:text.index(KSFT_BEGIN)]
            end = text.index(KSFT_END) if KSFT_END in text else len(text)
            ksft_part = text[text.index(KSFT_BEGIN) + 1:end]
            if KSFT_END not in text:
                problems.append(f'{platform}: kselftests did not finish, see {log}')
                total[1] += 1
        else:
            kunit_part, ksft_part = text, []
            problems.append(f'{platform}: kselftests did not run, see {log}')
            total[1] += 1

        rows, detail = kunit_results(kp, kprinter, kunit_part)
        with open(log + '.kunit', 'w') as f:
            f.write(detail)
        if rows is None:
            problems.append(f'{platform}: no KUnit output, see {log}')
            total[1] += 1
            rows = []
        seen = {r[0] for r in rows}
        arch = ''
        pconf = os.path.join(top, 'platforms', platform + '.conf')
        if os.path.exists(pconf):
            for l in open(pconf):
                if l.startswith('ARCH='):
                    arch = l.strip().split('=', 1)[1]
        arch_suites = conf.get('KUNIT_SUITES_' + arch, '').strip('"').split()
        for s in want_suites + arch_suites:
            if s not in seen:
                problems.append(f'{platform}: KUnit suite {s} did not run, see {log}')
                total[1] += 1
        for name, p, f, s in rows:
            table.append((platform, 'kunit:' + name, p, f, s))
            if f:
                problems.append(f'{platform}: KUnit suite {name}: {f} failed, see {log}.kunit')
        for name, p, f, s in kselftest_results(ksft_part):
            table.append((platform, 'kselftest:' + name, p, f, s))
            if f:
                problems.append(f'{platform}: kselftest {name}: {f} failed, see {log}')
        for _, _, p, f, s in [t for t in table if t[0] == platform]:
            total[0] += p
            total[1] += f
            total[2] += s

        if DONE not in text:
            problems.append(f'{platform}: guest did not finish (crash, hang or timeout), see {log}')
            total[1] += 1
        if total[1] == fails_before:
            table.append((platform, 'result: ok', '', '', ''))
        else:
            table.append((platform, 'result: FAILED  ' + log, '', '', ''))

    w = max([len(t[1]) for t in table] + [10])
    print(f'{"platform":<8} {"suite":<{w}} {"pass":>5} {"fail":>5} {"skip":>5}')
    for platform, name, p, f, s in table:
        print(f'{platform:<8} {name:<{w}} {p!s:>5} {f!s:>5} {s!s:>5}')
    if bench:
        bench_file = os.path.join(os.path.dirname(sys.argv[2].split('=', 1)[1]),
                                  'bench.txt')
        print(f'benchmarks (also in {bench_file}):')
        for b in bench:
            print('  ' + b)
        with open(bench_file, 'w') as f:
            f.write('\n'.join(bench) + '\n')
    for p in problems:
        print('FAIL ' + p)
    line = f'{total[0]} passed, {total[1]} failed'
    if total[2]:
        line += f', {total[2]} skipped'
    print(line)
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main())
