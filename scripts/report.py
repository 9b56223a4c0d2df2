#!/usr/bin/env python3
"""Summarise test guest console logs.

usage: report.py TREE PLATFORM=LOG [PLATFORM=LOG ...]

TREE is the kernel tree whose tools/testing/kunit parser reads the KTAP.
series.conf, skips-allowed, platforms/ and build/initramfs-ARCH/ are read
from this repository, or from the directory REPORT_TOP names (the
self-tests, scripts/report-selftest.py).

KUnit results are parsed with the kernel's own tools/testing/kunit parser;
kselftest results (run_kselftest.sh output between the init's markers) with
the nested TAP lines of each test program.  A platform also fails on any
kernel splat, a guest that did not reach the end of its init, missing
output, a missing expected KUnit suite (series.conf: KUNIT_SUITES), a
KSELFTEST_TARGETS target with no program installed, a missing kselftest
program or one whose plan does not match its results, any skipped test
or kselftest program that skipped as a whole ("1..0 # SKIP", or
run_kselftest.sh's "ok N selftests: T: P # SKIP") that skips-allowed does
not list with its reason, any IOMMU fault logged outside the windows in
which a test announced it expects faults ("iommu-test: faults expected:
begin" ... "end"), and any line where an IOMMU driver says the IOMMU
failed a command or reported a global error (a command or invalidation
queue timeout or error).  Prints a per-platform table, the FAIL lines, the
first lines of each platform's first splat, IOMMU error and unexpected
fault, with the IOMMU groups and QEMU's trace beside the log for a fault
(so that a run whose logs are gone, as CI's, still tells what happened),
and one closing line "N passed, N failed[, N skipped]"; exits 1 on any
failure.
"""
import fnmatch
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
# What the IOMMU drivers log for a fault (VT-d, AMD-Vi, SMMUv3)
FAULT = re.compile(
    r'(DMAR: DRHD: handling fault|DMAR: \[(DMA Read|DMA Write|INTR-REMAP)|'
    r'AMD-Vi: Event logged \[|arm-smmu-v3 .*: event 0x[0-9a-f]+ received|'
    r'EVTQ overflow)')
# What the IOMMU drivers log when the IOMMU itself fails a command or
# reports a global error: never expected, in or out of a fault window
IOMMU_ERROR = re.compile(
    r'(CMD_SYNC timeout|CMDQ error|unexpected global error reported|'
    r'skipping command in error state|Completion-Wait loop timed out|'
    r'Invalidation Time-out Error|Invalidation Queue Error|'
    r'Invalidation Completion Error)')
FAULTS_BEGIN = 'iommu-test: faults expected: begin'
FAULTS_END = 'iommu-test: faults expected: end'
# Fault injection (fail-nth): a page allocation made to fail prints
# warn_alloc()'s report, whose call trace is no splat
ALLOC_BEGIN = 'iommu-test: allocation failures expected: begin'
ALLOC_END = 'iommu-test: allocation failures expected: end'
ALLOC_FAIL = re.compile(r'page allocation failure: order:')
KMEMLEAK_BEGIN = '=== KMEMLEAK BEGIN ==='
KMEMLEAK_END = '=== KMEMLEAK END ==='
KSFT_BEGIN = '=== KSELFTEST BEGIN ==='
KSFT_END = '=== KSELFTEST END ==='
DONE = '=== GUEST DONE ==='
# Lines of a log quoted after the FAIL lines: a lockdep report names both
# locks and where they were taken in its first 30; a fault's record is the
# 4 lines after it, the 2 before say what ran
SPLAT_EXCERPT = 30
FAULT_EXCERPT = (2, 5)
ERROR_EXCERPT = (2, 3)
# Which group each PCI device joined, in order (groups depend on probe
# order where a bridge has no ACS); the KUnit mock devices are left out
GROUP = re.compile(r' (?:0000:)?([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): '
                   r'Adding to iommu group (\d+)')


def iommu_groups(text):
    """'device=group ...' of the PCI devices, in the order they first
    joined a group."""
    seen = {}
    for m in filter(None, map(GROUP.search, text)):
        seen.setdefault(m.group(1), m.group(2))
    return ' '.join(f'{d}={g}' for d, g in seen.items())


