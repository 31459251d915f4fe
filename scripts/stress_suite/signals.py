"""Signals and the terminal (rows of the "faults" category): SIGTERM, SIGHUP and SIGINT in every kind
of step (plain output) and at every full-screen phase (under tmux), and a terminal resized to 1x1.
The exit status is 128+N, the log ends with the session's end, the terminal is as it was.
Also: every other signal whose default action ends a process (SIGQUIT without Swift's backtracer),
a SIGHUP ignored at start (nohup) staying ignored, SIGTSTP/SIGCONT (sent, and Ctrl-Z typed) and SIGSTOP (the session pauses
where it stopped), and an arrow key arriving in two reads."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from stress_suite.common import (PHASE_PROGRAM, PHASE_SETS, Result, Tmux, case, env_for, limber_pid, logged_sets, missing, stuck_report,
                                 plan_steps, read_log, reported_sets, run, shell_quote, skip, tty_session, wait_file, write)

CATEGORY = "faults"


def run_cases(ctx):
    signals_plain(ctx.binary, ctx.work, every=not ctx.quick)
    signals_tty(ctx.binary, ctx.work, every=not ctx.quick)
    tiny_terminal(ctx.binary, ctx.work)
    other_signals(ctx.binary, ctx.work)
    ignored_at_start(ctx.binary, ctx.work)
    stopped_plain(ctx.binary, ctx.work)
    stop_and_continue_tty(ctx.binary, ctx.work)
    stop_and_continue_tty(ctx.binary, ctx.work, by_key=True)
    arrow_in_two_reads(ctx.binary, ctx.work)


def tty_outcome(home):
    """(done, exit code, terminal restored) of a session run by `tty_session` (or like it)."""
    done = wait_file(os.path.join(home, "after"))
    code = open(os.path.join(home, "code")).read().strip() if done else "none"
    restored = done and open(os.path.join(home, "before")).read() == open(os.path.join(home, "after")).read()
    return done, code, restored


def phase_program_under_tmux(work, what):
    """phase.yaml's path for a full-screen case, or None (and the case skipped) without tmux."""
    if shutil.which("tmux") is None:
        skip("faults", f"{what}: tmux is not installed")
        return None
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    return program


OTHER_SIGNALS = [signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGPWR, signal.SIGXCPU,
                 signal.SIGVTALRM, signal.SIGPROF]


def plain_session(binary, work, tag, program, preexec=None):
    """A plain-mode session started in its own folder: (process, home, log)."""
    home = tempfile.mkdtemp(dir=work, prefix=f"{tag}-")
    log = os.path.join(home, "log.jsonl")
    p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home), preexec_fn=preexec)
    return p, home, log


def finish(p, timeout=15):
    """(Result, hung): the process's output once it exits, killed after `timeout`."""
    try:
        out, err = p.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        hung = True
    return Result(p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), 0, 0, hung), hung


def other_signals(binary, work):
    """Every signal whose default action ends the process ends the session cleanly, plain and full
    screen: 128+N, the end logged as quit, the terminal restored, no backtracer."""
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    print(f"faults: {len(OTHER_SIGNALS)} other ending signals (plain and full screen)", flush=True)
    for sig in OTHER_SIGNALS:
        name = signal.Signals(sig).name
        p, home, log = plain_session(binary, work, "other", program)
        time.sleep(2.5)
        p.send_signal(sig)
        r, hung = finish(p)
        events, torn, _ = read_log(log)
        quit_logged = bool(events) and events[-1]["type"] == "session_end" and events[-1].get("status") == "quit"
        case("faults", r.code == 128 + sig and quit_logged and not torn and "Press space" not in r.err,
             f"{name} (plain): exit {r.code} (want {128 + sig}), end logged as quit {quit_logged}",
             crash=r.crashed, hang=hung, lost=0 if quit_logged else 1, checked=1)
    for n, sig in enumerate([signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM]):
        name = signal.Signals(sig).name
        t, home, log = tty_session(binary, work, f"other{n}", program)
        try:
            t.wait_for("Space", 10)
            t.keys("Space")
            started = t.wait_for("Space pause", 5)
            pid = limber_pid(home)
            if pid is None or not started:
                case("faults", False, f"{name} (full screen): session did not start\n{t.screen()}")
                continue
            os.kill(pid, sig)
            done, code, restored = tty_outcome(home)
            events, torn, _ = read_log(log)
            quit_logged = bool(events) and events[-1].get("status") == "quit"
            screen = t.screen()
            case("faults", code == str(128 + sig) and restored and quit_logged and "Press space" not in screen,
                 f"{name} (full screen): exit {code} (want {128 + sig}), terminal restored {restored}, end logged as "
                 f"quit {quit_logged}", hang=not done, crash="Press space" in screen, lost=0 if quit_logged else 1, checked=1)
        finally:
            t.close()


