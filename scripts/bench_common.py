"""What the benchmark scripts share: running a command so its own peak RSS is seen.

A child of the Python harness inherits the harness's ~14 MiB high-water mark through fork()
(Linux carries it across exec into ru_maxrss), so nothing under 14 MiB could be seen that way.
Commands run under GNU time instead, a ~1 MiB launcher: its %M is the child's own peak RSS
(the kernel's VmHWM at exit), and its floor is measured beside every figure (`floor()`).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIME = shutil.which("time", path="/usr/bin:/bin") or sys.exit("bench: needs GNU time (apt-get install time)")


def wrapped(argv, report):
    """argv run under GNU time, which writes '<peak KiB> <user s> <system s>' to `report`."""
    return [TIME, "-q", "-f", "%M %U %S", "-o", report, "--"] + list(argv)


def read_report(report):
    """(peak RSS MiB, CPU seconds) from a `wrapped` run's report file."""
    with open(report) as f:
        fields = f.read().split()[-3:]
    return int(fields[0]) / 1024, float(fields[1]) + float(fields[2])


def run(argv, stdout=subprocess.DEVNULL, env=None):
    """Runs argv once: (wall seconds, CPU seconds, peak RSS MiB); exits the benchmark on failure."""
    with tempfile.NamedTemporaryFile(prefix="bench-time-") as report:
        start = time.perf_counter()
        proc = subprocess.run(wrapped(argv, report.name), stdout=stdout, stderr=subprocess.PIPE, env=env)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"bench: {' '.join(argv[:3])}… exited {proc.returncode}: {proc.stderr.decode()[-300:]}")
        rss, cpu = read_report(report.name)
    return wall, cpu, rss


def floor():
    """The launcher's own floor: /bin/true measured the same way (peak RSS MiB)."""
    return run(["/bin/true"])[2]


RESULTS = os.environ.get("BENCH_RESULTS")

# A fixed CPU-bound loop: its time is the machine's speed at that moment.
SPEED_LOOP = "x = 0\nfor i in range(1_000_000):\n    x += i\n"
SPEED_FIGURE = "fixed CPU loop"


def machine_speed(group, when):
    """Times SPEED_LOOP (median of 3 runs, in a fresh Python) and records it as a floor of `group`,
    named "fixed CPU loop, `when`": the machine's speed then. On a shared host it was seen to swing
    2× within minutes, peers and floors with it; `bench-table.py` sums these up under the table.
    Returns the seconds."""
    times = sorted(run([sys.executable, "-c", SPEED_LOOP])[0] for _ in range(3))
    print(f"{SPEED_FIGURE}, {when}: {times[1] * 1000:.0f} ms (the machine's speed now)")
    record(group, f"{SPEED_FIGURE}, {when}", times[1], "s", role="floor")
    return times[1]


def record(group, figure, value, unit, role="limber", goal=None, compare=()):
    """Adds one figure to the run's results file (BENCH_RESULTS, JSON lines) for `bench-table.py`.

    group: the table section ("report", "plan", "session", ...); role: "limber", "peer" or "floor";
    goal: the most a Limber figure may be (lower is better for every figure); compare: the figures
    (peers and floors of the same group) its ratio is shown against.
    """
    if not RESULTS:
        return
    import json
    row = {"group": group, "figure": figure, "value": value, "unit": unit, "role": role,
           "goal": goal, "compare": list(compare)}
    with open(RESULTS, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