def qemu_trace(log):
    """The lines of QEMU's trace beside the log (scripts/boot.sh: each
    NVMe controller's Doorbell Buffer Config), quoted; none if absent."""
    path = log + '.qemu'
    if not os.path.exists(path):
        return []
    lines = open(path, errors='replace').read().splitlines()
    return [f'QEMU trace, {path}:'] + [f'  | {l.rstrip()[:160]}' for l in lines[:12]]


def excerpt(text, first, count):
    """Lines first.. (from 1) of text, count of them, quoted."""
    first = max(first, 1)
    return [f'  | {l.rstrip()[:160]}' for l in text[first - 1:first - 1 + count]]


def load_kunit_parser(tree):
    sys.path.insert(0, os.path.join(tree, 'tools/testing/kunit'))
    import kunit_parser
    import kunit_printer
    return kunit_parser, kunit_printer


def kunit_skips(kp, test, prefix):
    """Names (suite.case[.param]) of the skipped test cases under test."""
    name = prefix + test.name
    if not test.subtests:
        return [name] if test.status == kp.TestStatus.SKIPPED else []
    return [s for sub in test.subtests for s in kunit_skips(kp, sub, name + '.')]


# What the KUnit parser reads: KTAP lines after the console's timestamp.
# Other kernel messages printed meanwhile (asynchronous probes: "nvme
# nvme1: ...") are left out; 6.1's parser loses the nesting when one comes
# between a "KTAP version" line and its "# Subtest:" and then counts every
# later suite as failed.  The fault and splat checks read the whole log.
KTAP_LINE = re.compile(r'^(\[[ 0-9.]+\] )?\s*(KTAP version |TAP version |ok |not ok |# |1\.\.)')


def ktap_lines(kp, lines):
    return [line for line in lines
            if KTAP_LINE.match(line) or kp.KTAP_END.search(line) or
            kp.EXECUTOR_ERROR.search(line)]


def kunit_results(kp, kprinter, lines):
    """[(suite, passed, failed, skipped)], skipped case names, the parser's report."""
    out = io.StringIO()
    kp.stdout = kprinter.Printer(out)
    test = kp.parse_run_tests(ktap_lines(kp, lines))
    rows = []
    if test.status == kp.TestStatus.FAILURE_TO_PARSE_TESTS:
        return None, [], out.getvalue()
    skips = []
    for suite in test.subtests:
        c = suite.counts
        rows.append((suite.name, c.passed, c.failed + c.crashed + c.errors,
                     c.skipped))
        skips += ['kunit:' + s for s in kunit_skips(kp, suite, '')]
    return rows, skips, out.getvalue()


RESULT = re.compile(r'^(not ok|ok)\s+\d+\s*(.*)$')


def kselftest_results(lines):
    """{target:program: dict of its counts, plan, skipped cases, ...}.

    A program that ran no test case and said it skipped (plan "1..0", or
    run_kselftest.sh's "# SKIP" for exit code 4) skipped as a whole:
    whole_skip is then the reason it gave ('' if none).
    """
    progs = {}
    cur = None
    last_run = ''
    for line in lines:
        line = line.rstrip()
        m = re.match(r'^# selftests: (\S+): (\S+)$', line)
        if m:
            cur = progs.setdefault(f'{m.group(1)}:{m.group(2)}', {
                'passed': 0, 'failed': 0, 'skipped': 0, 'plan': None,
                'results': 0, 'skip_names': [], 'plan_skip': None,
                'whole_skip': None, 'done': False})
            continue
        if cur is None:
            continue
        if line.startswith('# '):
            inner = line[2:]
            # 6.1's harness prints a skipped test without its name
            # ("ok 1 # SKIP reason"): take it from the RUN line before
            run = re.match(r'^#\s+RUN\s+(\S+) \.\.\.$', inner)
            if run:
                last_run = run.group(1)
            p = re.match(r'^1\.\.(\d+)(.*)$', inner)
            if p and cur['plan'] is None:
                cur['plan'] = int(p.group(1))
                if '# SKIP' in p.group(2):
                    cur['plan_skip'] = p.group(2).split('# SKIP', 1)[1].strip()
            r = RESULT.match(inner)
            if r:
                cur['results'] += 1
                if '# SKIP' in r.group(2):
                    cur['skipped'] += 1
                    cur['skip_names'].append(r.group(2).split('#')[0].strip() or
                                             last_run)
                elif r.group(1) == 'ok':
                    cur['passed'] += 1
                else:
                    cur['failed'] += 1
            continue
        r = RESULT.match(line)
        if r:
            if r.group(1) == 'not ok':
                # A program that failed without a failing case (crash,
                # timeout, bad exit) counts as one failure.
                if cur['failed'] == 0:
                    cur['failed'] += 1
            elif cur['results'] == 0 and (cur['plan'] == 0 or
                                          '# SKIP' in r.group(2)):
                cur['whole_skip'] = cur['plan_skip'] or ''
                cur['skipped'] += 1
            cur['done'] = True
            cur = None
    return progs


