#!/usr/bin/env python3
"""`limber report` over a generated ten-year log (ten sessions a day, ~365,000 lines, ~75 MB) in
every format, side by side with a plain Python JSON-lines loop and jq computing per-exercise
monthly mean discomfort on the same file, and the floor of reading it (`wc -l`, memchr speed).
Wall time and peak RSS (VmHWM through GNU time), the median of N runs; the figures go to
bench_common.record (group "report") with the goals of issue 15.

With --big, also a 1,000,000-session log (the same ten sessions a day, over 274 years from 1900,
~2 GB, generated once and cached) reported over the same ten-year window: the report's memory
must be bounded by what it shows, not by the sessions the log holds (goal: within 2x the 365k
figure).

Usage: bench-report.py [LIMBER_BINARY] [--runs 3] [--big]
"""
import datetime
import json
import os
import random
import shutil
import statistics
import sys

import bench_common

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG = os.path.join(ROOT, ".build", "bench-report", "clinic.jsonl")
BIG_LOG = os.path.join(ROOT, ".build", "bench-report", "million.jsonl")
BIG_SESSIONS = 1_000_000
EXERCISES = [("Half-kneeling psoas lunge stretch", "hold"), ("Glute bridge", "reps"), ("Front plank", "hold")]
WINDOW = ["--since", "2016-11-28", "--until", "2026-11-25"]


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


def generate_big():
    """The 1,000,000-session log: the lines of `generate()`, each session's fixed text made once
    and only the time, the id and the ratings filled in per session (a fast loop: ~10 M lines)."""
    if os.path.exists(BIG_LOG):
        return
    os.makedirs(os.path.dirname(BIG_LOG), exist_ok=True)
    random.seed(8)
    planned = json.dumps({"total_seconds": 900, "open_steps": 0, "exercises": [
        {"name": n, "kind": k, "sets": 2, "sides": [], **({"reps": 12} if k == "reps" else {"hold_seconds": 30})}
        for n, k in EXERCISES]}, separators=(",", ":"))
    head = '{"v":1,"ts":"%s","session":"%s",'
    start_tail = ('"type":"session_start","program":{"title":"Program %d","path":"/p.yaml","sha256":"' + "0" * 64
                  + '"},"planned":' + planned + ',"schedule":{"per_week":5,"per_day":1,"start":"1900-01-01"},'
                  + '"discomfort_rule":{"ask":"after_exercise","stop_at":7,"on_stop":"end_session"},"limber":"0.1.0"}\n')
    sets = "".join(head + ('"type":"set","exercise":"%s","set":%d,"sets":2,"status":"done","seconds":30.0}\n' % (n, s))
                   for n, _ in EXERCISES for s in (1, 2))
    rating = head + '"type":"discomfort","exercise":"%s","rating":%d,"stop_at":7}\n'
    end = head + '"type":"session_end","status":"completed","elapsed_seconds":905.0,"sets_done":6,"sets_skipped":0}\n'
    names = [n for n, _ in EXERCISES]
    day0 = datetime.date(1900, 1, 1)
    with open(BIG_LOG + ".tmp", "w") as f:
        for d in range(BIG_SESSIONS // 10):
            date = (day0 + datetime.timedelta(days=d)).isoformat()
            chunk = []
            for p in range(10):
                ts = f"{date}T{7 + p:02d}:{random.randint(10, 59)}:00.000+01:00"
                sid = f"p{p}-{d}"
                ids = (ts, sid)
                chunk.append(head % ids + start_tail % p)
                chunk.append(sets % (ids * 6))
                chunk.append(rating % (ts, sid, names[d % 3], random.randint(0, 6)))
                chunk.append(rating % (ts, sid, names[(d + 1) % 3], random.randint(0, 6)))
                chunk.append(end % ids)
            f.write("".join(chunk))
    os.rename(BIG_LOG + ".tmp", BIG_LOG)


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
    """(median wall s, median peak RSS MiB) over `runs` runs."""
    results = [bench_common.run(argv) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[2] for r in results)


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs"); runs = int(args[i + 1]); del args[i:i + 2]
    big = "--big" in args
    if big:
        args.remove("--big")
    binary = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/release/limber"))
    generate()
    lines = sum(1 for _ in open(LOG, "rb"))
    size = os.path.getsize(LOG) / 1e6
    report = [binary, "report", LOG] + WINDOW
    bench_common.machine_speed("report", "at the start")
    rows = []
    formats = {}
    for fmt in ("text", "json", "html", "csv"):
        formats[fmt] = measure(report + ["--format", fmt], runs)
        rows.append((f"limber report --format {fmt}", formats[fmt]))
    python = measure([sys.executable, "-c", PYTHON_LOOP, LOG], runs)
    rows.append(("python3 json-lines loop (monthly mean discomfort)", python))
    jq = shutil.which("jq")
    jq_figure = None
    if jq:
        jq_figure = measure(["sh", "-c", f"{jq} -c '{JQ}' {LOG} | {jq} -s 'group_by(.k) | map({{k: .[0].k, m: (map(.r) | add / length)}}) | length'"], runs)
        rows.append(("jq (monthly mean discomfort)", jq_figure))
    else:
        rows.append(("jq (not installed: apt-get install jq)", (float("nan"), float("nan"))))
    wc = measure(["wc", "-l", LOG], runs)
    rows.append(("wc -l (reading the file: the floor)", wc))
    rows.append(("/bin/true (the launcher's floor)", measure(["/bin/true"], runs)))
    big_figure = None
    if big:
        generate_big()
        big_figure = measure([binary, "report", BIG_LOG] + WINDOW, runs)
        rows.append((f"limber report, {BIG_SESSIONS:,}-session log, same window", big_figure))
    bench_common.machine_speed("report", "at the end")
    print(f"{lines:,} lines, {size:.0f} MB, median of {runs}; peak RSS is VmHWM through GNU time")
    print(f"{'what':56} {'wall s':>8} {'peak RSS MiB':>13}")
    for name, (wall, rss) in rows:
        print(f"{name:56} {wall:8.2f} {rss:13.1f}")

    peers = ["python loop, 365k lines", "wc -l, 365k lines"] + (["jq, 365k lines"] if jq else [])
    bench_common.record("report", "python loop, 365k lines", python[0], "s", role="peer")
    bench_common.record("report", "python loop, 365k lines, peak RSS", python[1], "MiB", role="peer")
    if jq_figure:
        bench_common.record("report", "jq, 365k lines", jq_figure[0], "s", role="peer")
    bench_common.record("report", "wc -l, 365k lines", wc[0], "s", role="floor")
    text_goal = min(0.3, python[0] / 4)
    for fmt, (wall, rss) in formats.items():
        time_goal, rss_goal = (text_goal, 24) if fmt == "text" else (0.4, 32)
        bench_common.record("report", f"report 365k lines, {fmt}", wall, "s", goal=time_goal, compare=peers)
        bench_common.record("report", f"report 365k lines, {fmt}, peak RSS", rss, "MiB", goal=rss_goal,
                            compare=["python loop, 365k lines, peak RSS"])
    if big_figure:
        bench_common.record("report", "report 1,000,000-session log, text", big_figure[0], "s")
        bench_common.record("report", "report 1,000,000-session log, text, peak RSS", big_figure[1], "MiB",
                            goal=2 * formats["text"][1], compare=["report 365k lines, text, peak RSS"])


if __name__ == "__main__":
    main()
