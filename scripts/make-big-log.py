#!/usr/bin/env python3
"""Writes a large Limber log for measuring `limber report` memory and time: N one-set sessions
(default 1,000,000) spread over the years before 2026-11-27, several a day, each a
session_start, one set, one rating and a session_end, exactly as Limber writes them (JSON Lines,
keys in alphabetical order, compact, timestamps with milliseconds and the UTC offset).

Usage: make-big-log.py OUT.jsonl [--sessions N]
Then:  /usr/bin/time -v limber report OUT.jsonl --until 2026-11-27   (see "Maximum resident set size")
"""
import argparse
import datetime
import json

END = datetime.date(2026, 11, 27)
PER_DAY = 96  # sessions a day, every 15 minutes: 1,000,000 sessions span about 28.5 years


def line(ts, session, **event):
    return json.dumps({"v": 1, "ts": ts, "session": session, **event}, separators=(",", ":"), sort_keys=True,
                      ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sessions", type=int, default=1_000_000)
    args = parser.parse_args()
    days = (args.sessions + PER_DAY - 1) // PER_DAY
    first = END - datetime.timedelta(days=days - 1)
    planned = {"exercises": [{"hold_seconds": 30, "kind": "hold", "name": "Front plank", "sets": 1, "sides": []}],
               "open_steps": 0, "total_seconds": 40}
    with open(args.out, "w", encoding="utf-8") as f:
        for n in range(args.sessions):
            day = first + datetime.timedelta(days=n // PER_DAY)
            minute = (n % PER_DAY) * 15
            stamp = f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}"
            sid = f"00000000-0000-4000-8000-{n:012d}"
            f.write(line(f"{stamp}:00.000+01:00", sid, type="session_start", limber="0.1.0", planned=planned,
                         program={"path": "/home/p/planks.yaml", "sha256": "0" * 64, "title": "Planks"},
                         schedule={"per_day": 1, "per_week": 5, "start": first.isoformat()},
                         discomfort_rule={"ask": "after_exercise", "on_stop": "end_session", "stop_at": 7}))
            f.write(line(f"{stamp}:35.012+01:00", sid, type="set", exercise="Front plank", exercise_index=0,
                         planned_seconds=30, seconds=30, set=1, sets=1, status="done"))
            f.write(line(f"{stamp}:40.500+01:00", sid, type="discomfort", exercise="Front plank", exercise_index=0,
                         rating=n % 5, stop_at=7))
            f.write(line(f"{stamp}:40.501+01:00", sid, type="session_end", elapsed_seconds=40.489, paused_seconds=0,
                         sets_done=1, sets_skipped=0, status="completed"))


if __name__ == "__main__":
    main()
