"""faults — the disk and the devices failing under a session: disk full (file size limit, a full
tmpfs), a read-only folder, a folder in place of the log, the log locked by another process, the
sound device failing, missing or stuck. Nothing the session reported may be lost: it is in the log
or printed on stderr as JSON lines."""

import json
import os
import resource
import shutil
import signal
import subprocess
import time

from stress_suite.signals import tty_outcome
from stress_suite.common import (IS_ROOT, KILL_SETS, KILL_SPAN, PHASE_PROGRAM, PHASE_SETS, Result, Tmux, case, env_for, logged_sets, missing, read_log,
                                 reported_sets, run, shell_quote, skip, stderr_events, write)

CATEGORY = "faults"


def file_pcm(name, target):
    """An asoundrc defining PCM `name`: ALSA's `file` plugin over `null`, writing raw samples to
    `target` (a path, or `|command` for a pipe). It plays nothing, so it takes data at any pace."""
    return f"""pcm.{name} {{
    type file
    slave {{ pcm {{ type null }} }}
    file "{target}"
    format "raw"
}}
"""


def run_cases(ctx):
    print("faults: disk full, read-only, folder in place of the log, sound device failing, speech worker killed", flush=True)
    disk_full_rlimit(ctx.binary, ctx.work)
    disk_full_tmpfs(ctx.binary, ctx.work)
    read_only_folder(ctx.binary, ctx.work)
    folder_in_place_of_log(ctx.binary, ctx.work)
    log_replaced(ctx.binary, ctx.work)
    log_locked(ctx.binary, ctx.work, long=not ctx.quick)
    audio_fails(ctx.binary, ctx.work)
    audio_stuck(ctx.binary, ctx.work)
    speech_worker_dies(ctx.binary, ctx.work)


def check_no_loss(category, what, r, log, expect_code=None):
    """Everything the session did is in the log or on stderr as JSON lines; nothing is torn."""
    events, torn, last_torn = read_log(log)
    torn += [-1] if last_torn else []
    spilled = stderr_events(r.err)
    all_sets = logged_sets(events) + logged_sets(spilled)
    has_end = any(e["type"] == "session_end" for e in events + spilled)
    lost = missing(reported_sets(r.out), all_sets) + (0 if has_end else 1) + (KILL_SETS - min(KILL_SETS, len(all_sets)))
    ok = not torn and (expect_code is None or r.code == expect_code)
    case(category, ok, f"{what}: exit {r.code}, {len(logged_sets(events))} sets in the log, "
                       f"{len(logged_sets(spilled))} on stderr, torn {torn}", crash=r.crashed, hang=r.hung, lost=lost,
         checked=KILL_SETS + 1)
    return events, spilled


