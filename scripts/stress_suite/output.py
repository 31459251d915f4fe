"""output — where Limber writes: standard descriptors closed or full, reports written with
--output over a log, on a full disk, into a folder that isn't there. Output that can't be written
is an error (exit 1, one line); the health log never receives anything but events; --output
never destroys an input, a log, or the old file. A report of a large log (read in two parts and
written in turns on two threads) is the bytes of the same log read in order from standard input;
a long program's validate and plan (composed, decoded, compiled and written in two parts at once)
are the bytes one thread makes."""

import os
import resource
import subprocess
import sys

from stress_suite.common import ROOT, case, env_for, read_log, run, write

CATEGORY = "output"

TINY = "limber: 1\ntitle: Output\nschedule: { per_week: 3 }\ndefaults: { prepare: 1s }\nexercises:\n  - name: Plank\n    sets: 2\n    hold: 1s\n"


def run_cases(ctx):
    print("output: closed and full standard descriptors, --output over logs and on a full disk", flush=True)
    home = os.path.join(ctx.work, "output")
    os.makedirs(home)
    program = os.path.join(home, "tiny.yaml")
    write(program, TINY)
    closed_descriptors(ctx.binary, home, program)
    full_stdout(ctx.binary, home, program)
    report_output(ctx.binary, home)
    two_threads(ctx.binary, home)
    long_program(ctx.binary, home)


def sh(command, home, preexec=None):
    """Runs a shell command line (for redirections the harness can't express)."""
    p = subprocess.run(["/bin/sh", "-c", command], cwd=home, env=env_for(home), capture_output=True, timeout=60,
                       preexec_fn=preexec)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def closed_descriptors(binary, home, program):
    for redirect in (">&-", "2>&-", "<&- >&- 2>&-"):
        log = os.path.join(home, "closed.jsonl")
        if os.path.exists(log):
            os.unlink(log)
        code, _, _ = sh(f"exec '{binary}' run '{program}' --no-sound --log '{log}' {redirect}", home)
        events, torn, _ = read_log(log)
        with open(log, "rb") as f:
            foreign = [l for l in f.read().splitlines() if l and not l.startswith(b'{"')]
        case("output", code == 0 and not foreign and not torn and len(events) == 4,
             f"run {redirect}: exit {code}, {len(events)} events, {len(foreign)} foreign line(s) in the log",
             checked=len(events), lost=max(0, 4 - len(events)))


def full_stdout(binary, home, program):
    log = os.path.join(home, "full.jsonl")
    run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home))
    for command in (["schema"], ["validate", program], ["plan", program], ["plan", program, "--format", "json"],
                    ["log", log], ["report", log], ["report", log, "--format", "html"]):
        for redirect in (">/dev/full", ">&-"):
            quoted = " ".join(f"'{a}'" for a in command)
            code, out, err = sh(f"exec '{binary}' {quoted} {redirect}", home)
            lines = err.strip().splitlines()
            ok = code == 1 and lines and lines[-1].startswith("limber: can't write the output") and "Usage" not in err
            case("output", ok, f"{command[0]} {redirect}: exit {code}, {lines[-1] if lines else 'nothing said'}")


def report_output(binary, home):
    log = os.path.join(home, "report.jsonl")
    program = os.path.join(home, "tiny.yaml")
    run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home))
    with open(log, "rb") as f:
        before = f.read()
    # Over the log being read, over a copy of it, over the default log.
    copy = os.path.join(home, "copy.jsonl")
    write(copy, before, 0o600)
    default = os.path.join(home, "data", "limber", "log.jsonl")
    os.makedirs(os.path.dirname(default), exist_ok=True)
    write(default, before, 0o600)
    for target, words in ((log, "one of the logs being read"), (copy, "it is a Limber log"), (default, "it is a Limber log")):
        r = run([binary, "report", log, "--output", target], env=env_for(home))
        with open(target, "rb") as f:
            kept = f.read() == before
        case("output", r.code == 1 and words in r.err and kept,
             f"report --output {os.path.basename(target)}: exit {r.code}, kept {kept}: {r.err.strip()[:120]}")
    # A full disk (a file size limit of 1 KiB): the old report survives, no temporary file is left.
    old = os.path.join(home, "old.html")
    write(old, "the old report", 0o600)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    r = run([binary, "report", log, "--format", "html", "--output", old], env=env_for(home), preexec=limit)
    with open(old) as f:
        kept = f.read() == "the old report"
    left = [n for n in os.listdir(home) if ".limber-" in n]
    case("output", r.code == 1 and kept and not left and "nothing was changed" in r.err,
         f"report --output on a full disk: exit {r.code}, old file kept {kept}, temporary files left {left}")
    # A folder that isn't there: one line, exit 1, no usage message.
    r = run([binary, "report", log, "--output", os.path.join(home, "no-such-folder", "r.txt")], env=env_for(home))
    case("output", r.code == 1 and r.err.count("\n") == 1 and "Usage" not in r.err,
         f"report --output into a missing folder: exit {r.code}: {r.err.strip()[:120]}")
    r = run([binary, "report", os.path.join(home, "missing.jsonl")], env=env_for(home))
    case("output", r.code == 1 and r.err.count("\n") == 1 and "Usage" not in r.err,
         f"report of a missing log: exit {r.code}: {r.err.strip()[:120]}")


