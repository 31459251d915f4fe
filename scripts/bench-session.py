#!/usr/bin/env python3
"""A 3-minute guided session in real time under a pseudo-terminal, measured against the terminal
timers a user might pick instead (termdown and countdown-cli, installed from PyPI into
.build/bench-venv).

Figures per program: launch to first frame (ms), end-of-session drift against the plan (ms),
CPU seconds per minute of session, peak RSS (MiB).

Usage: bench-session.py [LIMBER_BINARY] [--minutes 3] [--only limber]
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import datetime

import bench_common

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "bench-venv")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")


def program(minutes):
    """Holds of 30 s with 15 s rests after a 15 s get-ready: exactly `minutes` long."""
    total = int(minutes * 60)
    sets = max(1, (total - 15 + 15) // 45)
    prepare = total - sets * 30 - (sets - 1) * 15
    return f"""limber: 1
title: Benchmark session
safety: [Stop on sharp pain.]
schedule: {{ per_week: 3 }}
discomfort: {{ ask: never }}
defaults: {{ prepare: {prepare}s, rest: 15s }}
exercises:
  - name: Plank
    sets: {sets}
    hold: 30s
"""


def run_in_pty(argv, answer=None, limit=None):
    """Runs argv in an 80x24 pty; returns (first_frame_ms, wall_s, cpu_s, rss_mib)."""
    report = tempfile.NamedTemporaryFile(prefix="bench-time-")
    argv = bench_common.wrapped(argv, report.name)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    first = None
    answered = False
    while True:
        if limit and time.perf_counter() - start > limit:
            os.kill(pid, 15)
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                seen = (seen + chunk)[-4096:]
                if first is None and re.search(rb"[!-~\x80-\xff]", ANSI.sub(b"", seen)):
                    first = (time.perf_counter() - start) * 1000
                if answer and not answered and answer[0] in ANSI.sub(b"", seen):
                    os.write(fd, answer[1])
                    answered = True
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            wall = time.perf_counter() - start
            os.close(fd)
            rss, cpu = bench_common.read_report(report.name)
            report.close()
            return first, wall, cpu, rss


def venv():
    bin_dir = os.path.join(VENV, "bin")
    if not os.path.exists(os.path.join(bin_dir, "termdown")) or not os.path.exists(os.path.join(bin_dir, "countdown")):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([os.path.join(bin_dir, "pip"), "install", "--quiet", "termdown", "countdown-cli"])
    return bin_dir


def main():
    args = sys.argv[1:]
    minutes, only = 3.0, None
    if "--minutes" in args:
        i = args.index("--minutes"); minutes = float(args[i + 1]); del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only"); only = args[i + 1]; del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/release/limber"))
    seconds = int(minutes * 60)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.yaml")
        with open(path, "w") as f:
            f.write(program(minutes))
        capture = os.path.join(tmp, "capture.wav")
        if only in (None, "limber"):
            # The voice on (the default) and off, so its cost in memory and CPU is seen side by side.
            for voice, name in [("on", "limber run, voice (cues to a file PCM)"), ("off", "limber run --voice off")]:
                log = os.path.join(tmp, f"log-{voice}.jsonl")
                first, wall, cpu, rss = run_in_pty(
                    [binary, "run", "--yes", "--no-prompt", "--voice", voice, "--device", f"file:'{capture}',wav",
                     "--log", log, path],
                    answer=(b"Press any key to exit", b"x"))
                events = [json.loads(line) for line in open(log)]
                start = datetime.fromisoformat(events[0]["ts"])
                end = datetime.fromisoformat(events[-1]["ts"])
                planned = events[0]["planned"]["total_seconds"]
                drift = ((end - start).total_seconds() - planned) * 1000
                rows.append((name, first, drift, cpu / minutes, rss))
        if only in (None, "others"):
            bin_dir = venv()
            for name, argv in [("termdown", [os.path.join(bin_dir, "termdown"), f"{seconds}s"]),
                               ("countdown-cli", [os.path.join(bin_dir, "countdown"), f"{seconds}s"])]:
                first, wall, cpu, rss = run_in_pty(argv, limit=seconds + 30)
                rows.append((name, first, (wall - seconds) * 1000, cpu / minutes, rss))
    print(f"{minutes:g}-minute countdown under an 80x24 pty; peak RSS is VmHWM through GNU time "
          f"(its floor, /bin/true: {bench_common.floor():.1f} MiB)")
    print(f"{'program':40} {'first frame ms':>15} {'end drift ms':>13} {'CPU s/min':>10} {'peak RSS MiB':>13}")
    for name, first, drift, cpu, rss in rows:
        print(f"{name:40} {first:15.1f} {drift:13.1f} {cpu:10.3f} {rss:13.1f}")


if __name__ == "__main__":
    main()