def expected_programs(top, arch, targets):
    """target:program names that run_kselftest.sh was installed to run."""
    path = os.path.join(top, 'build', f'initramfs-{arch}', 'kselftest',
                        'kselftest-list.txt')
    if not os.path.exists(path):
        return None
    return [l.strip() for l in open(path) if l.strip() and
            l.split(':', 1)[0] in targets]


def load_allowed_skips(top):
    """[(platform glob, test glob)] from skips-allowed, each with a reason."""
    allowed = []
    path = os.path.join(top, 'skips-allowed')
    if os.path.exists(path):
        for l in open(path):
            f = l.split(None, 2)
            if not f or f[0].startswith('#'):
                continue
            if len(f) < 3:
                sys.exit(f'skips-allowed: no reason given: {l.strip()}')
            allowed.append((f[0], f[1]))
    return allowed


def unexpected_faults(text):
    """(line number, line) of IOMMU faults logged outside announced windows."""
    bad = []
    expecting = False
    for n, line in enumerate(text, 1):
        if FAULTS_BEGIN in line:
            expecting = True
        elif FAULTS_END in line:
            expecting = False
        elif not expecting and FAULT.search(line):
            bad.append((n, line.strip()))
    return bad


def splats(text):
    """(line number, line) of kernel splats.  Between ALLOC_BEGIN and
    ALLOC_END the call trace of a warn_alloc() report (an injected page
    allocation failure) is expected; any other splat counts there too."""
    bad = []
    expecting = False
    alloc_report = -100
    for n, line in enumerate(text, 1):
        if ALLOC_BEGIN in line:
            expecting = True
        elif ALLOC_END in line:
            expecting = False
        elif expecting and ALLOC_FAIL.search(line):
            alloc_report = n
        elif SPLAT.search(line):
            if (expecting and 'Call Trace:' in line and
                    n - alloc_report <= 8):
                continue
            bad.append((n, line.strip()))
    return bad


def want_kmemleak(top, platform):
    """Whether the platform's kernel has kmemleak (configs/debug.config)."""
    path = os.path.join(top, 'configs', 'debug.config')
    return os.path.exists(path) and 'CONFIG_DEBUG_KMEMLEAK=y' in open(path).read()


def kmemleak_reports(text):
    """[(line number, first lines)] of each kmemleak report of the final
    scan (platforms/init), or None when the guest made no scan."""
    if KMEMLEAK_BEGIN not in text:
        return None
    start = text.index(KMEMLEAK_BEGIN)
    end = text.index(KMEMLEAK_END) if KMEMLEAK_END in text else len(text)
    reports = []
    for n in range(start + 1, end):
        if 'unreferenced object' in text[n]:
            frames = [l.strip() for l in text[n + 1:min(n + 16, end)]
                      if re.search(r'\[<[^>]*>\]', l)]
            reports.append((n + 1, text[n].strip(), frames))
    return reports


