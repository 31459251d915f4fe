#!/usr/bin/env python3
"""Benchmarks of `limber validate` and `limber plan`: wall time and peak RSS (VmHWM, through GNU
time) per run.

Usage: bench.py [LIMBER_BINARY] [--runs N]
Generates a program with 2,000 exercises (every kind: holds with sides, tempo reps, open reps,
durations with interval cues) in a temporary folder, then times each command N times.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import bench_common

KINDS = [
    "    sides: [left, right]\n    sets: 3\n    hold: 30s\n    rest: 15s\n",
    "    sets: 3\n    reps: 12\n    tempo: 2-2-2\n    rest: 45s\n",
    "    sets: 2\n    reps: 10\n",
    "    sides: [left, right]\n    duration: 60s\n    cue_every: 15s\n",
]


def generate(path, count):
    with open(path, "w", encoding="utf-8") as f:
        f.write("limber: 1\ntitle: Benchmark program\nauthor: bench.py\n")
        f.write("safety:\n  - Stop on sharp pain.\n")
        f.write("schedule: { per_week: 3, weeks: 6 }\n")
        f.write("discomfort: { ask: after_exercise, stop_at: 7 }\n")
        f.write("exercises:\n")
        for i in range(count):
            f.write(f"  - name: Exercise {i + 1}\n    instructions: Do exercise {i + 1} slowly and with control.\n")
            f.write("    equipment: mat\n")
            f.write(KINDS[i % len(KINDS)])


def measure(argv, runs):
    walls, rss = [], []
    for _ in range(runs):
        wall, _, peak = bench_common.run(argv)
        walls.append(wall * 1000)
        rss.append(peak)
    return statistics.median(walls), min(walls), max(rss)


def main():
    args = sys.argv[1:]
    runs = 10
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else ".build/release/limber")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "bench-2000.yaml")
        generate(big, 2000)
        size_kb = os.path.getsize(big) / 1024
        cases = [
            ("validate low-back-basics.yaml", [binary, "validate", os.path.join(root, "Programs/low-back-basics.yaml")]),
            (f"validate 2,000 exercises ({size_kb:.0f} KiB)", [binary, "validate", big]),
            ("plan 2,000 exercises (text)", [binary, "plan", big]),
            ("plan 2,000 exercises (json)", [binary, "plan", "--format", "json", big]),
            ("limber --version (start-up floor)", [binary, "--version"]),
            ("/bin/true (the launcher's floor)", ["/bin/true"]),
        ]
        print(f"limber benchmarks, {runs} runs each, binary {binary}")
        print(f"{'case':45} {'median ms':>10} {'min ms':>8} {'peak RSS MiB':>13}")
        for name, argv in cases:
            median, best, peak = measure(argv, runs)
            print(f"{name:45} {median:10.1f} {best:8.1f} {peak:13.1f}")


if __name__ == "__main__":
    main()
