"""Signals and the terminal (rows of the "faults" category): SIGTERM, SIGHUP and SIGINT in every kind
of step (plain output) and at every full-screen phase (under tmux), and a terminal resized to 1x1.
The exit status is 128+N, the log ends with the session's end, the terminal is as it was."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from stress_suite.common import (PHASE_PROGRAM, PHASE_SETS, Result, case, env_for, limber_pid, logged_sets, missing,
                                 plan_steps, read_log, reported_sets, skip, tty_session, wait_file, write)

CATEGORY = "faults"


def run_cases(ctx):
    signals_plain(ctx.binary, ctx.work, every=not ctx.quick)
    signals_tty(ctx.binary, ctx.work, every=not ctx.quick)
    tiny_terminal(ctx.binary, ctx.work)


def signals_plain(binary, work, every):
    """SIGTERM, SIGHUP and SIGINT in every kind of step: exit 128+N, the session's end logged."""
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    steps = plan_steps(binary, program, work)
    moments = {}
    for s in steps:
        moments.setdefault(s["kind"], s["start"] + s["length"] / 2)
    moments["closing cue"] = steps[-1]["start"] + steps[-1]["length"] + 0.6
    sigs = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]
    jobs = []
    for i, (phase, at) in enumerate(sorted(moments.items(), key=lambda kv: kv[1])):
        for j, sig in enumerate(sigs):
            if every or (i + j) % 3 == 0:
                jobs.append((phase, at, sig))
    print(f"faults: {len(jobs)} signals at {len(moments)} phases (plain output)", flush=True)

    def one(job):
        phase, at, sig = job
        home = tempfile.mkdtemp(dir=work, prefix="sig-")
        log = os.path.join(home, "log.jsonl")
        p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
        time.sleep(at)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            case("faults", False, f"{signal.Signals(sig).name} during {phase}: no exit within 10 s", hang=True)
            return
        r = Result(p.returncode, out.decode(), err.decode(), 0, 0, False)
        events, torn, _ = read_log(log)
        ended = events and events[-1]["type"] == "session_end"
        finished = ended and events[-1].get("status") == "completed"
        lost = missing(reported_sets(r.out), logged_sets(events)) + (0 if ended else 1)
        expected = 0 if finished else 128 + sig
        case("faults", r.code == expected and not torn,
             f"{signal.Signals(sig).name} during {phase}: exit {r.code} (want {expected}), last event "
             f"{events[-1].get('status') if events else None}", crash=r.crashed, lost=lost,
             checked=len(reported_sets(r.out)) + 1)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, jobs))


def signals_tty(binary, work, every):
    """Signals in the full-screen UI at each phase: the terminal is restored, the log complete."""
    if shutil.which("tmux") is None:
        skip("faults", "full-screen signal cases: tmux is not installed")
        return
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    # (phase, extra run options, how to get there, text on the screen that proves it)
    def skip_to_end(t):
        for _ in range(40):  # skip step by step until the end screen shows (a key there would leave it)
            if "Press any key" in t.screen():
                return
            t.keys("n")
            time.sleep(0.25)
    phases = [
        ("start screen", "", lambda t: None, "Space"),
        ("countdown", "", lambda t: t.keys("Space"), "Space pause"),
        ("paused", "", lambda t: (t.keys("Space"), time.sleep(0.6), t.keys("Space")), "PAUSED"),
        ("help", "", lambda t: (t.keys("Space"), time.sleep(0.6), t.keys("?")), "this help"),
        ("quit question", "", lambda t: (t.keys("Space"), time.sleep(0.6), t.keys("q")), "Quit the session?"),
        ("discomfort question", "", lambda t: (t.keys("Space"), time.sleep(0.5), t.keys("n"), time.sleep(0.5), t.keys("n"),
                                               time.sleep(0.5), t.keys("n"), time.sleep(0.5), t.keys("n")), "How much discomfort"),
        ("end screen", "--yes --no-prompt", skip_to_end, "Press any key"),
    ]
    sigs = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]
    jobs = [(p, s) for i, p in enumerate(phases) for j, s in enumerate(sigs) if every or (i + j) % 3 == 0]
    print(f"faults: {len(jobs)} signals at {len(phases)} full-screen phases (tmux)", flush=True)
    for n, ((phase, extra, reach, proof), sig) in enumerate(jobs):
        t, home, log = tty_session(binary, work, f"sig{n}", program, extra=extra)
        try:
            ready = t.wait_for("Space", 10)
            reach(t)
            reached = t.wait_for(proof, 5)
            time.sleep(0.3)
            screen = t.screen()
            pid = limber_pid(home)
            if pid is None or not ready:
                case("faults", False, f"{signal.Signals(sig).name} at {phase}: session did not start\n{screen}")
                continue
            os.kill(pid, sig)
            done = wait_file(os.path.join(home, "after"))
            code = open(os.path.join(home, "code")).read().strip() if done else "none"
            restored = done and open(os.path.join(home, "before")).read() == open(os.path.join(home, "after")).read()
            events, torn, _ = read_log(log)
            ended = (not events) or events[-1]["type"] == "session_end"
            # A session that had already ended (the end screen) keeps its own exit code.
            finished = bool(events) and events[-1]["type"] == "session_end" and events[-1].get("status") == "completed"
            expected = str(0 if finished else 128 + sig)
            case("faults", reached and done and code == expected and restored and not torn,
                 f"{signal.Signals(sig).name} at {phase} (reached {reached}): exit {code} (want {expected}), terminal restored {restored}, "
                 f"{len(events)} events", hang=not done, lost=0 if ended else 1, checked=1 if events else 0)
        finally:
            t.close()


def tiny_terminal(binary, work):
    if shutil.which("tmux") is None:
        skip("faults", "1x1 terminal: tmux is not installed")
        return
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    t, home, log = tty_session(binary, work, "tiny", program, extra="--yes --no-prompt")
    try:
        t.wait_for("Plank", 10)
        for size in [(1, 1), (2, 1), (1, 3), (80, 24), (1, 1), (12, 2)]:
            t("resize-window", "-t", t.name, "-x", str(size[0]), "-y", str(size[1]))
            time.sleep(0.4)
        alive = limber_pid(home) is not None
        t("resize-window", "-t", t.name, "-x", "80", "-y", "24")
        plan_seconds = sum(s["length"] for s in plan_steps(binary, program, home))
        end = time.monotonic() + plan_seconds + 15
        t.wait_for("Press any key", timeout=plan_seconds + 15)
        t.keys("Enter")
        done = wait_file(os.path.join(home, "after"))
        code = open(os.path.join(home, "code")).read().strip() if done else "none"
        restored = done and open(os.path.join(home, "before")).read() == open(os.path.join(home, "after")).read()
        events, torn, _ = read_log(log)
        sets = len(logged_sets(events))
        case("faults", alive and code == "0" and restored and not torn and sets == PHASE_SETS,
             f"resized to 1x1 and back mid-session: alive {alive}, exit {code}, restored {restored}, {sets} sets logged",
             crash=not alive, lost=PHASE_SETS - sets if done else 0, checked=PHASE_SETS)
    finally:
        t.close()
