"""What every category of the stress suite shares: the tally behind the summary table, running the
binary, the environment a case runs in, reading logs and what a session printed, the test programs,
and a tmux terminal driven like a person would."""

import json
import os
import re
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IS_ROOT = os.geteuid() == 0
CRASH_MARKERS = ("Fatal error", "Stack dump", "Backtrace", "Segmentation fault", "Illegal instruction", "💣")


# ---------------------------------------------------------------------------------------------
# Bookkeeping


class Tally:
    def __init__(self):
        self.cases = 0
        self.failures = 0
        self.crashes = 0
        self.hangs = 0
        self.lost = 0
        self.checked = 0
        self.escapes = 0
        self.skipped = []


TALLY = {}
LOCK = threading.Lock()
VERBOSE = False


def tally(category):
    with LOCK:
        return TALLY.setdefault(category, Tally())


def case(category, ok, what, crash=False, hang=False, lost=0, escapes=0, checked=0):
    """Records one case; prints it when it failed (or always with --verbose). `checked` counts
    the events the case looked for in the log (so that zero lost means something)."""
    t = tally(category)
    with LOCK:
        t.cases += 1
        t.checked += checked
        bad = (not ok) or crash or hang or lost or escapes
        t.failures += 1 if bad else 0
        t.crashes += 1 if crash else 0
        t.hangs += 1 if hang else 0
        t.lost += lost
        t.escapes += escapes
        if bad or VERBOSE:
            print(f"  {'FAIL' if bad else 'ok  '} {category}: {what}", flush=True)


def skip(category, why):
    t = tally(category)
    with LOCK:
        t.skipped.append(why)
    print(f"  skip {category}: {why}", flush=True)


def stuck_report(pid):
    """What a process that should have exited is doing, for a hang's failure line: whether it is
    still alive (a dead one whose pipes stay open means a child kept them), each thread's state and
    kernel wait channel, and its threads' stacks from gdb when gdb is there (20 s at most)."""
    task = f"/proc/{pid}/task"
    try:
        threads = sorted(os.listdir(task), key=int)
    except OSError:
        return "the process had already exited (its output pipes were held open by another process)"
    lines = []
    for tid in threads:
        try:
            with open(f"{task}/{tid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            with open(f"{task}/{tid}/wchan") as f:
                wchan = f.read().strip() or "-"
            with open(f"{task}/{tid}/comm") as f:
                comm = f.read().strip()
        except OSError:
            continue
        lines.append(f"thread {tid} ({comm}): state {state}, waiting in {wchan}")
    try:
        gdb = subprocess.run(["gdb", "-batch", "-nx", "-p", str(pid), "-ex", "thread apply all bt 12"],
                             capture_output=True, text=True, timeout=20)
        frames = [l for l in gdb.stdout.splitlines() if l.startswith(("#", "Thread "))]
        lines += frames[:80]
    except (OSError, subprocess.TimeoutExpired):
        lines.append("(no gdb backtrace)")
    return "\n      ".join(lines)


# ---------------------------------------------------------------------------------------------
# Running the binary


class Result:
    def __init__(self, code, out, err, seconds, rss_mb, hung):
        self.code, self.out, self.err, self.seconds, self.rss_mb, self.hung = code, out, err, seconds, rss_mb, hung

    @property
    def crashed(self):
        return self.code is not None and (self.code < 0 or any(m in self.err for m in CRASH_MARKERS))


def run(args, env=None, timeout=20, cwd=None, stdin=subprocess.DEVNULL, preexec=None):
    """Runs a command; returns its exit code, output, wall time and peak RSS (MB)."""
    start = time.monotonic()
    p = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
                         preexec_fn=preexec)
    out_chunks, err_chunks = [], []
    readers = [threading.Thread(target=lambda s=s, b=b: b.append(s.read())) for s, b in
               ((p.stdout, out_chunks), (p.stderr, err_chunks))]
    for r in readers:
        r.start()
    hung = False
    timer = threading.Timer(timeout, lambda: p.kill())
    timer.start()
    _, status, usage = os.wait4(p.pid, 0)
    timer.cancel()
    elapsed = time.monotonic() - start
    if elapsed >= timeout:
        hung = True
    for r in readers:
        r.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    out = b"".join(out_chunks).decode("utf-8", "replace")
    err = b"".join(err_chunks).decode("utf-8", "replace")
    return Result(p.returncode, out, err, elapsed, usage.ru_maxrss / 1024, hung)


def env_for(home, **extra):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "XDG_DATA_HOME": os.path.join(home, "data"),
           "LANG": "C.UTF-8", "NO_COLOR": "1", "LIMBER_SOUNDS": os.path.join(ROOT, "Sounds")}
    env.update(extra)
    return env


def write(path, text, mode=0o644):
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    os.chmod(path, mode)


# ---------------------------------------------------------------------------------------------
# Logs


def read_log(path):
    """(events, torn, last_torn): the whole events, the numbers of lines before the last that are
    not whole events, and whether the last line is cut off (the one place a kill may leave one)."""
    events, torn, last_torn = [], [], False
    if not os.path.isfile(path):
        return events, torn, last_torn
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, raw in enumerate(lines):
        whole = i < len(lines) - 1 or data.endswith(b"\n")
        try:
            e = json.loads(raw)
            if not whole or not all(k in e for k in ("v", "ts", "session", "type")):
                raise ValueError
            events.append(e)
        except ValueError:
            if i == len(lines) - 1 and not whole:
                last_torn = True
            else:
                torn.append(i + 1)
    return events, torn, last_torn