def ignored_at_start(binary, work):
    """`nohup limber run …`: a SIGHUP ignored when Limber started stays ignored."""
    program = os.path.join(work, "kill.yaml")
    p, home, log = plain_session(binary, work, "nohup", program,
                                 preexec=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    time.sleep(2.0)
    p.send_signal(signal.SIGHUP)
    r, hung = finish(p)
    events, torn, _ = read_log(log)
    completed = bool(events) and events[-1].get("status") == "completed"
    case("faults", r.code == 0 and completed and not torn,
         f"SIGHUP ignored at start (nohup): exit {r.code} (want 0), completed {completed}",
         crash=r.crashed, hang=hung, lost=missing(reported_sets(r.out), logged_sets(events)), checked=len(reported_sets(r.out)))


def stopped_plain(binary, work):
    """SIGSTOP for 4 s mid-set (plain): the session pauses where it stopped, logs the pause, says so
    once, and goes on; no set whose time fell in the gap is logged done, no stale cue is said."""
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    p, home, log = plain_session(binary, work, "sigstop", program)
    time.sleep(3.0)  # in the first hold
    p.send_signal(signal.SIGSTOP)
    time.sleep(4.0)
    p.send_signal(signal.SIGCONT)
    r, hung = finish(p, timeout=40)
    events, torn, _ = read_log(log)
    types = [e["type"] for e in events]
    said = [l for l in r.out.splitlines() if "] paused · limber was stopped" in l]
    resumed = next((e for e in events if e["type"] == "resume"), {})
    cues = [l.split("] cue ", 1)[1] for l in r.out.splitlines() if "] cue " in l]
    # The session runs without sound, so the plan is read without the voice's phrases.
    planned = [c["cue"] for c in json.loads(run([binary, "plan", program, "--format", "json", "--voice", "off"], env=env_for(home)).out)["cues"]]
    ok = r.code == 0 and "pause" in types and "resume" in types and len(said) == 1 and resumed.get("paused_seconds", 0) >= 3.5 \
        and len(logged_sets(events)) == PHASE_SETS and cues == planned
    case("faults", ok and not torn, f"SIGSTOP 4 s (plain): exit {r.code}, pause/resume logged {'pause' in types}/{'resume' in types}, "
         f"paused {resumed.get('paused_seconds')} s, said {len(said)}, each planned cue said once {cues == planned}",
         crash=r.crashed, hang=hung, lost=missing(reported_sets(r.out), logged_sets(events)), checked=PHASE_SETS)


def stop_and_continue_tty(binary, work, by_key=False):
    """SIGTSTP in full screen (sent, or with `by_key` the suspend key Ctrl-Z typed, as a person
    would): the terminal is restored (cooked mode, main screen) while stopped; SIGCONT sets it up
    again and redraws; the stop paused the session; keys work after it."""
    label = "Ctrl-Z/fg" if by_key else "SIGTSTP/SIGCONT"
    program = phase_program_under_tmux(work, label)
    if program is None:
        return
    # Under tmux the pane's shell has no job control, so a stop would be discarded (an orphaned
    # process group): bash with `set -m` runs limber as a job, waits for "go" while it is
    # stopped, then brings it back with fg, as a person's shell would.
    home = tempfile.mkdtemp(dir=work, prefix="tty-tstp-")
    log = os.path.join(home, "log.jsonl")
    env = " ".join(f"{k}={shell_quote(v)}" for k, v in env_for(home).items() if k != "NO_COLOR")
    inner = (f"echo $$ > pid; exec env -i {env} TERM=xterm-256color {shell_quote(binary)} run "
             f"{shell_quote(program)} --no-sound --no-prompt --log {shell_quote(log)}")
    script = (f"cd {shell_quote(home)}; stty -a > before; set -m; sh -c {shell_quote(inner)}; "
              "while [ ! -e go ]; do sleep 0.1; done; fg; echo $? > code.tmp; mv code.tmp code; "
              "stty -a > after.tmp; mv after.tmp after; sleep 30")
    t = Tmux(work, "ctrlz" if by_key else "tstp")
    t.start("bash -c " + shell_quote(script))
    try:
        t.wait_for("Space", 10)
        t.keys("Space")
        started = t.wait_for("Space pause", 5)
        pid = limber_pid(home)
        if pid is None or not started:
            case("faults", False, f"{label}: session did not start\n{t.screen()}")
            return
        tty = t("display-message", "-p", "-t", t.name, "#{pane_tty}").stdout.strip()
        if by_key:
            t.keys("C-z")
        else:
            os.kill(pid, signal.SIGTSTP)
        time.sleep(1.0)
        stopped_stty = subprocess.run(["stty", "-a", "-F", tty], stdout=subprocess.PIPE, text=True).stdout
        cooked = " icanon" in stopped_stty and " echo" in stopped_stty
        left_screen = "Space pause" not in t.screen()
        time.sleep(2.5)
        write(os.path.join(home, "go"), "")  # the shell's fg continues it
        redrawn = t.wait_for("stopped for", 5)
        t.keys("Space")  # dismiss the notice and go on
        t.wait_for("Press any key", 40)
        t.keys("Enter")
        done, code, restored = tty_outcome(home)
        events, torn, _ = read_log(log)
        types = [e["type"] for e in events]
        case("faults", cooked and left_screen and redrawn and code == "0" and restored and "pause" in types
             and len(logged_sets(events)) == PHASE_SETS and not torn,
             f"{label} (full screen): cooked while stopped {cooked}, left the screen {left_screen}, redrawn {redrawn}, "
             f"exit {code}, restored {restored}, pause logged {'pause' in types}",
             hang=not done, lost=PHASE_SETS - len(logged_sets(events)) if done else 0, checked=PHASE_SETS)
    finally:
        t.close()


def arrow_in_two_reads(binary, work):
    """ESC, then `[C` 50 ms later (as over SSH): an arrow, not Esc; the start screen stays."""
    program = phase_program_under_tmux(work, "arrow in two reads")
    if program is None:
        return
    t, home, log = tty_session(binary, work, "arrow", program)
    try:
        t.wait_for("Space", 10)
        t.keys("Escape")
        time.sleep(0.05)
        t.keys("-l", "[C")
        time.sleep(0.5)
        t.keys("Escape")  # a lone Esc at the start screen does nothing either
        time.sleep(0.5)
        alive = limber_pid(home) is not None
        still = "Space" in t.screen()
        t.keys("q")
        done = wait_file(os.path.join(home, "after"))
        case("faults", alive and still and done, f"arrow in two reads at the start screen: still there {alive and still}",
             hang=not done)
    finally:
        t.close()


def started(log):
    try:
        with open(log, "rb") as f:
            return b'"session_start"' in f.read(4096)
    except OSError:
        return False


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
        # The phases are timed from the session's start (a slow start-up on a loaded machine must
        # not move a signal meant for a step into the moment before the handlers exist).
        began = time.monotonic()
        while time.monotonic() - began < 10 and p.poll() is None and not started(log):
            time.sleep(0.01)
        time.sleep(at)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            stuck = stuck_report(p.pid)
            p.kill()
            out, err = p.communicate()
            case("faults", False, f"{signal.Signals(sig).name} during {phase}: no exit within 10 s\n      {stuck}",
                 hang=True)
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
    program = phase_program_under_tmux(work, "full-screen signal cases")
    if program is None:
        return
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
            done, code, restored = tty_outcome(home)
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
    program = phase_program_under_tmux(work, "1x1 terminal")
    if program is None:
        return
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
        done, code, restored = tty_outcome(home)
        events, torn, _ = read_log(log)
        sets = len(logged_sets(events))
        case("faults", alive and code == "0" and restored and not torn and sets == PHASE_SETS,
             f"resized to 1x1 and back mid-session: alive {alive}, exit {code}, restored {restored}, {sets} sets logged",
             crash=not alive, lost=PHASE_SETS - sets if done else 0, checked=PHASE_SETS)
    finally:
        t.close()
