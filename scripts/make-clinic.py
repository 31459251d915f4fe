#!/usr/bin/env python3
"""Writes a clinic's folder of Limber logs, for `limber report FOLDER` at scale and for the
DuckDB/Spark SQL of docs/at-scale.md: N patients, a year each (ending on --end), with the gaps
real patients leave (weeks of low effort, a holiday of one to four weeks, quits and discomfort
stops, the odd session cut off by a power cut). About one patient in ten keeps two logs (a laptop
and a Raspberry Pi) with a few sessions copied into both, as file sync does. Lines are written
exactly as Limber writes them (JSON Lines, keys in alphabetical order, compact, milliseconds and
the UTC offset). The same --seed gives the same folder.

Usage: make-clinic.py OUT_DIR [--patients N] [--seed S] [--end YYYY-MM-DD]
"""
import argparse
import datetime
import json
import os
import random

PLANNED = {"exercises": [{"hold_seconds": 30, "kind": "hold", "name": "Wall sit", "sets": 2, "sides": []},
                         {"kind": "reps", "name": "Step-up", "reps": 10, "sets": 1, "sides": ["left", "right"]}],
           "open_steps": 0, "total_seconds": 420}
SETS = [("Wall sit", 0, 1, None), ("Wall sit", 0, 2, None), ("Step-up", 1, 1, "left"), ("Step-up", 1, 1, "right")]


def line(ts, session, **event):
    return json.dumps({"v": 1, "ts": ts, "session": session, **event}, separators=(",", ":"), sort_keys=True) + "\n"


def session_lines(rng, patient, sid, day, start_day, offset, base):
    """One session's lines; `base` is its discomfort level that day."""
    minute = rng.randrange(7 * 60, 21 * 60)
    stamp = lambda extra: (datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minute, seconds=extra))
    ts = lambda extra, ms=0: stamp(extra).strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}{offset}"
    out = [line(ts(0, 12), sid, type="session_start", limber="0.1.0", patient=patient, planned=PLANNED,
                program={"path": "/home/p/Programs/knee.yaml", "sha256": "0" * 64, "title": "Knee rehab"},
                schedule={"per_day": 1, "per_week": 3, "start": start_day.isoformat(), "weeks": 52},
                discomfort_rule={"ask": "after_exercise", "on_stop": "end_session", "stop_at": 7})]
    kind = rng.choices(["completed", "quit", "stop", "cut"], [0.86, 0.07, 0.04, 0.03])[0]
    sets = {"completed": 4, "quit": rng.randrange(1, 3), "stop": 2, "cut": rng.randrange(1, 4)}[kind]
    t = 10
    for name, index, number, side in SETS[:sets]:
        t += 45
        extra = {"side": side, "reps": 10} if side else {"seconds": 30.0, "planned_seconds": 30}
        out.append(line(ts(t), sid, type="set", exercise=name, exercise_index=index, set=number,
                        sets=2 if index == 0 else 1, status="done", **extra))
        if number == 2 or side == "right" or (kind == "stop" and number == 2):
            rating = max(0, min(10, base + rng.randrange(-1, 2)))
            if kind == "stop":
                rating = max(rating, 7)
            t += 5
            out.append(line(ts(t), sid, type="discomfort", exercise=name, exercise_index=index, rating=rating, stop_at=7))
            if kind == "stop":
                out.append(line(ts(t, 1), sid, type="stop", exercise=name, exercise_index=index, rating=rating, stop_at=7,
                                action="end_session", reason="discomfort"))
    status = {"completed": "completed", "quit": "quit", "stop": "stopped_discomfort"}.get(kind)
    if status:
        out.append(line(ts(t + 2), sid, type="session_end", status=status, elapsed_seconds=float(t + 2),
                        sets_done=sets, sets_skipped=0))
    return out


def patient_sessions(rng, number, end):
    """(day, lines) for each session of one patient's year."""
    patient = f"p-{number:05d}"
    start = end - datetime.timedelta(days=364 - rng.randrange(0, 28))
    effort = rng.uniform(0.35, 1.0)
    holiday = None
    if rng.random() < 0.4:
        h = start + datetime.timedelta(days=rng.randrange(30, 300))
        holiday = (h, h + datetime.timedelta(weeks=rng.randrange(1, 5)))
    offset = rng.choice(["+01:00", "+00:00", "+02:00"])
    base = rng.randrange(1, 6)
    sessions = []
    monday = start - datetime.timedelta(days=start.weekday())
    week = 0
    while monday <= end:
        low = rng.random() < 0.15  # a bad week
        days = sorted(rng.sample(range(7), rng.choice([2, 3, 3, 3, 4])))
        for d in days:
            day = monday + datetime.timedelta(days=d)
            if day < start or day > end or (holiday and holiday[0] <= day < holiday[1]):
                continue
            if rng.random() > effort * (0.4 if low else 1.0):
                continue
            level = max(0, base - week // 12)  # discomfort eases over the months
            sid = f"{number:08x}-{week:04x}-4{d:03x}-8000-{rng.getrandbits(48):012x}"
            sessions.append((day, session_lines(rng, patient, sid, day, start, offset, level)))
        monday += datetime.timedelta(days=7)
        week += 1
    return patient, sessions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--end", default="2026-11-27")
    args = parser.parse_args()
    end = datetime.date.fromisoformat(args.end)
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for number in range(1, args.patients + 1):
        patient, sessions = patient_sessions(rng, number, end)
        if rng.random() < 0.1:
            # Two devices: each session on one of them, a few copied into both by sync.
            files = {"laptop": [], "pi": []}
            for _, lines in sessions:
                device = rng.choice(["laptop", "pi"])
                files[device] += lines
                if rng.random() < 0.05:
                    files["pi" if device == "laptop" else "laptop"] += lines
        else:
            files = {"": [l for _, lines in sessions for l in lines]}
        for device, lines in files.items():
            name = f"{patient}-{device}.jsonl" if device else f"{patient}.jsonl"
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.writelines(lines)


if __name__ == "__main__":
    main()
