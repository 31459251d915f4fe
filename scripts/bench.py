#!/usr/bin/env python3
"""Benchmarks of `limber validate` and `limber plan`: wall time and peak RSS (VmHWM, through GNU
time) per run.

Usage: bench.py [LIMBER_BINARY] [--runs N]
Generates a program with 2,000 exercises (every kind: holds with sides, tempo reps, open reps,
durations with interval cues) in a temporary folder, then times each command N times (no user
configuration, so the voice is on) and records each median with `bench_common.record` (group
"plan"; the issue-15 goals for plan text/json; `--version` and /bin/true as floors).
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


def measure(argv, runs, env):
    walls, rss = [], []
    for _ in range(runs):
        wall, _, peak = bench_common.run(argv, env=env)
        walls.append(wall)
        rss.append(peak)
    return statistics.median(walls), min(walls), max(rss)


# Issue 15's goals for the 2,000-exercise plan (seconds, median wall time).
GOALS = {"plan 2,000 exercises (text)": 0.12, "plan 2,000 exercises (json)": 0.15}
FLOORS = ["limber --version (start-up floor)", "/bin/true (the launcher's floor)"]


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
        # No user configuration: the voice is on (its phrases are planned and shown), as by default.
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"))
        big = os.path.join(tmp, "bench-2000.yaml")
        generate(big, 2000)
        size_kb = os.path.getsize(big) / 1024
        cases = [
            ("validate low-back-basics.yaml", [binary, "validate", os.path.join(root, "Programs/low-back-basics.yaml")]),
            (f"validate 2,000 exercises ({size_kb:.0f} KiB)", [binary, "validate", big]),
            ("plan 2,000 exercises (text)", [binary, "plan", big]),
            ("plan 2,000 exercises (json)", [binary, "plan", "--format", "json", big]),
            ("plan 2,000 exercises (text, voice off)", [binary, "plan", "--voice", "off", big]),
            ("plan 2,000 exercises (json, voice off)", [binary, "plan", "--voice", "off", "--format", "json", big]),
            ("plan 2,000 exercises week 2 (text)", [binary, "plan", "--week", "2", big]),
            (FLOORS[0], [binary, "--version"]),
            (FLOORS[1], ["/bin/true"]),
        ]
        print(f"limber benchmarks, {runs} runs each, binary {binary}")
        bench_common.machine_speed("plan", "at the start")
        print(f"{'case':45} {'median ms':>10} {'min ms':>8} {'peak RSS MiB':>13}")
        for name, argv in cases:
            median, best, peak = measure(argv, runs, env)
            print(f"{name:45} {median * 1000:10.1f} {best * 1000:8.1f} {peak:13.1f}")
            role = "floor" if name in FLOORS else "limber"
            bench_common.record("plan", name, median, "s", role=role, goal=GOALS.get(name),
                                compare=[] if role == "floor" else FLOORS)
        bench_common.machine_speed("plan", "at the end")


if __name__ == "__main__":
    main()
