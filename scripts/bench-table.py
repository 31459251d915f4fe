#!/usr/bin/env python3
"""One table from a `make bench` run: every figure the benchmark scripts recorded
(`bench_common.record`), group by group, Limber beside its peers and floors, the goal, whether it
is met, and the ratio to each figure it is compared with ("0.6× countdown-cli": value ÷ that
figure, so under 1× is less than it; every figure is better lower).

Usage: bench-table.py [--strict] RESULTS.jsonl
  --strict  exit 1 when a goal is missed (otherwise the table is only read, and the exit is 0)
"""
import json
import sys

# The floor `bench_common.machine_speed` records in each group: the machine's speed then.
SPEED_FIGURE = "fixed CPU loop"


def fmt(value, unit):
    """A value with its unit, to about three significant figures; seconds under 1 s in ms."""
    if unit == "s" and abs(value) < 1:
        value, unit = value * 1000, "ms"
    if isinstance(value, int) or abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}"


def ratio(value, other):
    """value ÷ other to two significant figures ("0.6", "14", "250")."""
    r = value / other
    return f"{r:.0f}" if r >= 100 else f"{r:.2g}"


def label(row):
    """The row's name: the figure, then who it is when it is not Limber."""
    return row["figure"] if row["role"] == "limber" else f"{row['figure']} ({row['role']})"


def main():
    args = sys.argv[1:]
    strict = "--strict" in args
    paths = [a for a in args if a != "--strict"]
    if len(paths) != 1:
        sys.exit(__doc__.split("\n\n")[-1].strip())
    with open(paths[0], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not rows:
        sys.exit(f"bench-table: {paths[0]} holds no figures")
    by_name = {(r["group"], r["figure"]): r for r in rows}
    groups = list(dict.fromkeys(r["group"] for r in rows))
    width = max(len(label(r)) for r in rows)
    values = {id(r): fmt(r["value"], r["unit"]) for r in rows}
    goals = {id(r): "≤ " + fmt(r["goal"], r["unit"]) if r.get("goal") is not None else "" for r in rows}
    vwidth = max(len(v) for v in values.values())
    gwidth = max([len(g) for g in goals.values()] + [4])
    missed = []
    print(f"\n{'figure':{width}}  {'value':>{vwidth}}  {'goal':>{gwidth}}  {'met':3}  compared with")
    for group in groups:
        print(f"── {group} " + "─" * max(0, width + vwidth + gwidth + 30 - len(group)))
        for r in (r for r in rows if r["group"] == group):
            met = ""
            if r.get("goal") is not None:
                ok = r["value"] <= r["goal"]
                met = "yes" if ok else "NO"
                if not ok:
                    missed.append(label(r))
            ratios = []
            for other in r.get("compare", []):
                peer = by_name.get((group, other))
                if peer and peer["value"]:
                    who = other.split(": ", 1)[-1]
                    ratios.append(f"{ratio(r['value'], peer['value'])}× {who}")
            print(f"{label(r):{width}}  {values[id(r)]:>{vwidth}}  {goals[id(r)]:>{gwidth}}  {met:3}  {', '.join(ratios)}")
    speeds = [(r["group"], r["figure"], r["value"]) for r in rows if r["figure"].startswith(SPEED_FIGURE)]
    if speeds:
        fastest, slowest = min(v for _, _, v in speeds), max(v for _, _, v in speeds)
        print(f"\nthe machine's speed: a {SPEED_FIGURE} took {fmt(fastest, 's')} to {fmt(slowest, 's')} in this run "
              f"({slowest / fastest:.2f}× apart; " + ", ".join(f"{g} {f.split(', ', 1)[-1]} {fmt(v, 's')}" for g, f, v in speeds) + ")")
    goal_count = sum(r.get("goal") is not None for r in rows)
    if missed:
        print(f"\n{len(missed)} of {goal_count} goals missed: " + "; ".join(missed))
    else:
        print(f"\nevery goal met ({goal_count})")
    sys.exit(1 if strict and missed else 0)


if __name__ == "__main__":
    main()
