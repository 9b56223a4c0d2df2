#!/usr/bin/env python3
"""Self-tests of scripts/report.py.

usage: report-selftest.py [TREE] [unittest options]

Runs report.py on the sample console logs of scripts/report-tests/, with
that directory's series.conf, skips-allowed, platforms/ and
kselftest-list.txt (through REPORT_TOP), and checks its exit code, every
FAIL line, the closing line and some table rows.  TREE is the kernel tree
whose tools/testing/kunit parser report.py uses (default: build/linux).
"""
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SAMPLES = os.path.join(HERE, 'report-tests')
REPORT = os.path.join(HERE, 'report.py')
TREE = os.path.join(TOP, 'build', 'linux')


def load_report():
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location('report', REPORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read(path):
    with open(path) as f:
        return f.read()


def sample_line(name, text):
    """Line number (from 1) and text of the first line of a sample containing text."""
    for n, line in enumerate(read(os.path.join(SAMPLES, name)).splitlines(), 1):
        if text in line:
            return n, line.strip()
    raise AssertionError(f'{name} has no line with {text!r}')


class ReportTest(unittest.TestCase):
    """report.py on the samples, in a scratch directory (it writes .kunit
    and bench.txt next to the logs)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='report-selftest.')
        self.addCleanup(shutil.rmtree, self.tmp)
        self.top = os.path.join(self.tmp, 'top')
        os.makedirs(os.path.join(self.tmp, 'logs'))
        shutil.copytree(os.path.join(SAMPLES, 'platforms'),
                        os.path.join(self.top, 'platforms'))
        for f in ('series.conf', 'skips-allowed'):
            shutil.copy(os.path.join(SAMPLES, f), self.top)
        self.write_kselftest_list(read(os.path.join(SAMPLES, 'kselftest-list.txt')))

    def write_kselftest_list(self, text):
        d = os.path.join(self.top, 'build', 'initramfs-x86_64', 'kselftest')
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'kselftest-list.txt'), 'w') as f:
            f.write(text)

    def log(self, sample):
        return os.path.join(self.tmp, 'logs', sample)

    def report(self, *runs):
        """Run report.py on (platform, sample) pairs: exit code, FAIL lines
        (FAIL left out), closing line, table rows (lists of fields)."""
        args = []
        for platform, sample in runs:
            if os.path.exists(os.path.join(SAMPLES, sample)):
                shutil.copy(os.path.join(SAMPLES, sample), self.log(sample))
            args.append(f'{platform}={self.log(sample)}')
        # No __pycache__ in the kernel tree or here
        env = dict(os.environ, REPORT_TOP=self.top, PYTHONDONTWRITEBYTECODE='1')
        p = subprocess.run([sys.executable, REPORT, TREE] + args, env=env,
                           capture_output=True, text=True)
        self.assertEqual(p.stderr, '')
        out = p.stdout.splitlines()
        self.assertTrue(out, 'report.py printed nothing')
        fails = [l[len('FAIL '):] for l in out if l.startswith('FAIL ')]
        self.out = out
        rows = [l.split() for l in out if l.split()[:1] in (['vtd'], ['amd'])]
        return p.returncode, fails, out[-1], rows

    def details(self):
        """The lines of the last report between its FAIL lines and its
        closing line: the quoted excerpts and their headings."""
        last_fail = max(i for i, l in enumerate(self.out) if l.startswith('FAIL '))
        return self.out[last_fail + 1:-1]

    def row(self, rows, platform, suite):
        for r in rows:
            if r[:2] == [platform, suite]:
                return r[2:]
        self.fail(f'no table row {platform} {suite} in {rows}')

    def test_pass(self):
        code, fails, last, rows = self.report(('vtd', 'pass.log'))
        self.assertEqual(fails, [])
        self.assertEqual(last, '24 passed, 0 failed, 2 skipped')
        self.assertEqual(code, 0)
        self.assertEqual(self.row(rows, 'vtd', 'result:'), ['ok'])
        self.assertEqual(self.row(rows, 'vtd', 'kunit:iommu-edu'), ['8', '0', '0'])
        self.assertEqual(self.row(rows, 'vtd', 'kunit:iommu-mixed'), ['2', '0', '1'])
        self.assertEqual(self.row(rows, 'vtd', 'kunit:intel-iommu-entry'), ['3', '0', '0'])
        self.assertEqual(self.row(rows, 'vtd', 'kselftest:iommu:reserved_regions'),
                         ['4', '0', '0'])
        self.assertEqual(self.row(rows, 'vtd', 'kselftest:vfio:type1_top_of_space'),
                         ['2', '0', '1'])
        bench = read(os.path.join(self.tmp, 'logs', 'bench.txt'))
        self.assertIn('iommu-bench: platform=vtd replace_ns=61232', bench)
        self.assertIn('[PASSED] iommu-edu', read(self.log('pass.log') + '.kunit'))

    def test_faults_inside_windows(self):
        # pass.log's faults all lie between "faults expected: begin" and "end"
        n, _ = sample_line('pass.log', 'DMAR: DRHD: handling fault')
        b, _ = sample_line('pass.log', 'iommu-test: faults expected: begin')
        self.assertLess(b, n)
        code, fails, _, _ = self.report(('vtd', 'pass.log'))
        self.assertEqual((code, fails), (0, []))

    def test_fault_outside_window(self):
        n, line = sample_line('fault-outside.log', '9.438012')
        code, fails, last, _ = self.report(('vtd', 'fault-outside.log'))
        log = self.log('fault-outside.log')
        self.assertEqual(fails, [f'vtd: 2 IOMMU fault line(s) no test expected, '
                                 f'first at {log}:{n}: {line}'])
        self.assertEqual(last, '24 passed, 1 failed, 2 skipped')
        self.assertEqual(code, 1)
        # The fault is quoted with the 2 lines before it and the 4 after (its
        # record on an SMMUv3)
        text = read(os.path.join(SAMPLES, 'fault-outside.log')).splitlines()
        groups = 'vtd: IOMMU groups: 00:00.0=0 00:03.0=3 00:04.0=4'
        self.assertEqual(self.details(), [
            f'vtd: the first unexpected fault, {log}:{n}:'] +
            ['  | ' + l.rstrip() for l in text[n - 3:n + 4]] + [groups])
        # QEMU's trace beside the log is quoted too
        with open(log + '.qemu', 'w') as f:
            f.write('123@1.5:pci_nvme_dbbuf_config dbs_addr=0x0 eis_addr=0x0\n')
        self.report(('vtd', 'fault-outside.log'))
        self.assertEqual(self.details()[-3:], [
            groups, f'QEMU trace, {log}.qemu:',
            '  | 123@1.5:pci_nvme_dbbuf_config dbs_addr=0x0 eis_addr=0x0'])

    def test_kunit_case_fails(self):
        code, fails, last, rows = self.report(('vtd', 'kunit-fail.log'))
        log = self.log('kunit-fail.log')
        self.assertEqual(fails, [f'vtd: KUnit suite iommu-edu: 1 failed, see {log}.kunit'])
        self.assertEqual(last, '23 passed, 1 failed, 2 skipped')
        self.assertEqual(self.row(rows, 'vtd', 'kunit:iommu-edu'), ['7', '1', '0'])
        self.assertEqual(self.row(rows, 'vtd', 'result:'), ['FAILED', log])
        self.assertEqual(code, 1)

    def test_kunit_suite_missing(self):
        code, fails, last, _ = self.report(('vtd', 'kunit-missing-suite.log'))
        log = self.log('kunit-missing-suite.log')
        self.assertEqual(fails, [f'vtd: KUnit suite intel-iommu-entry did not run, see {log}'])
        self.assertEqual(last, '21 passed, 1 failed, 2 skipped')
        self.assertEqual(code, 1)

    def test_kselftest_whole_skip_not_listed(self):
        # skips-allowed lists type1_resv_regions' whole-program skip for amd only
        code, fails, last, rows = self.report(('vtd', 'ksft-skip-whole.log'))
        self.assertEqual(fails, [
            'vtd: kselftest:vfio:type1_resv_regions skipped as a whole (no VFIO '
            'type1 IOMMU: /dev/vfio/vfio: No such file or directory), and '
            'skips-allowed does not list it'])
        self.assertEqual(self.row(rows, 'vtd', 'kselftest:vfio:type1_resv_regions'),
                         ['0', '0', '1'])
        self.assertEqual(last, '22 passed, 1 failed, 3 skipped')
        self.assertEqual(code, 1)

    def test_kselftest_whole_skip_listed(self):
        code, fails, last, rows = self.report(('amd', 'ksft-skip-whole.log'))
        self.assertEqual(fails, [])
        self.assertEqual(self.row(rows, 'amd', 'kselftest:vfio:type1_resv_regions'),
                         ['0', '0', '1'])
        self.assertEqual(last, '22 passed, 0 failed, 3 skipped')
        self.assertEqual(code, 0)

    def test_kselftest_case_skip_not_listed(self):
        with open(os.path.join(self.top, 'skips-allowed'), 'w') as f:
            f.write('* kunit:iommu-mixed.mixed_benchmark A benchmark\n')
        code, fails, _, _ = self.report(('vtd', 'pass.log'))
        self.assertEqual(fails, [
            'vtd: kselftest:vfio:type1_top_of_space.top.replay_into_new_domain '
            'skipped, and skips-allowed does not list it'])
        self.assertEqual(code, 1)

    def test_splat(self):
        n, line = sample_line('splat.log', 'WARNING:')
        code, fails, last, _ = self.report(('vtd', 'splat.log'))
        self.assertEqual(fails, [f'vtd: kernel splat at {self.log("splat.log")}:{n}: {line}'])
        self.assertEqual(last, '24 passed, 1 failed, 2 skipped')
        self.assertEqual(code, 1)
        # The splat is quoted from its first line on, 30 lines at most
        text = read(os.path.join(SAMPLES, 'splat.log')).splitlines()
        self.assertEqual(self.details(), [
            f'vtd: the splat, {self.log("splat.log")}:{n}:'] +
            ['  | ' + l.rstrip()[:160] for l in text[n - 1:n + 29]])

    def test_interleaved_console_lines(self):
        # nvme messages between "KTAP version 1" and "# Subtest:" and
        # within suites: the same results as pass.log
        n, _ = sample_line('interleaved.log', 'nvme nvme1: pci function')
        k, _ = sample_line('interleaved.log', '    KTAP version 1')
        s, _ = sample_line('interleaved.log', '# Subtest: iommu-edu')
        self.assertTrue(k < n < s)
        code, fails, last, rows = self.report(('vtd', 'interleaved.log'))
        _, _, _, pass_rows = self.report(('vtd', 'pass.log'))
        self.assertEqual(fails, [])
        self.assertEqual(rows, pass_rows)
        self.assertEqual(last, '24 passed, 0 failed, 2 skipped')
        self.assertEqual(code, 0)

    def test_kselftest_plan_mismatch(self):
        code, fails, last, _ = self.report(('vtd', 'ksft-plan-mismatch.log'))
        log = self.log('ksft-plan-mismatch.log')
        self.assertEqual(fails, [
            f'vtd: kselftest iommu:reserved_regions: plan 5, 4 results, see {log}',
            f'vtd: kselftest iommu:reserved_regions: 1 failed, see {log}'])
        self.assertEqual(last, '24 passed, 1 failed, 2 skipped')
        self.assertEqual(code, 1)

    def test_no_done_marker(self):
        code, fails, last, _ = self.report(('vtd', 'no-done.log'))
        log = self.log('no-done.log')
        self.assertEqual(fails, [
            f'vtd: kselftests did not finish, see {log}',
            f'vtd: kselftest vfio:type1_resv_regions did not run, see {log}',
            f'vtd: kselftest vfio:type1_top_of_space did not finish, see {log}',
            f'vtd: kselftest vfio:type1_top_of_space: 1 failed, see {log}',
            f'vtd: guest did not finish (crash, hang or timeout), see {log}'])
        self.assertEqual(last, '21 passed, 4 failed, 1 skipped')
        self.assertEqual(code, 1)

    def test_no_log(self):
        code, fails, last, _ = self.report(('vtd', 'absent.log'))
        self.assertEqual(fails, [f'vtd: no console log {self.log("absent.log")}'])
        self.assertEqual(last, '0 passed, 1 failed')
        self.assertEqual(code, 1)

    def test_target_without_programs(self):
        self.write_kselftest_list('iommu:reserved_regions\n')
        code, fails, _, _ = self.report(('vtd', 'pass.log'))
        self.assertEqual(fails, ['vtd: no kselftest program installed for target vfio'])
        self.assertEqual(code, 1)

    def with_lines(self, name, lines, before='=== GUEST DONE ==='):
        """pass.log with @lines inserted before the line @before, as @name."""
        text = read(os.path.join(SAMPLES, 'pass.log')).splitlines()
        i = text.index(before)
        with open(self.log(name), 'w') as f:
            f.write('\n'.join(text[:i] + lines + text[i:]) + '\n')
        return i + 1

    LEAK = ['=== KMEMLEAK BEGIN ===',
            'unreferenced object 0xffff888003a4b000 (size 64):',
            '  comm "swapper/0", pid 1, jiffies 4294893312 (age 12.208s)',
            '  hex dump (first 32 bytes):',
            '    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................',
            '  backtrace:',
            '    [<ffffffff8123aa10>] __kmem_cache_alloc_node+0x1a0/0x2b0',
            '    [<(____ptrval____)>] iommu_dma_enable_mixed+0x42/0x1f0',
            '    [<ffffffff8155cc30>] mixed_fail_enable+0x10/0x20',
            '=== KMEMLEAK END ===']

    def debug_config(self, text):
        os.makedirs(os.path.join(self.top, 'configs'), exist_ok=True)
        with open(os.path.join(self.top, 'configs', 'debug.config'), 'w') as f:
            f.write(text)

    def test_kmemleak_report(self):
        n = self.with_lines('leak.log', self.LEAK)
        code, fails, last, _ = self.report(('vtd', 'leak.log'))
        self.assertEqual(fails, [
            f'vtd: kmemleak at {self.log("leak.log")}:{n + 1}: '
            'unreferenced object 0xffff888003a4b000 (size 64):; '
            '__kmem_cache_alloc_node+0x1a0/0x2b0 <- '
            'iommu_dma_enable_mixed+0x42/0x1f0 <- mixed_fail_enable+0x10/0x20'])
        self.assertEqual(last, '24 passed, 1 failed, 2 skipped')
        self.assertEqual(code, 1)

    def test_kmemleak_clean(self):
        self.debug_config('CONFIG_DEBUG_KMEMLEAK=y\n')
        self.with_lines('clean.log', [self.LEAK[0], self.LEAK[-1]])
        code, fails, _, _ = self.report(('vtd', 'clean.log'))
        self.assertEqual((code, fails), (0, []))

    def test_kmemleak_no_scan(self):
        # A kernel with kmemleak whose guest made no scan fails
        self.debug_config('CONFIG_DEBUG_KMEMLEAK=y\n')
        code, fails, _, _ = self.report(('vtd', 'pass.log'))
        self.assertEqual(fails, [
            f'vtd: no kmemleak scan at the end, see {self.log("pass.log")}'])
        self.assertEqual(code, 1)

    ALLOC = ['kunit_try_catch: page allocation failure: order:0, '
             'mode:0xa20(GFP_ATOMIC), nodemask=(null)',
             'CPU: 0 PID: 77 Comm: kunit_try_catch Not tainted 6.1.0 #1',
             'Hardware name: QEMU Standard PC (Q35 + ICH9, 2009)',
             'Call Trace:',
             ' <TASK>',
             ' dump_stack_lvl+0x45/0x5e',
             ' warn_alloc+0x11b/0x190']

    def test_alloc_failure_expected(self):
        self.with_lines('alloc.log',
                        ['iommu-test: allocation failures expected: begin'] +
                        self.ALLOC +
                        ['iommu-test: allocation failures expected: end'])
        code, fails, _, _ = self.report(('vtd', 'alloc.log'))
        self.assertEqual((code, fails), (0, []))

    def test_iommu_error(self):
        # A wedged command queue fails the run, inside a fault window too,
        # and is quoted
        err = ('[   12.301117] arm-smmu-v3 9050000.smmuv3: CMD_SYNC timeout at '
               '0x00000104 [hwprod 0x00000105, hwcons 0x00000102]')
        n = self.with_lines('cmdq.log', ['iommu-test: faults expected: begin',
                                         err,
                                         'iommu-test: faults expected: end'])
        code, fails, _, _ = self.report(('vtd', 'cmdq.log'))
        log = self.log('cmdq.log')
        self.assertEqual(fails, [f'vtd: 1 IOMMU error line(s), first at '
                                 f'{log}:{n + 1}: {err.strip()[:120]}'])
        self.assertEqual(code, 1)
        self.assertIn('  | ' + err, self.details())
        for line in ('[    3.1] AMD-Vi: Completion-Wait loop timed out',
                     '[    3.1] DMAR: VT-d detected Invalidation Time-out Error: SID 0'):
            self.with_lines('cmdq.log', [line])
            code, fails, _, _ = self.report(('vtd', 'cmdq.log'))
            self.assertEqual(code, 1, line)

    def test_alloc_failure_unexpected(self):
        # Outside the markers the same report is a splat; so is a warning
        # inside them
        n = self.with_lines('alloc.log', self.ALLOC)
        code, fails, _, _ = self.report(('vtd', 'alloc.log'))
        self.assertEqual(fails, [f'vtd: kernel splat at {self.log("alloc.log")}:'
                                 f'{n + 3}: Call Trace:'])
        self.assertEqual(code, 1)
        warn = 'WARNING: CPU: 0 PID: 77 at drivers/iommu/dma-iommu.c:2040'
        n = self.with_lines('alloc.log',
                            ['iommu-test: allocation failures expected: begin'] +
                            self.ALLOC + [warn] +
                            ['iommu-test: allocation failures expected: end'])
        code, fails, _, _ = self.report(('vtd', 'alloc.log'))
        self.assertEqual(fails, [f'vtd: kernel splat at {self.log("alloc.log")}:'
                                 f'{n + 8}: {warn}'])
        self.assertEqual(code, 1)

    def test_two_platforms(self):
        code, fails, last, rows = self.report(('vtd', 'pass.log'),
                                              ('amd', 'ksft-skip-whole.log'))
        self.assertEqual(fails, [])
        self.assertEqual(self.row(rows, 'vtd', 'result:'), ['ok'])
        self.assertEqual(self.row(rows, 'amd', 'result:'), ['ok'])
        self.assertEqual(last, '46 passed, 0 failed, 5 skipped')
        self.assertEqual(code, 0)


class KselftestParseTest(unittest.TestCase):
    """report.kselftest_results() on the shapes of whole-program skips."""

    def parse(self, text):
        return load_report().kselftest_results(text.strip().splitlines())

    def test_exit_skip_without_tap(self):
        r = self.parse('''
# selftests: vfio: prog
# no /dev/vfio/vfio, skipping
ok 1 selftests: vfio: prog # SKIP
''')['vfio:prog']
        self.assertEqual((r['whole_skip'], r['skipped'], r['failed']), ('', 1, 0))

    def test_empty_plan(self):
        r = self.parse('''
# selftests: vfio: prog
# TAP version 13
# 1..0
ok 1 selftests: vfio: prog
''')['vfio:prog']
        self.assertEqual((r['whole_skip'], r['skipped'], r['failed']), ('', 1, 0))

    def test_skip_plan_then_failure(self):
        r = self.parse('''
# selftests: vfio: prog
# 1..0 # SKIP no device
not ok 1 selftests: vfio: prog # exit=1
''')['vfio:prog']
        self.assertEqual((r['whole_skip'], r['skipped'], r['failed']), (None, 0, 1))

    def test_case_skip_named_from_run_line(self):
        r = self.parse('''
# selftests: vfio: prog
# 1..2
# #  RUN           pasid.alloc_free ...
# #      SKIP      the IOMMUs tell only 1 PASIDs apart
# ok 1 # SKIP the IOMMUs tell only 1 PASIDs apart
# ok 2 pasid.quota
ok 1 selftests: vfio: prog
''')['vfio:prog']
        self.assertEqual((r['whole_skip'], r['skip_names'], r['passed']),
                         (None, ['pasid.alloc_free'], 1))


if __name__ == '__main__':
    if len(sys.argv) > 1 and os.path.isdir(sys.argv[1]):
        TREE = os.path.abspath(sys.argv.pop(1))
    if not os.path.exists(os.path.join(TREE, 'tools/testing/kunit/kunit_parser.py')):
        sys.exit(f'report-selftest: no KUnit parser in {TREE}/tools/testing/kunit '
                 f'(make tree creates build/linux)')
    unittest.main()
