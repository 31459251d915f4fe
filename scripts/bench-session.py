#!/usr/bin/env python3
"""A guided session in real time under a pseudo-terminal, measured against the terminal timers a
user might pick instead (termdown and countdown-cli, installed from PyPI into .build/bench-venv),
with /bin/true as the floor.

Limber runs three ways: cues (and the voice) to a capture device (a `file` PCM over `null`, the
device of the tests), the same with `--voice off`, and `--no-sound`. Figures per program:
- first frame: launch to the first visible character, the median of FIRST_RUNS short launches,
  beside the launcher's floor (a shell printing one character, measured the same way). The
  launches go round the programs in turn after one unmeasured round, so no program is measured
  only while the machine warms up (the first of a series of launches was up to ~5 ms slower),
  and each waits on its pty in `select` with nothing else to do (no /proc sampling, ~1.7 ms a
  round here, between the frame and its detection);
- peak RSS: the process's own VmHWM (/proc/PID/status, read just before it exits), so figures
  under the Python harness's ~14 MiB are seen (a child inherits its parent's ru_maxrss);
- CPU seconds per minute of session (wait4's rusage);
- the same two for the session's speech worker (the child that synthesises the voice, found by
  its parent pid in /proc), as their own rows "… (speech worker)": the session's figures are
  the session process alone, so what moved into the worker is shown, not hidden;
- end drift: the session's length in the log (Limber) or the wall time (peers) against the plan;
- wake-ups per second between cues: the voluntary context switches of all the process's threads
  and its speech worker's (/proc/PID/task/*/status) over a window of the first hold with no cue in it (19–29 s).

The long sessions run side by side (they sleep almost all the time), so the whole script takes
about `--minutes` plus a few seconds per first-frame launch. Every figure goes to the run's
results file (`bench_common.record`, group "session") for `bench-table.py`.

Usage: bench-session.py [LIMBER_BINARY] [--minutes 3] [--only limber|others]
"""
import fcntl
import json
import os
import re
import select
import signal
import statistics
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
FIRST_RUNS = 7
FIRST_FLOOR = "sh printing one character"
# The first hold runs from 15 s to 45 s; its cues are at 15 (start), 30 (halfway), 42–44
# (countdown): nothing sounds or is spoken between 19 and 29 s but the screen's countdown.
QUIET_WINDOW = (19.0, 29.0)
# How long after launch a session's speech worker is looked for (it starts with the sound).
WORKER_SEARCH = 10.0
# The goals (issue 15): a session lighter than every peer.
GOALS = {"peak RSS": 16.0, "first frame": 0.015, "CPU per minute": 0.03, "wake-ups between cues": 10.0}


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


def switches(pid):
    """Voluntary context switches of all the process's threads so far (None once it is gone)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/status") as f:
                    for line in f:
                        if line.startswith("voluntary_ctxt_switches:"):
                            total += int(line.split()[1])
            except OSError:
                pass  # a thread that ended meanwhile
    except OSError:
        return None
    return total


def child_of(pid):
    """A running child process of `pid` (the session's speech worker), or None."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    # pid (comm) state ppid …: comm may hold spaces, so split after its ")".
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        return int(entry)
            except (OSError, IndexError, ValueError):
                pass
    return None


def cpu_seconds(pid):
    """User + system CPU seconds of `pid` so far (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def peak_mib(pid):
    """The process's VmHWM so far, in MiB (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None


class Session:
    """One program running in its own 80x24 pty, stepped by `poll` until it exits."""

    def __init__(self, name, argv, env=None, answer=None, limit=None):
        self.name, self.answer, self.limit = name, answer, limit
        # posix_spawn (vfork and exec) rather than pty.fork: forking the ~14 MiB Python process
        # cost every launch a few ms of page-table copying and copy-on-write faults before exec.
        # The child starts a session and opens the pty's slave as its controlling terminal.
        self.fd, slave = os.openpty()
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        child_env = dict(os.environ, TERM="xterm-256color", **(env or {}))
        self.start = time.perf_counter()
        self.pid = os.posix_spawnp(argv[0], argv, child_env, setsid=True, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0),
            (os.POSIX_SPAWN_DUP2, 0, 1), (os.POSIX_SPAWN_DUP2, 0, 2)])
        os.close(slave)
        self.seen, self.answered, self.peak = b"", False, 0.0
        self.window, self.wakeups, self.done = [], None, False
        self.wall = self.cpu = None
        self.worker, self.worker_peak, self.worker_cpu = None, None, None

    def elapsed(self):
        return time.perf_counter() - self.start

    def poll(self):
        """Reads what the program printed, samples it, answers its last prompt; True once it exited."""
        if self.done:
            return True
        if self.limit and self.elapsed() > self.limit:
            os.kill(self.pid, signal.SIGTERM)
        try:
            while select.select([self.fd], [], [], 0)[0]:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    break
                self.seen = (self.seen + chunk)[-4096:]
                if self.answer and not self.answered and self.answer[0] in ANSI.sub(b"", self.seen):
                    self.sample()  # the session is over: its peak is in
                    os.write(self.fd, self.answer[1])
                    self.answered = True
        except OSError:
            pass
        now = self.elapsed()
        if len(self.window) < 2 and now >= QUIET_WINDOW[len(self.window)]:
            worker = switches(self.worker) if self.worker else 0
            total = switches(self.pid)
            self.window.append((now, total + (worker or 0) if total is not None else None))
            if len(self.window) == 2 and None not in (self.window[0][1], self.window[1][1]):
                self.wakeups = (self.window[1][1] - self.window[0][1]) / (self.window[1][0] - self.window[0][0])
        self.sample()
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if pid:
            self.done, self.wall = True, self.elapsed()
            self.cpu = usage.ru_utime + usage.ru_stime
            os.close(self.fd)
        return self.done

    def sample(self):
        peak = peak_mib(self.pid)
        if peak:
            self.peak = max(self.peak, peak)
        # The speech worker starts with the sound, within a second or two of launch; looking for
        # it means reading every /proc/N/stat (~1.7 ms here), so a session that has none is not
        # looked at again after WORKER_SEARCH seconds: every round, for four such sessions, that
        # was ~14 % of a core, on the two cores the sessions share.
        if self.worker is None and peak and self.elapsed() < WORKER_SEARCH:
            self.worker = child_of(self.pid)
        if self.worker:
            peak, cpu = peak_mib(self.worker), cpu_seconds(self.worker)
            if peak:  # else it is gone: its last figures stand
                self.worker_peak, self.worker_cpu = max(self.worker_peak or 0, peak), cpu


