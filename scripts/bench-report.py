#!/usr/bin/env python3
"""`limber report` over a generated ten-year log (ten patients, daily sessions, ~365,000 lines,
~60 MB), side by side with jq and a plain Python JSON-lines loop computing per-exercise monthly
mean discomfort on the same file. Wall time and peak RSS, best of N runs.

Usage: bench-report.py [LIMBER_BINARY] [--runs 3]
"""
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import time

import bench_common

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG = os.path.join(ROOT, ".build", "bench-report", "clinic.jsonl")
EXERCISES = [("Half-kneeling psoas lunge stretch", "hold"), ("Glute bridge", "reps"), ("Front plank", "hold")]


def generate():
    if os.path.exists(LOG):
        return
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    random.seed(7)
    start = datetime.date(2016, 11, 28)
    planned = {"total_seconds": 900, "open_steps": 0, "exercises": [
        {"name": n, "kind": k, "sets": 2, "sides": [], **({"reps": 12} if k == "reps" else {"hold_seconds": 30})}
        for n, k in EXERCISES]}
    with open(LOG + ".tmp", "w") as f:
        for d in range(3650):
            day = start + datetime.timedelta(days=d)
            for p in range(10):
                sid = f"p{p}-{d}"
                ts = f"{day.isoformat()}T{7 + p:02d}:{random.randint(10, 59)}:00.000+01:00"

                def w(obj):
                    f.write(json.dumps({"v": 1, "ts": ts, "session": sid, **obj}, separators=(",", ":")) + "\n")
                w({"type": "session_start", "program": {"title": f"Program {p}", "path": "/p.yaml", "sha256": "0" * 64},
                   "planned": planned, "schedule": {"per_week": 5, "per_day": 1, "start": "2016-11-28"},
                   "discomfort_rule": {"ask": "after_exercise", "stop_at": 7, "on_stop": "end_session"}, "limber": "0.1.0"})
                for name, _ in EXERCISES:
                    for s in (1, 2):
                        w({"type": "set", "exercise": name, "set": s, "sets": 2, "status": "done", "seconds": 30.0})
                w({"type": "discomfort", "exercise": EXERCISES[d % 3][0], "rating": random.randint(0, 6), "stop_at": 7})
                w({"type": "discomfort", "exercise": EXERCISES[(d + 1) % 3][0], "rating": random.randint(0, 6), "stop_at": 7})
                w({"type": "session_end", "status": "completed", "elapsed_seconds": 905.0, "sets_done": 6, "sets_skipped": 0})
    os.rename(LOG + ".tmp", LOG)


PYTHON_LOOP = r'''
import json, sys
sums = {}
with open(sys.argv[1]) as f:
    for line in f:
        e = json.loads(line)
        if e.get("type") == "discomfort":
            key = (e["exercise"], e["ts"][:7])
            s = sums.setdefault(key, [0, 0]); s[0] += e["rating"]; s[1] += 1
print(len(sums), "exercise-months")
'''

JQ = 'select(.type=="discomfort") | {k: (.exercise + " " + .ts[0:7]), r: .rating}'


def measure(argv, runs):
    best = None
    for _ in range(runs):
        wall, _, rss = bench_common.run(argv)
        best = (wall, rss) if best is None or wall < best[0] else best
    return best


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs"); runs = int(args[i + 1]); del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/release/limber"))
    generate()
    lines = sum(1 for _ in open(LOG))
    size = os.path.getsize(LOG) / 1e6
    rows = [("limber report (all of it: adherence, dose, trends)",
             measure([binary, "report", LOG, "--since", "2016-11-28", "--until", "2026-11-25"], runs)),
            ("limber report --format json", measure([binary, "report", LOG, "--since", "2016-11-28", "--until", "2026-11-25", "--format", "json"], runs)),
            ("python3 json-lines loop (monthly mean discomfort)", measure([sys.executable, "-c", PYTHON_LOOP, LOG], runs))]
    jq = shutil.which("jq")
    if jq:
        rows.append(("jq (monthly mean discomfort)", measure(["sh", "-c", f"{jq} -c '{JQ}' {LOG} | {jq} -s 'group_by(.k) | map({{k: .[0].k, m: (map(.r) | add / length)}}) | length'"], runs)))
    else:
        rows.append(("jq (not installed: apt-get install jq)", (float("nan"), float("nan"))))
    rows.append(("/bin/true (the launcher's floor)", measure(["/bin/true"], runs)))
    print(f"{lines:,} lines, {size:.0f} MB, best of {runs}; peak RSS is VmHWM through GNU time")
    print(f"{'what':52} {'wall s':>8} {'peak RSS MiB':>13}")
    for name, (wall, rss) in rows:
        print(f"{name:52} {wall:8.2f} {rss:13.1f}")


if __name__ == "__main__":
    main()