SET_LINE = re.compile(r"\] set (done|skipped) · (.*?) · set (\d+) of (\d+)(?: · (\w+) side)? · (logged|not yet saved)$")


def reported_sets(stdout):
    """The sets a plain-mode session said were logged."""
    sets = []
    for line in stdout.splitlines():
        m = SET_LINE.search(line)
        if m and m.group(6) == "logged":
            sets.append((m.group(2), int(m.group(3)), int(m.group(4)), m.group(5), m.group(1)))
    return sets


def logged_sets(events, session=None):
    return [(e.get("exercise"), e.get("set"), e.get("sets"), e.get("side"), e.get("status")) for e in events
            if e["type"] == "set" and (session is None or e["session"] == session)]


def missing(reported, logged):
    remaining = list(logged)
    lost = 0
    for s in reported:
        if s in remaining:
            remaining.remove(s)
        else:
            lost += 1
    return lost


def stderr_events(err):
    """Events a session printed to stderr because it could not save them."""
    events = []
    for line in err.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                pass
    return events


# ---------------------------------------------------------------------------------------------
# Programs used by the cases

KILL_PROGRAM = """limber: 1
title: Kill test
safety: [Stop if pain is sharp.]
discomfort: { ask: after_exercise, stop_at: 7 }
defaults: { prepare: 0s, rest: 0s, rest_between_exercises: 0s, switch: 0s }
exercises:
  - name: Plank
    sets: 3
    hold: 1s
  - name: Lunge
    sides: [left, right]
    hold: 1s
  - name: Bridge
    reps: 2
    tempo: 1-0-0
"""
KILL_SETS = 6  # 3 Plank + 2 Lunge sides + 1 Bridge
KILL_SPAN = 7.0

PHASE_PROGRAM = """limber: 1
title: Phase test
safety: [Stop if pain is sharp.]
schedule: { per_week: 3 }
discomfort: { ask: after_exercise, stop_at: 7 }
defaults: { prepare: 2s, rest: 2s, rest_between_exercises: 2s, switch: 2s }
exercises:
  - name: Plank
    sets: 2
    hold: 2s
  - name: Lunge
    sides: [left, right]
    hold: 2s
  - name: Bridge
    reps: 1
    tempo: 2-2-2
"""
PHASE_SETS = 5  # 2 Plank + 2 Lunge sides + 1 Bridge


class Context:
    """What each category's `run` is given: the binary under test, a scratch folder holding
    kill.yaml and phase.yaml, and the suite's options."""

    def __init__(self, binary, work, quick, kills, fuzz_seconds, rng):
        self.binary, self.work, self.quick = binary, work, quick
        self.kills, self.fuzz_seconds, self.rng = kills, fuzz_seconds, rng


def plan_steps(binary, program, home):
    r = run([binary, "plan", program, "--format", "json"], env=env_for(home))
    return json.loads(r.out)["steps"]


# ---------------------------------------------------------------------------------------------
# The full-screen UI under tmux


class Tmux:
    """One detached tmux server per case, driven like a person would."""

    def __init__(self, work, name, columns=80, rows=24):
        self.socket = os.path.join(work, f"tmux-{name}")
        self.name = name

    def __call__(self, *args):
        return subprocess.run(["tmux", "-S", self.socket] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)

    def start(self, command, columns=80, rows=24):
        self("-f", "/dev/null", "new-session", "-d", "-s", self.name, "-x", str(columns), "-y", str(rows), command)
        self("set-option", "-g", "window-size", "manual")

    def screen(self):
        return self("capture-pane", "-p", "-t", self.name).stdout

    def keys(self, *keys):
        self("send-keys", "-t", self.name, *keys)

    def wait_for(self, text, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.screen():
                return True
            time.sleep(0.1)
        return False

    def close(self):
        self("kill-server")


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def tty_session(binary, work, tag, program, extra=""):
    home = tempfile.mkdtemp(dir=work, prefix=f"tty-{tag}-")
    log = os.path.join(home, "log.jsonl")
    env = " ".join(f"{k}={shell_quote(v)}" for k, v in env_for(home).items() if k != "NO_COLOR")
    # The inner shell writes its pid and becomes limber (exec), so the pid file names limber.
    inner = (f"echo $$ > pid; exec env -i {env} TERM=xterm-256color {shell_quote(binary)} run "
             f"{shell_quote(program)} --no-sound --log {shell_quote(log)} {extra}")
    script = f"cd {shell_quote(home)}; stty -a > before; sh -c {shell_quote(inner)}; echo $? > code.tmp; mv code.tmp code; stty -a > after.tmp; mv after.tmp after; sleep 30"
    t = Tmux(work, tag)
    t.start("sh -c " + shell_quote(script))
    return t, home, log


def limber_pid(home):
    """limber's pid while it runs (from the pid file its shell wrote), else None."""
    try:
        pid = int(open(os.path.join(home, "pid")).read())
        os.kill(pid, 0)
        return None if os.path.exists(os.path.join(home, "code")) else pid
    except (OSError, ValueError):
        return None


def wait_file(path, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        time.sleep(0.1)
    return False
