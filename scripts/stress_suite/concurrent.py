"""concurrent — two complete sessions writing one log at the same moment: every line whole, both
sessions complete."""

import os
from concurrent.futures import ThreadPoolExecutor

from stress_suite.common import KILL_SETS, KILL_SPAN, case, env_for, logged_sets, read_log, reported_sets, run

CATEGORY = "concurrent"


def run_cases(ctx):
    concurrent(ctx.binary, ctx.work, 1 if ctx.quick else 5)


def concurrent(binary, work, pairs):
    print(f"concurrent: {pairs} pair(s) of sessions writing one log at once", flush=True)
    program = os.path.join(work, "kill.yaml")
    for n in range(pairs):
        home = os.path.join(work, f"concurrent-{n}")
        os.makedirs(home)
        log = os.path.join(home, "log.jsonl")
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda _: run([binary, "run", program, "--no-sound", "--log", log],
                                                  env=env_for(home), timeout=KILL_SPAN + 10), range(2)))
        events, torn, last_torn = read_log(log)
        torn += [-1] if last_torn else []
        sessions = {}
        for e in events:
            sessions.setdefault(e["session"], []).append(e)
        complete = [s for s in sessions.values()
                    if s[0]["type"] == "session_start" and s[-1]["type"] == "session_end"
                    and len(logged_sets(s)) == KILL_SETS]
        reported = sum(len(reported_sets(r.out)) for r in results)
        lost = max(0, reported - len(logged_sets(events)))
        case("concurrent", not torn and len(complete) == 2 and all(r.code == 0 for r in results),
             f"pair {n}: {len(events)} lines, torn {torn}, complete sessions {len(complete)}",
             crash=any(r.crashed for r in results), lost=lost, checked=reported + 4)