def two_threads(binary, home):
    """A log of 6,000 sessions (~7 MB: over the 4 MiB from which a file is read in two parts,
    the 2,048 sessions from which lists are written in turns): its report in every format is
    byte for byte the report of the same bytes read in order, from standard input (named
    stdin.jsonl so that both name the patient "stdin"; JSON's "log" names what was read)."""
    log = os.path.join(home, "large", "stdin.jsonl")
    os.makedirs(os.path.dirname(log))
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make-big-log.py"), log, "--sessions", "6000"],
                   check=True, capture_output=True)
    window = ["--since", "2026-01-01", "--until", "2026-11-27"]
    for fmt in ("text", "json", "csv", "html"):
        args = [binary, "report", "--format", fmt] + window
        whole = subprocess.run(args + [log], env=env_for(home), capture_output=True, timeout=120)
        with open(log, "rb") as f:
            piped = subprocess.run(args + ["-"], stdin=f, env=env_for(home), capture_output=True, timeout=120)
        named = whole.stdout.replace(f'"log": "{log}"'.encode(), b'"log": "-"')
        ok = whole.returncode == 0 and piped.returncode == 0 and named == piped.stdout and len(named) > 10_000
        case("output", ok, f"report --format {fmt} of a {os.path.getsize(log) >> 20} MiB log, two threads vs in order: "
                           f"exit {whole.returncode}/{piped.returncode}, {len(named)} vs {len(piped.stdout)} bytes, "
                           f"{'the same' if named == piped.stdout else 'DIFFERENT'}")
    # Under an address-space limit (`ulimit -v`) the work stays on one thread: a second thread's
    # malloc arena reserves 64 MB the limit may not leave. The smallest limit (in 10 MiB steps) that the
    # in-order read fits in must fit the file's read too, with the same bytes.
    for mib in range(40, 1000, 10):
        limited = f"ulimit -v {mib * 1024}; exec '{binary}' report --format text {' '.join(window)}"
        with open(log, "rb") as f:
            piped = subprocess.run(["/bin/sh", "-c", limited + " -"], stdin=f, env=env_for(home), capture_output=True, timeout=120)
        if piped.returncode == 0:
            break
    whole = subprocess.run(["/bin/sh", "-c", f"{limited} '{log}'"], env=env_for(home), capture_output=True, timeout=120)
    case("output", piped.returncode == 0 and whole.returncode == 0 and whole.stdout == piped.stdout,
         f"report of a {os.path.getsize(log) >> 20} MiB log under ulimit -v {mib} MiB: exit {whole.returncode} "
         f"(in order: {piped.returncode}), {'the same' if whole.stdout == piped.stdout else 'DIFFERENT'}",
         crash=whole.returncode < 0 or whole.returncode > 128)


def long_program_text(count, errors):
    """A program of `count` exercises (~60 bytes each: over the 32 KiB from which its YAML is
    composed in two parts), with comments, block and multi-line scalars, and, with `errors`,
    errors and warnings on both sides of the middle."""
    kinds = ["sides: [left, right]\n    sets: 3\n    hold: 30s\n    rest: 15s", "sets: 3\n    reps: 12\n    tempo: 2-2-2",
             "reps: 5\n    notes: |\n      - not an entry\n      a second line", "duration: 60s\n    cue_every: 15s",
             "reps: 5\n    instructions: a plain\n      scalar over lines"]
    wrong = ["sets: 0\n    hold: 5s", "reps: 8\n    colour: blue", "sets: 25\n    hold: 5s\n    rest: 2s"]
    text = ("limber: 1\ntitle: Long\nsafety: [Stop on sharp pain.]\nschedule: { per_week: 3 }\n"
            "discomfort: { ask: after_exercise, stop_at: 7 }\nexercises:\n")
    for i in range(count):
        kind = wrong[i % len(wrong)] if errors and i % 97 == 5 else kinds[i % len(kinds)]
        name = f"Exercise {i % 400}" if errors else f"Exercise {i}"
        text += f"  - name: {name}\n    {kind}\n" + ("\n  # a comment\n" if i % 50 == 0 else "")
    return text + "phases:\n  - { weeks: 1-2, exercises: { Exercise 1: { reps: 6 } } }\n"


def long_program(binary, home):
    """Under an address-space limit Limber starts no second thread (its malloc arena would
    reserve 64 MB the limit may not leave), so a generous limit runs the same commands on one
    thread: the output, the diagnostics and the exit code must be the same bytes."""
    for errors in (False, True):
        program = os.path.join(home, f"long-{'errors' if errors else 'clean'}.yaml")
        write(program, long_program_text(900, errors))
        for command in (["validate"], ["plan"], ["plan", "--format", "json"]):
            quoted = " ".join(f"'{a}'" for a in command + [program])
            two = sh(f"exec '{binary}' {quoted}", home)
            one = sh(f"ulimit -v 4000000; exec '{binary}' {quoted}", home)
            case("output", two == one and (two[0] == 1) == errors and len(two[1]) + len(two[2]) > 10,
                 f"{' '.join(command)} of a {os.path.getsize(program) >> 10} KiB program{' with errors' if errors else ''}, "
                 f"two threads vs one: exit {two[0]}/{one[0]}, {'the same' if two == one else 'DIFFERENT'}")