def main():
    top = (os.environ.get('REPORT_TOP') or
           os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tree = sys.argv[1]
    conf = dict(l.strip().split('=', 1) for l in open(os.path.join(top, 'series.conf'))
                if '=' in l and not l.startswith('#'))
    want_suites = conf.get('KUNIT_SUITES', '').strip('"').split()
    ksft_targets = conf.get('KSELFTEST_TARGETS', '').strip('"').split()
    allowed_skips = load_allowed_skips(top)
    kp, kprinter = load_kunit_parser(tree)

    table = []
    problems = []
    details = []
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
        for n, line in splats(text)[:1]:
            problems.append(f'{platform}: kernel splat at {log}:{n}: {line[:120]}')
            details.append(f'{platform}: the splat, {log}:{n}:')
            details += excerpt(text, n, SPLAT_EXCERPT)
            total[1] += 1

        # Leaks: the final kmemleak scan must find nothing
        leaks = kmemleak_reports(text)
        if leaks is None and DONE in text and want_kmemleak(top, platform):
            problems.append(f'{platform}: no kmemleak scan at the end, see {log}')
            total[1] += 1
        for n, what, frames in (leaks or [])[:3]:
            problems.append(f'{platform}: kmemleak at {log}:{n}: {what[:80]}; '
                            + ' <- '.join(f.split()[-1] for f in frames[:6]))
        if leaks:
            total[1] += 1

        # The IOMMU failing its commands (a wedged queue makes every later
        # test fail or time out)
        errors = [(n, l.strip()) for n, l in enumerate(text, 1)
                  if IOMMU_ERROR.search(l)]
        if errors:
            n, line = errors[0]
            problems.append(f'{platform}: {len(errors)} IOMMU error line(s), '
                            f'first at {log}:{n}: {line[:120]}')
            details.append(f'{platform}: the first IOMMU error, {log}:{n}:')
            before, after = ERROR_EXCERPT
            details += excerpt(text, n - before, before + after)
            total[1] += 1

        # IOMMU faults that no test asked for
        faults = unexpected_faults(text)
        if faults:
            n, line = faults[0]
            problems.append(f'{platform}: {len(faults)} IOMMU fault line(s) no test '
                            f'expected, first at {log}:{n}: {line[:120]}')
            before, after = FAULT_EXCERPT
            details.append(f'{platform}: the first unexpected fault, {log}:{n}:')
            details += excerpt(text, n - before, before + after)
            details.append(f'{platform}: IOMMU groups: {iommu_groups(text)}')
            details += qemu_trace(log)
            total[1] += 1

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

        rows, skips, detail = kunit_results(kp, kprinter, kunit_part)
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
        progs = kselftest_results(ksft_part)
        want_progs = expected_programs(top, arch, ksft_targets)
        if want_progs is None:
            problems.append(f'{platform}: no kselftest list in build/initramfs-{arch}')
            total[1] += 1
            want_progs = []
        else:
            for t in ksft_targets:
                if not any(n.split(':', 1)[0] == t for n in want_progs):
                    problems.append(f'{platform}: no kselftest program installed '
                                    f'for target {t}')
                    total[1] += 1
        for name in want_progs:
            if name not in progs:
                problems.append(f'{platform}: kselftest {name} did not run, see {log}')
                total[1] += 1
        why = {}
        for name, r in progs.items():
            p, f, s = r['passed'], r['failed'], r['skipped']
            if not r['done']:
                f += 1
                problems.append(f'{platform}: kselftest {name} did not finish, see {log}')
            elif r['whole_skip'] is None and r['plan'] != r['results']:
                f += 1
                problems.append(f'{platform}: kselftest {name}: plan {r["plan"]}, '
                                f'{r["results"]} results, see {log}')
            table.append((platform, 'kselftest:' + name, p, f, s))
            if f:
                problems.append(f'{platform}: kselftest {name}: {f} failed, see {log}')
            skips += [f'kselftest:{name}.{t}' for t in r['skip_names']]
            if r['whole_skip'] is not None:
                skips.append(f'kselftest:{name}')
                why[f'kselftest:{name}'] = (' as a whole (' +
                                            (r['whole_skip'] or 'no reason given') + ')')
        for sk in skips:
            if not any(fnmatch.fnmatchcase(platform, pg) and fnmatch.fnmatchcase(sk, tg)
                       for pg, tg in allowed_skips):
                problems.append(f'{platform}: {sk} skipped{why.get(sk, "")}, '
                                f'and skips-allowed does not list it')
                total[1] += 1
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
    for d in details:
        print(d)
    line = f'{total[0]} passed, {total[1]} failed'
    if total[2]:
        line += f', {total[2]} skipped'
    print(line)
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main())
