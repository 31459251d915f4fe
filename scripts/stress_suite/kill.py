"""kill — sessions killed with SIGKILL at random moments: every set the screen reported is in the
log, no line is torn but the last, the reader recovers; and a session after a line cut off elsewhere."""

import json
import os
import random
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from stress_suite.common import (CRASH_MARKERS, KILL_PROGRAM, KILL_SETS, KILL_SPAN, case, env_for, logged_sets,
                                 missing, read_log, reported_sets, run, write)

CATEGORY = "kill"


def run_cases(ctx):
    if ctx.kills > 0:
        kill_stress(ctx.binary, ctx.work, ctx.kills, workers=4 if ctx.quick else 8, rng=ctx.rng)
        torn_line_recovery(ctx.binary, ctx.work)


def kill_stress(binary, work, kills, workers, rng):
    print(f"kill: {kills} sessions killed with SIGKILL at random moments ({workers} at a time)", flush=True)
    program = os.path.join(work, "kill.yaml")
    write(program, KILL_PROGRAM)
    seeds = [rng.randrange(1 << 30) for _ in range(workers)]
    per_worker = [kills // workers + (1 if i < kills % workers else 0) for i in range(workers)]

    def worker(index):
        wrng = random.Random(seeds[index])
        home = os.path.join(work, f"kill-{index}")
        os.makedirs(home)
        log = os.path.join(home, "log.jsonl")
        sessions = 0
        for n in range(per_worker[index]):
            size_before = os.path.getsize(log) if os.path.exists(log) else 0
            p = subprocess.Popen([binary, "run", program, "--no-sound", "--log", log], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
            out = []
            reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
            reader.start()
            time.sleep(wrng.uniform(0.0, KILL_SPAN + 0.5))
            p.send_signal(signal.SIGKILL)
            p.wait()
            reader.join()
            err = p.stderr.read().decode("utf-8", "replace")
            stdout = b"".join(out).decode("utf-8", "replace")
            events, torn, last_torn = read_log(log)
            fresh = b""
            if os.path.exists(log):  # a kill in the first milliseconds comes before the log exists
                with open(log, "rb") as f:
                    f.seek(size_before)
                    fresh = f.read()
            session_ids = set()
            for line in fresh.split(b"\n"):
                try:
                    session_ids.add(json.loads(line)["session"])
                except (ValueError, KeyError, TypeError):
                    pass
            this = [e for e in events if e["session"] in session_ids]
            lost = missing(reported_sets(stdout), logged_sets(this))
            started = "step 1/" in stdout
            if started and not session_ids:
                lost += 1  # a session that showed a step must have its start in the log
            sessions += 1 if session_ids else 0
            case("kill", not torn and not any(m in err for m in CRASH_MARKERS),
                 f"worker {index} run {n}: {len(reported_sets(stdout))} set(s) reported, "
                 f"{len(logged_sets(this))} logged, torn lines {torn}, last line cut {last_torn}",
                 lost=lost, checked=len(reported_sets(stdout)) + (1 if started else 0))
        return log, sessions

    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(worker, range(workers)))

    # The reader recovers: every log reads, and every session that started is in the report.
    for log, sessions in outcomes:
        home = os.path.dirname(log)
        r = run([binary, "report", log, "--format", "json"], env=env_for(home))
        ok = r.code == 0 and not r.crashed
        seen = len(json.loads(r.out)["patients"][0]["sessions"]) if ok else -1
        case("kill", ok and seen == sessions, f"report reads {log}: {seen} of {sessions} sessions", crash=r.crashed)
        r = run([binary, "log", log, "--format", "json"], env=env_for(home))
        case("kill", r.code == 0 and len(json.loads(r.out)) == sessions, f"limber log reads {log}", crash=r.crashed)


def torn_line_recovery(binary, work):
    """A line cut off by a crash elsewhere (or a full disk) doesn't swallow the next session."""
    home = os.path.join(work, "torn")
    os.makedirs(home)
    program = os.path.join(work, "kill.yaml")
    log = os.path.join(home, "log.jsonl")
    write(log, '{"v":1,"ts":"2026-11-27T10:00:00.000+00:00","session":"cut","type":"session_start","program":{"ti', 0o600)
    r = run([binary, "run", program, "--no-sound", "--log", log], env=env_for(home), timeout=KILL_SPAN + 10)
    events, torn, last_torn = read_log(log)
    done = logged_sets(events)
    case("kill", r.code == 0 and len(done) == KILL_SETS and torn == [1] and not last_torn,
         f"session after a torn line: {len(done)} sets logged, torn lines {torn}", crash=r.crashed,
         lost=max(0, KILL_SETS - len(done)), checked=KILL_SETS)
    r = run([binary, "report", log, "--format", "json"], env=env_for(home))
    ok = r.code == 0 and "incomplete line" in r.err
    case("kill", ok, "report names the torn line and reads the rest: " + r.err.strip()[:120], crash=r.crashed)
