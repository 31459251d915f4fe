"""privacy — files and folders created 0600/0700 under umask 000; reports hold nothing from outside
the logs given."""

import json
import os
import pwd
import shutil
import socket
import stat
import tempfile
import time

from stress_suite.common import IS_ROOT, KILL_SPAN, case, env_for, run, skip, write

CATEGORY = "privacy"


def run_cases(ctx):
    privacy(ctx.binary, ctx.work)
    existing_log_made_private(ctx.binary, ctx.work)
    empty_home(ctx.binary, ctx.work)


def privacy(binary, work):
    print("privacy: modes under umask 000; reports hold only the logs given", flush=True)
    home = os.path.join(work, "privacy")
    os.makedirs(home)
    program = os.path.join(work, "kill.yaml")
    data = os.path.join(home, "fresh", "deeper")

    def open_umask():
        os.umask(0)
    env = env_for(home, XDG_DATA_HOME=data, LIMBER_SECRET="ENV-MARKER-7f3a")
    r = run([binary, "run", program, "--no-sound"], env=env, timeout=KILL_SPAN + 10, preexec=open_umask)
    log = os.path.join(data, "limber", "log.jsonl")
    created = [os.path.join(home, "fresh"), data, os.path.join(data, "limber")]
    modes = {p: stat.S_IMODE(os.stat(p).st_mode) for p in created + [log] if os.path.exists(p)}
    ok = r.code == 0 and modes.get(log) == 0o600 and all(modes.get(p) == 0o700 for p in created)
    case("privacy", ok, "session under umask 000: " + ", ".join(f"{os.path.relpath(p, home)} {m:o}" for p, m in modes.items()))
    # An existing world-readable log stays as the user made it, but a new one never is.
    for fmt in ("text", "json", "csv", "html"):
        out = os.path.join(home, f"report.{fmt}")
        r = run([binary, "report", log, "--format", fmt, "--output", out], env=env, preexec=open_umask)
        mode = stat.S_IMODE(os.stat(out).st_mode) if os.path.exists(out) else None
        case("privacy", r.code == 0 and mode == 0o600, f"report --format {fmt} --output: mode {mode:o}" if mode else "no report")
        # Written again over a file someone left world-readable: made private.
        os.chmod(out, 0o644)
        r = run([binary, "report", log, "--format", fmt, "--output", out], env=env, preexec=open_umask)
        mode = stat.S_IMODE(os.stat(out).st_mode)
        case("privacy", r.code == 0 and mode == 0o600, f"report over a 0644 file: mode {mode:o}")
    # Nothing from outside the logs given: another patient's log beside it, the environment, the machine.
    other = os.path.join(os.path.dirname(log), "other-patient.jsonl")
    write(other, json.dumps({"v": 1, "ts": time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime()), "session": "OTHER-SESSION-MARKER",
                             "type": "session_start", "program": {"title": "OTHER-PATIENT-MARKER", "path": "/x", "sha256": ""}}) + "\n", 0o600)
    cwd = os.path.join(home, "CWD-MARKER-d41")
    os.makedirs(cwd)
    host = socket.gethostname()
    markers = ["OTHER-PATIENT-MARKER", "OTHER-SESSION-MARKER", "ENV-MARKER-7f3a", "CWD-MARKER-d41"]
    if len(host) >= 8 and host != "localhost":  # a short or common host name could occur by chance
        markers.append(host)
    for fmt in ("text", "json", "csv", "html"):
        r = run([binary, "report", log, "--format", fmt], env=env, cwd=cwd)
        leaks = [m for m in markers if m and m in r.out]
        case("privacy", r.code == 0 and not leaks, f"{fmt} report of one log: outside data {leaks}", escapes=len(leaks))


def existing_log_made_private(binary, work):
    """A log left 0644 in a 0755 limber folder (an older Limber, a copy) is private after a session."""
    home = os.path.join(work, "privacy-existing")
    data = os.path.join(home, "data")
    folder = os.path.join(data, "limber")
    os.makedirs(folder)
    os.chmod(folder, 0o755)
    log = os.path.join(folder, "log.jsonl")
    write(log, json.dumps({"v": 1, "ts": "2026-11-01T10:00:00.000+00:00", "session": "earlier", "type": "note",
                           "note": "earlier session"}) + "\n", 0o644)
    r = run([binary, "run", os.path.join(work, "kill.yaml"), "--no-sound"], env=env_for(home, XDG_DATA_HOME=data),
            timeout=KILL_SPAN + 10)
    modes = {p: stat.S_IMODE(os.stat(p).st_mode) for p in (folder, log)}
    case("privacy", r.code == 0 and modes[log] == 0o600 and modes[folder] == 0o700,
         f"existing 0644 log in a 0755 folder after a session: log {modes[log]:o}, folder {modes[folder]:o}", crash=r.crashed)


def empty_home(binary, work):
    """HOME set but empty counts as unset: the account's home folder, never /.local/share; with no
    home at all (an account the password database doesn't know), one clear error and no file."""
    stray = "/.local/share/limber/log.jsonl"
    existed = os.path.exists(stray)
    env = env_for(work, HOME="")
    del env["XDG_DATA_HOME"]
    r = run([binary, "log"], env=env)
    case("privacy", "/.local/share" not in r.out + r.err.replace(pwd.getpwuid(os.geteuid()).pw_dir + "/.local/share", "")
         and not r.crashed, f"HOME= reads the account's log: exit {r.code}: {r.err.strip()[:120]}", crash=r.crashed)
    if not IS_ROOT:
        skip("privacy", "no home folder at all: needs root to run as an account without one")
        return
    # Everything the stranger runs must be reachable: the binary and the program in an open folder.
    shared = tempfile.mkdtemp(prefix="limber-stranger-")
    try:
        os.chmod(shared, 0o755)
        shutil.copy(binary, os.path.join(shared, "limber"))
        shutil.copy(os.path.join(work, "kill.yaml"), os.path.join(shared, "kill.yaml"))

        def stranger():
            os.setgid(59999)
            os.setuid(59999)
        for args in (["log"], ["run", os.path.join(shared, "kill.yaml"), "--no-sound"]):
            r = run([os.path.join(shared, "limber")] + args, env=env, cwd=shared, preexec=stranger, timeout=KILL_SPAN + 10)
            ok = r.code not in (0, None) and "can't find a home folder" in r.err and (existed or not os.path.exists(stray))
            case("privacy", ok, f"no home folder, limber {args[0]}: exit {r.code}: {r.err.strip()[:160]}", crash=r.crashed)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
