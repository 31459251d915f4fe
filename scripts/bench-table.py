#!/usr/bin/env python3
"""One table from a `make bench` run: every figure the benchmark scripts recorded
(`bench_common.record`), Limber beside its peers and floors, the goal, whether it is met, and the
ratio to each figure it is compared with (value ÷ peer: under 1 is better than the peer).

Usage: bench-table.py RESULTS.jsonl   (exit 1 when a goal is missed, so `make bench` says so)
"""
import json
import sys


def fmt(value, unit):
    if unit in ("s",) and value < 1:
        return f"{value * 1000:.0f} ms"
    if isinstance(value, float):
        return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{value} {unit}"


def main():
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    by_name = {(r["group"], r["figure"]): r for r in rows}
    missed = 0
    width = max([len(r["figure"]) for r in rows] + [10])
    print(f"\n{'figure':{width}}  {'value':>11}  {'goal':>10}  {'met':4}  ratios")
    group = None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            print(f"-- {group}")
        goal, met = "", ""
        if r.get("goal") is not None:
            goal = "≤ " + fmt(r["goal"], r["unit"])
            ok = r["value"] <= r["goal"]
            met = "yes" if ok else "NO"
            missed += not ok
        ratios = []
        for other in r.get("compare", []):
            peer = by_name.get((r["group"], other))
            if peer and peer["value"]:
                ratios.append(f"{r['value'] / peer['value']:.2f}× {other}")
        label = r["figure"] if r["role"] == "limber" else f"{r['figure']} ({r['role']})"
        print(f"{label:{width}}  {fmt(r['value'], r['unit']):>11}  {goal:>10}  {met:4}  {', '.join(ratios)}")
    print(f"\n{missed} goal(s) missed" if missed else "\nevery goal met")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