def disk_full_rlimit(binary, work):
    home = os.path.join(work, "fsize")
    os.makedirs(home)
    log = os.path.join(home, "log.jsonl")
    program = os.path.join(work, "kill.yaml")
    limit = 1500  # the start event and a set or two fit; the rest do not

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    r = run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10,
            preexec=limit_file_size)
    events, spilled = check_no_loss("faults", "disk full (RLIMIT_FSIZE)", r, log, expect_code=1)
    said = [l for l in r.err.splitlines() if "could not be saved" in l]
    case("faults", bool(said) and "File too large" in said[0], "disk full says so: " + (said or ["nothing said"])[0][:160])


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", path],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def unmount(path):
    subprocess.run(["umount", "-l", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fill_disk(path):
    """Writes `path` until the file system is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"x")
    except OSError:
        pass
    os.close(fd)


def earlier_sessions(log, size):
    """A log already holding about `size` bytes of whole events, as after weeks of use."""
    os.makedirs(os.path.dirname(log), exist_ok=True)
    line = json.dumps({"v": 1, "ts": "2026-11-01T10:00:00.000+00:00", "session": "earlier", "type": "note",
                       "note": "earlier session"}) + "\n"
    write(log, line * (size // len(line)), 0o600)


def disk_full_tmpfs(binary, work):
    mnt = os.path.join(work, "tmpfs")
    if not IS_ROOT or not mount_tmpfs(mnt, "64k"):
        skip("faults", "disk full on a small tmpfs: can't mount here (needs root); RLIMIT_FSIZE case ran instead")
        return
    try:
        log = os.path.join(mnt, "limber", "log.jsonl")
        program = os.path.join(work, "kill.yaml")
        # The log's last page has about 1 KB free when the disk fills: the start event and a
        # set or two fit, the rest of the session does not.
        earlier_sessions(log, 3000)
        filler = os.path.join(mnt, "filler")
        fill_disk(filler)
        r = run([binary, "run", program, "--no-sound", "--log", log], env=env_for(work), timeout=KILL_SPAN + 10)
        check_no_loss("faults", "disk full (64 KB tmpfs)", r, log, expect_code=1)
        case("faults", "No space left on device" in r.err, "full disk named in the message")
        # Space comes back mid-session: what waited in memory is written, in order.
        os.remove(log)
        earlier_sessions(log, 3000)
        fill_disk(filler)
        p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(work))
        time.sleep(5.0)  # the disk filled at about 3 s
        os.remove(filler)
        out, err = p.communicate(timeout=KILL_SPAN + 10)
        events, torn, last_torn = read_log(log)
        events = [e for e in events if e["session"] != "earlier"]
        ordered = [e["ts"] for e in events] == sorted(e["ts"] for e in events)
        sets = len(logged_sets(events))
        case("faults", p.returncode == 0 and not torn and not last_torn and ordered and sets == KILL_SETS
             and events[-1]["type"] == "session_end" and b"kept in memory" in out,
             f"disk frees up mid-session: exit {p.returncode}, {sets} sets in the log, in order {ordered}",
             lost=KILL_SETS - sets, checked=KILL_SETS)
    finally:
        unmount(mnt)


def read_only_folder(binary, work):
    home = os.path.join(work, "readonly")
    folder = os.path.join(home, "logs")
    os.makedirs(folder)
    log = os.path.join(folder, "log.jsonl")
    program = os.path.join(work, "kill.yaml")
    if IS_ROOT:
        if subprocess.run(["mount", "--bind", folder, folder]).returncode != 0 or \
                subprocess.run(["mount", "-o", "remount,ro,bind", folder]).returncode != 0:
            unmount(folder)
            skip("faults", "read-only folder: can't bind-mount read-only here and root ignores permissions")
            return
    else:
        os.chmod(folder, 0o500)
    try:
        r = run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10)
        check_no_loss("faults", "read-only log folder", r, log, expect_code=1)
        said = [l for l in r.err.splitlines() if "could not be saved" in l]
        case("faults", bool(said) and ("Read-only file system" in said[0] or "Permission denied" in said[0]),
             "read-only folder named in the message: " + (said or ["nothing said"])[0][:160])
    finally:
        if IS_ROOT:
            unmount(folder)
        else:
            os.chmod(folder, 0o700)


def folder_in_place_of_log(binary, work):
    home = os.path.join(work, "dirlog")
    log = os.path.join(home, "log.jsonl")
    os.makedirs(log)
    program = os.path.join(work, "kill.yaml")
    r = run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10)
    check_no_loss("faults", "a folder in place of the log", r, log, expect_code=1)
    said = [l for l in r.err.splitlines() if "could not be saved" in l]
    case("faults", bool(said) and ("Is a directory" in said[0] or "not a regular file" in said[0]),
         "folder named in the message: " + (said or ["nothing said"])[0][:160])
    # Replaced while the session runs: the open file keeps taking events (moved, not lost).
    home = os.path.join(work, "dirlog-mid")
    os.makedirs(home)
    log = os.path.join(home, "log.jsonl")
    p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
    time.sleep(2.5)
    os.rename(log, log + ".moved")
    os.makedirs(log)
    out, err = p.communicate(timeout=KILL_SPAN + 10)
    events, torn, _ = read_log(log + ".moved")
    case("faults", p.returncode == 0 and not torn and len(logged_sets(events)) == KILL_SETS,
         f"log replaced by a folder mid-session: exit {p.returncode}, {len(logged_sets(events))} sets kept in the open file",
         lost=KILL_SETS - len(logged_sets(events)), checked=KILL_SETS)


def log_replaced(binary, work):
    """The log removed, renamed or saved over (an editor's or a sync tool's `cp log new && mv new
    log`) mid-session: the file the path names ends with the whole session, earlier sessions kept."""
    program = os.path.join(work, "kill.yaml")
    moves = {
        "removed (rm)": lambda log: os.remove(log),
        "renamed (mv log log.old)": lambda log: os.rename(log, log + ".old"),
        "saved over (cp log new && mv new log)": lambda log: (shutil.copy(log, log + ".new"), os.rename(log + ".new", log)),
    }
    for n, (how, move) in enumerate(moves.items()):
        home = os.path.join(work, f"replaced-{n}")
        log = os.path.join(home, "log.jsonl")
        earlier_sessions(log, 2000)
        p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
        time.sleep(2.5)  # the start and a few sets are in the log
        move(log)
        out, err = p.communicate(timeout=KILL_SPAN + 10)
        r = Result(p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), 0, 0, False)
        events, torn, last_torn = read_log(log)
        this = [e for e in events if e["session"] != "earlier"]
        kept = len(events) - len(this) if n == 2 else 0
        whole = bool(this) and this[0]["type"] == "session_start" and this[-1]["type"] == "session_end"
        lost = missing(reported_sets(r.out), logged_sets(this)) + (KILL_SETS - min(KILL_SETS, len(logged_sets(this))))
        once = len(logged_sets(this)) == KILL_SETS  # the copied-in lines are not written twice
        case("faults", r.code == 0 and whole and once and not torn and not last_torn and (n != 2 or kept > 0),
             f"log {how} mid-session: exit {r.code}, {len(logged_sets(this))} sets in the file at the path, "
             f"start and end {whole}, earlier lines kept {kept}, torn {torn}",
             crash=r.crashed, lost=lost + (0 if whole else 1), checked=KILL_SETS + 1)


def audio_fails(binary, work):
    """The sound device dies mid-session: one clear line, the session goes on, nothing lost."""
    home = os.path.join(work, "audio")
    os.makedirs(home)
    # A file PCM piping into a reader that quits after ~1.5 s of sound: writes then fail (EPIPE).
    write(os.path.join(home, ".asoundrc"), file_pcm("dying", "|head -c 150000 > /dev/null"))
    program = os.path.join(work, "kill.yaml")
    log = os.path.join(home, "log.jsonl")
    r = run([binary, "run", program, "--device", "dying", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10)
    events, _ = check_no_loss("faults", "sound device failing mid-session", r, log, expect_code=0)
    notices = [l for l in r.out.splitlines() if "sound" in l.lower() and ("stopped" in l.lower() or "fail" in l.lower() or "lost" in l.lower())]
    case("faults", len(notices) == 1, f"one line about the sound: {notices[:2]}")
    # No device at all: one line, and the workout goes on silently.
    r = run([binary, "run", program, "--device", "nosuchdevice", "--log", log + ".2"], env=env_for(home), timeout=KILL_SPAN + 10)
    check_no_loss("faults", "no sound device", r, log + ".2", expect_code=0)
    case("faults", sum("can't be opened" in l or "can't open" in l.lower() for l in r.out.splitlines() + r.err.splitlines()) >= 1,
         "missing device named once")


def locked_session(binary, work, tag, program, hold):
    """A plain session started while another process holds the log's lock for `hold` seconds:
    (process, log, the flock process)."""
    home = os.path.join(work, tag)
    os.makedirs(home)
    log = os.path.join(home, "log.jsonl")
    write(log, "", 0o600)
    holder = subprocess.Popen(["flock", log, "sleep", str(hold)])
    time.sleep(0.3)
    p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
    return p, log, holder


def log_locked(binary, work, long):
    """Another process holds the log's lock: the session neither freezes nor fast-forwards; a
    SIGTERM during the stall ends it at once as a quit (in the log once the lock comes free, or on
    stderr if it doesn't within 5 s); a long stall pauses the session instead of recording sets
    nobody was shown."""
    if shutil.which("flock") is None:
        skip("faults", "log locked: flock is not installed")
        return
    program = os.path.join(work, "kill.yaml")
    for n, (hold, deadline) in enumerate([(8, 12), (25, 12)]):
        p, log, holder = locked_session(binary, work, f"locked-{n}", program, hold)
        time.sleep(3.5)  # the stall shows after 2 s
        p.send_signal(signal.SIGTERM)
        start = time.monotonic()
        try:
            out, err = p.communicate(timeout=deadline)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        took = time.monotonic() - start
        holder.wait()
        r = Result(p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), took, 0, took >= deadline)
        events, torn, _ = read_log(log)
        spilled = stderr_events(r.err)
        ends = [e for e in events + spilled if e["type"] == "session_end"]
        quit_ = len(ends) == 1 and ends[0].get("status") == "quit"
        where = "log" if events and events[-1]["type"] == "session_end" else "stderr"
        lost = missing(reported_sets(r.out), logged_sets(events)) + (0 if ends else 1)
        case("faults", r.code == 143 and quit_ and not torn and "saving… the log is busy" in r.out and took < 7,
             f"SIGTERM while the log is locked for {hold} s: exit {r.code} (want 143) after {took:.1f} s, "
             f"ended as quit {quit_} (in the {where})", crash=r.crashed, hang=r.hung, lost=lost, checked=1)
    if not long:
        return
    # A program longer than the 10 s a stall may last before the session pauses.
    program = os.path.join(work, "phase.yaml")
    write(program, PHASE_PROGRAM)
    p, log, holder = locked_session(binary, work, "locked-long", program, 25)
    out, err = p.communicate(timeout=90)
    holder.wait()
    out = out.decode("utf-8", "replace")
    events, torn, _ = read_log(log)
    sets = [e for e in events if e["type"] == "set"]
    stamps = [e["ts"] for e in sets]
    paused = any(e["type"] == "pause" for e in events) and "paused · the log has been busy" in out
    case("faults", p.returncode == 0 and paused and len(sets) == PHASE_SETS and len(set(stamps)) == len(stamps) and not torn,
         f"log locked for 25 s: exit {p.returncode}, paused {paused}, {len(sets)} sets, distinct times {len(set(stamps)) == len(stamps)}",
         lost=missing(reported_sets(out), logged_sets(events)) + PHASE_SETS - len(sets), checked=PHASE_SETS)


# Nothing reads the pipe: once its 64 KB are full (0.7 s of sound) every write blocks. The reader
# ends by itself after 40 s, long after the case.
STUCK_ASOUNDRC = file_pcm("stuck", "| exec sleep 40 > /dev/null 2>&1")


def audio_stuck(binary, work):
    """A sound device whose writes block for good (an ALSA file PCM into a pipe nobody reads): the
    session still ends on time and exits within seconds, in plain mode and full screen."""
    home = os.path.join(work, "audio-stuck")
    os.makedirs(home)
    write(os.path.join(home, ".asoundrc"), STUCK_ASOUNDRC)
    program = os.path.join(work, "kill.yaml")
    log = os.path.join(home, "log.jsonl")
    r = run([binary, "run", program, "--device", "stuck", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10)
    events, _ = check_no_loss("faults", "sound device stuck (plain)", r, log, expect_code=0)
    said = [l for l in r.out.splitlines() if "stopped responding" in l]
    case("faults", r.seconds < KILL_SPAN + 4 and len(said) == 1,
         f"sound device stuck (plain): exited after {r.seconds:.1f} s, said so {len(said)} time(s)", hang=r.hung)
    if shutil.which("tmux") is None:
        skip("faults", "sound device stuck (full screen): tmux is not installed")
        return
    tty_home = os.path.join(work, "audio-stuck-tty")
    os.makedirs(tty_home)
    write(os.path.join(tty_home, ".asoundrc"), STUCK_ASOUNDRC)
    env = " ".join(f"{k}={shell_quote(v)}" for k, v in env_for(tty_home).items() if k != "NO_COLOR")
    script = (f"cd {shell_quote(tty_home)}; stty -a > before; env -i {env} TERM=xterm-256color {shell_quote(binary)} run "
              f"{shell_quote(program)} --yes --no-prompt --device stuck --log log.jsonl; echo $? > code.tmp; mv code.tmp code; "
              "stty -a > after.tmp; mv after.tmp after; sleep 30")
    t = Tmux(work, "stuck")
    t.start("sh -c " + shell_quote(script))
    try:
        t.wait_for("Press any key", KILL_SPAN + 10)
        t.keys("Enter")
        started = time.monotonic()
        done, code, restored = tty_outcome(tty_home)
        done = done and time.monotonic() - started < 5
        case("faults", done and code == "0" and restored,
             f"sound device stuck (full screen): exit {code} within 5 s of the last key {done}, terminal restored {restored}",
             hang=not done)
    finally:
        t.close()


QUIET_ASOUNDRC = file_pcm("quiet", "/dev/null")


def speech_worker(session_pid, within):
    """The pid of the session's speech worker (its child named limber-speech-worker), waiting up to
    `within` seconds for it to start; None if it never did."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    name = f.read().split(b"\0")[0]
            except OSError:
                continue
            if int(fields[1]) == session_pid and name.endswith(b"limber-speech-worker"):
                return int(entry)
        time.sleep(0.02)
    return None


def gone(pid, within):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.02)
    return False


def speech_worker_dies(binary, work):
    """The voice's worker process is killed mid-session: one line, the session goes on with tones
    and ends normally, nothing lost; and a session killed outright leaves no worker behind."""
    home = os.path.join(work, "speech-worker")
    os.makedirs(home)
    write(os.path.join(home, ".asoundrc"), QUIET_ASOUNDRC)
    program = os.path.join(work, "kill.yaml")
    for what in ("worker killed", "session killed"):
        log = os.path.join(home, what.replace(" ", "-") + ".jsonl")
        p = subprocess.Popen([binary, "run", program, "--device", "quiet", "--log", log], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
        worker = speech_worker(p.pid, 5)
        if worker is None:
            p.kill()
            p.communicate()
            case("faults", False, f"speech {what}: no speech worker started within 5 s")
            continue
        os.kill(worker if what == "worker killed" else p.pid, signal.SIGKILL)
        start = time.monotonic()
        try:
            out, err = p.communicate(timeout=KILL_SPAN + 10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        r = Result(p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   time.monotonic() - start, 0, time.monotonic() - start >= KILL_SPAN + 10)
        if what == "worker killed":
            check_no_loss("faults", "speech worker killed mid-session", r, log, expect_code=0)
            said = [l for l in r.out.splitlines() + r.err.splitlines() if "speech engine stopped" in l]
            case("faults", len(said) == 1, f"speech worker killed: said so {len(said)} time(s)")
        else:
            ended = gone(worker, 3)
            case("faults", r.code == -signal.SIGKILL and ended,
                 f"session killed: exit {r.code}, its speech worker gone within 3 s {ended}")