def run_all(sessions, step=0.05):
    # Every session is read each round (a pty nobody reads fills up and stalls its program).
    while not all([s.poll() for s in sessions]):
        time.sleep(step)
    return sessions


def first_frame_once(name, argv, env, limit=10.0):
    """One launch's time to its first visible character (seconds); the program is then stopped.

    It waits in `select` on the pty alone, so the frame is seen as soon as it is written."""
    s = Session(name, argv, env=env)
    seen, first = b"", None
    while first is None and s.elapsed() < limit:
        if not select.select([s.fd], [], [], 0.05)[0]:
            continue
        try:
            chunk = os.read(s.fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        seen = (seen + chunk)[-4096:]
        if re.search(rb"[!-~\x80-\xff]", ANSI.sub(b"", seen)):
            first = s.elapsed()
    os.kill(s.pid, signal.SIGTERM)
    # Whatever it prints on its way out is read, so it never blocks on a full pty; one that is
    # still there 5 s later is killed.
    stopped = time.perf_counter()
    while not os.waitpid(s.pid, os.WNOHANG)[0]:
        if time.perf_counter() - stopped > 5:
            os.kill(s.pid, signal.SIGKILL)
        try:
            if select.select([s.fd], [], [], 0.01)[0] and not os.read(s.fd, 65536):
                os.waitpid(s.pid, 0)
                break
        except OSError:
            os.waitpid(s.pid, 0)
            break
    os.close(s.fd)
    if first is None:
        sys.exit(f"bench-session: {name} printed nothing")
    return first


def first_frames(programs, env):
    """Median launch-to-first-frame (seconds) of each (name, argv), over FIRST_RUNS launches each.

    The launches go round the programs in turn, after one unmeasured round, so a machine that
    speeds up or slows down during the series weighs on every program alike."""
    times = {name: [] for name, _ in programs}
    for round_ in range(FIRST_RUNS + 1):
        for name, argv in programs:
            first = first_frame_once(name, argv, env)
            if round_:
                times[name].append(first)
    return {name: statistics.median(values) for name, values in times.items()}


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
    bench_common.machine_speed("session", "at the start")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.yaml")
        with open(path, "w") as f:
            f.write(program(minutes))
        # The tests' device: a `file` PCM over `null`, defined in the session's own ~/.asoundrc.
        with open(os.path.join(tmp, ".asoundrc"), "w") as f:
            f.write(f'pcm.limberbench {{\n type file\n slave {{ pcm {{ type null }} }}\n'
                    f' file "{os.path.join(tmp, "capture.wav")}"\n format "wav"\n}}\n')
        env = {"HOME": tmp, "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "XDG_DATA_HOME": os.path.join(tmp, "data")}
        runs = []  # (name, argv, log or None, answer, limit)
        if only in (None, "limber"):
            for name, extra in [("limber run, voice", ["--device", "limberbench"]),
                                ("limber run --voice off", ["--device", "limberbench", "--voice", "off"]),
                                ("limber run --no-sound", ["--no-sound"])]:
                log = os.path.join(tmp, f"log-{len(runs)}.jsonl")
                argv = [binary, "run", "--yes", "--no-prompt"] + extra + ["--log", log, path]
                runs.append((name, argv, log, (b"Press any key to exit", b"x"), None))
        if only in (None, "others"):
            bin_dir = venv()
            for name, exe in [("termdown", "termdown"), ("countdown-cli", "countdown")]:
                runs.append((name, [os.path.join(bin_dir, exe), f"{seconds}s"], None, None, seconds + 30))

        # The launcher's own floor, a shell that prints one character, is measured in the same rounds.
        firsts = first_frames([(name, argv) for name, argv, *_ in runs]
                              + [(FIRST_FLOOR, ["/bin/sh", "-c", "printf x; exec sleep 10"])], env)
        first_floor = firsts[FIRST_FLOOR]
        sessions = run_all([Session(name, argv, env=env, answer=answer, limit=limit)
                            for name, argv, _, answer, limit in runs])
        floor = bench_common.floor()
        rows = []
        for (name, _, log, _, _), s in zip(runs, sessions):
            if log:
                with open(log) as f:
                    events = [json.loads(line) for line in f]
                # The first-frame launches write to the same log: the measured session is the last.
                events = events[max(i for i, e in enumerate(events) if e["type"] == "session_start"):]
                elapsed = (datetime.fromisoformat(events[-1]["ts"]) - datetime.fromisoformat(events[0]["ts"])).total_seconds()
                drift = elapsed - events[0]["planned"]["total_seconds"]
            else:
                drift = s.wall - seconds
            rows.append((name, firsts[name], drift, s.cpu / minutes, s.peak, s.wakeups))
            if s.worker_peak:
                rows.append((f"{name} (speech worker)", None, None, (s.worker_cpu or 0) / minutes, s.worker_peak, None))

    limber = [r[0] for r in rows if r[0].startswith("limber")]
    peers = [r[0] for r in rows if not r[0].startswith("limber")]
    figures = [("peak RSS", 4, "MiB"), ("first frame", 1, "s"), ("CPU per minute", 3, "CPU-s/min"),
               ("end drift", 2, "s"), ("wake-ups between cues", 5, "/s")]
    for figure, column, unit in figures:
        for name, *values in rows:
            value = values[column - 1]
            if value is None:
                continue
            role = "limber" if name in limber else "peer"
            worker = name.endswith("(speech worker)")
            compare = [f"{figure}: {p}" for p in peers] if role == "limber" and not worker else []
            if figure == "peak RSS" and role == "limber":
                compare.append(f"{figure}: /bin/true")
            if figure == "first frame" and role == "limber" and not worker:
                compare.append(f"{figure}: {FIRST_FLOOR}")
            # Drift is shown by size: early or late are as bad.
            bench_common.record("session", f"{figure}: {name}", abs(value) if figure == "end drift" else value, unit,
                                role=role, goal=GOALS.get(figure) if role == "limber" and not worker else None, compare=compare)
        if figure == "peak RSS":
            bench_common.record("session", f"{figure}: /bin/true", floor, unit, role="floor")
        if figure == "first frame":
            bench_common.record("session", f"{figure}: {FIRST_FLOOR}", first_floor, unit, role="floor")
    bench_common.machine_speed("session", "at the end")

    print(f"{minutes:g}-minute countdown under an 80x24 pty, side by side; first frame the median of {FIRST_RUNS} "
          f"launches (the launcher's floor, {FIRST_FLOOR}: {first_floor * 1000:.1f} ms); peak RSS is VmHWM (/bin/true under GNU time: {floor:.1f} MiB); wake-ups are voluntary "
          f"context switches per second, {QUIET_WINDOW[0]:g}–{QUIET_WINDOW[1]:g} s")
    print(f"{'program':34} {'first frame ms':>15} {'end drift ms':>13} {'CPU s/min':>10} {'peak RSS MiB':>13} {'wake-ups/s':>11}")
    for name, first, drift, cpu, rss, wakeups in rows:
        shown = [f"{v * 1000:{w}.1f}" if v is not None else f"{'-':>{w}}" for v, w in ((first, 15), (drift, 13))]
        woken = f"{wakeups:11.1f}" if wakeups is not None else f"{'-':>11}"
        print(f"{name:34} {shown[0]} {shown[1]} {cpu:10.3f} {rss:13.1f} {woken}")


if __name__ == "__main__":
    main()
