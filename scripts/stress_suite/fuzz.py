"""fuzz:program, fuzz:log, fuzz:wav — libFuzzer on the three readers of outside bytes (scripts/fuzz).
The properties checked for every input live in Sources/LimberFuzzTargets."""

import os
import re
import subprocess

from stress_suite.common import LOCK, ROOT, tally

CATEGORY = "fuzz"


def run_cases(ctx):
    if ctx.fuzz_seconds > 0:
        fuzz(ctx.fuzz_seconds)


def fuzz(seconds):
    print(f"fuzz: libFuzzer, {seconds} s per reader", flush=True)
    p = subprocess.run([os.path.join(ROOT, "scripts/fuzz"), "--seconds", str(seconds)], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = 0
    for line in p.stdout.splitlines():
        m = re.match(r"fuzz (\w+) runs=(\d+) seconds=\d+ crashes=(\d+) hangs=(\d+) ooms=(\d+)", line)
        if not m:
            continue
        found += 1
        t = tally("fuzz:" + m.group(1))
        runs, crashes, hangs, ooms = (int(m.group(i)) for i in range(2, 6))
        with LOCK:
            t.cases += runs
            t.crashes += crashes + ooms
            t.hangs += hangs
            t.failures += crashes + hangs + ooms
        if crashes or hangs or ooms:
            print(f"  FAIL fuzz:{m.group(1)}: {crashes} crash(es), {hangs} hang(s), {ooms} over 200 MB — saved in Tests/Fuzz/{m.group(1)}/", flush=True)
    if found < 3:
        t = tally("fuzz:build")
        t.cases += 1
        t.failures += 1
        print("  FAIL fuzz: scripts/fuzz did not report\n" + p.stderr[-2000:], flush=True)
