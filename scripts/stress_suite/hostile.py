"""hostile — programs, cue sounds and logs from someone else: alias bombs, deep nesting, huge files
and numbers, cue sound paths leaving the program's folder, FIFOs, giant and malformed WAVs, markup
and terminal escapes in programs, logs and spoken prompts. Each gives a located error or harmless output, quickly."""

import csv
import io
import json
import os
import random
import re
import shutil
import time
from html.parser import HTMLParser

from stress_suite.common import (KILL_PROGRAM, ROOT, case, env_for, run, shell_quote, skip, tty_session,
                                 wait_file, write)

CATEGORY = "hostile"


def run_cases(ctx):
    hostile_programs(ctx.binary, ctx.work)
    hostile_sounds(ctx.binary, ctx.work)
    hostile_logs(ctx.binary, ctx.work)
    hostile_names(ctx.binary, ctx.work)
    hostile_library(ctx.binary, ctx.work)
    hostile_voice(ctx.binary, ctx.work)


RAW = ("\x1b", "\x07", "\u009b", "\u202e", "\u2066")


def raw_count(text):
    return sum(text.count(c) for c in RAW)


def hostile_names(binary, work):
    """File names, session ids and program text carrying terminal escapes and bidi overrides:
    every command shows them as visible escapes; validate warns about bidi in program text."""
    print("hostile: escapes and bidi characters in file names, session ids and program text", flush=True)
    folder = os.path.join(work, "names-case")
    os.makedirs(folder)
    evil = "evil\x1b]2;PWNED\x07\u202egpj"
    program = os.path.join(folder, evil + ".yaml")
    write(program, KILL_PROGRAM)
    broken = os.path.join(folder, evil + "-broken.yaml")
    write(broken, KILL_PROGRAM.replace("sets: 3", "sets: three"))
    logs = os.path.join(folder, evil + ".d")
    os.makedirs(logs)
    log = os.path.join(logs, evil + ".jsonl")
    run([binary, "run", program, "--no-sound", "--log", log], env=env_for(work), timeout=30)
    with open(log, "a") as f:
        f.write("not a log line\n")
    for command in (["validate", program], ["validate", broken], ["plan", broken], ["run", broken, "--no-sound"],
                    ["log", logs], ["report", logs], ["report", log, "--format", "csv"]):
        r = run([binary] + command, env=env_for(work), timeout=30)
        both = r.out + r.err
        case("hostile", raw_count(both) == 0 and "\\u{1B}" in both,
             f"{command[0]} with a hostile file name: exit {r.code}, {raw_count(both)} raw escape(s)",
             crash=r.crashed, hang=r.hung, escapes=raw_count(both))
    # A session id with escapes, read by every format.
    id_log = os.path.join(folder, "session-id.jsonl")
    start = json.dumps({"v": 1, "ts": time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime()), "session": "s\x1b]2;PWNED\x07\u202e",
                        "type": "session_start", "program": {"title": "T\u2066", "path": "/p", "sha256": ""},
                        "patient": "p\x1b]2;PWNED\x07\u202e"})
    write(id_log, start + "\n")
    for command in [["log", id_log, "--format", fmt] for fmt in ("text", "json", "csv")] + [
            ["report", id_log, "--format", fmt] for fmt in ("text", "json")] + [["export", "--format", "fhir", id_log]]:
        r = run([binary] + command, env=env_for(work))
        case("hostile", r.code == 0 and raw_count(r.out + r.err) == 0, f"{' '.join(command[:1] + command[2:])} of a hostile session "
             f"and patient id: {raw_count(r.out + r.err)} raw escape(s)", crash=r.crashed, escapes=raw_count(r.out + r.err))
    # Bidi in program text: a located warning, and the program still runs.
    bidi = os.path.join(folder, "bidi.yaml")
    write(bidi, KILL_PROGRAM.replace("title: Kill test", 'title: "Kill \\u202Etest"'))
    r = run([binary, "validate", bidi], env=env_for(work))
    case("hostile", r.code == 0 and "direction-changing" in r.out + r.err and raw_count(r.out + r.err) == 0,
         f"validate of bidi program text: exit {r.code}, warned {'direction-changing' in r.out + r.err}")


LOCATED = re.compile(r":\d+:\d+: error: ")


def validate_case(binary, work, name, content, expect, limit_s=1.0, limit_mb=200):
    path = os.path.join(work, name)
    if content is not None:
        write(path, content)
    r = run([binary, "validate", path], env=env_for(work), timeout=10)
    escapes = (r.out + r.err).count("\x1b") + (r.out + r.err).count("\x9b")
    said = [l for l in (r.out + r.err).splitlines() if LOCATED.search(l)]
    # The expected words must be in the message itself, not in the file's path.
    message = said[0].split(": error: ", 1)[1] if said else ""
    ok = r.code == 1 and expect in message and r.seconds < limit_s and r.rss_mb < limit_mb
    case("hostile", ok, f"{name}: exit {r.code}, {r.seconds * 1000:.0f} ms, {r.rss_mb:.0f} MB, expecting {expect!r}: "
                        f"{(said or ['no located error'])[0][:160]}",
         crash=r.crashed, hang=r.hung or r.seconds >= limit_s, escapes=escapes)


def hostile_programs(binary, work):
    print("hostile: programs from someone else", flush=True)
    base = KILL_PROGRAM
    bomb = "limber: 1\ntitle: bomb\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 12):
        bomb += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    bomb += "exercises: *a11\n"
    validate_case(binary, work, "alias-bomb.yaml", bomb, "alias")
    validate_case(binary, work, "deep-nesting.yaml", "limber: 1\ntitle: deep\nexercises: " + "[" * 100000 + "]" * 100000, "nest")
    validate_case(binary, work, "deep-block.yaml", "limber: 1\ntitle: deep\nexercises:\n" +
                  "".join(" " * i + "- \n" for i in range(1, 1200)), "deep")
    validate_case(binary, work, "huge-number.yaml", base.replace("sets: 3", "sets: " + "9" * 5000), "sets")
    validate_case(binary, work, "huge-duration.yaml", base.replace("hold: 1s\n  - name: Lunge", "hold: 99999999999999999999999h\n  - name: Lunge"), "hold")
    validate_case(binary, work, "negative.yaml", base.replace("sets: 3", "sets: -9223372036854775808"), "sets")
    validate_case(binary, work, "float-sets.yaml", base.replace("sets: 3", "sets: 1e308"), "sets")
    validate_case(binary, work, "nan.yaml", base.replace("sets: 3", "sets: .nan"), "sets")
    validate_case(binary, work, "big-file.yaml", "# " + "x" * (3 << 20) + "\n" + base, "at most")
    validate_case(binary, work, "binary.yaml", random.Random(1).randbytes(5000), "UTF-8")
    validate_case(binary, work, "utf16.yaml", base.encode("utf-16"), "UTF-16")
    validate_case(binary, work, "nul.yaml", base.replace("Kill test", "Kill\0test"), "control")
    validate_case(binary, work, "raw-escape.yaml", base.replace("Kill test", "Kill\x1b]0;PWNED\x07test"), "control")
    # /dev/zero and /dev/urandom as programs: bounded reads, no hang.
    validate_case(binary, work, "/dev/zero", None, "larger than")
    validate_case(binary, work, "/dev/urandom", None, "larger than")

    # Escapes written as YAML escapes: valid strings, so they must be made harmless on screen.
    escaped = base.replace('title: Kill test', 'title: "Kill\\e]0;PWNED\\a\\e[6n\\x9b2J test"').replace(
        "name: Plank", 'name: "Plank\\e]2;PWNED\\a\\e[H\\e[2J"')
    path = os.path.join(work, "escaped.yaml")
    write(path, escaped)
    for args in (["validate", path], ["plan", path], ["plan", path, "--format", "json"],
                 ["run", path, "--no-sound", "--log", os.path.join(work, "escaped.jsonl")],
                 ["today", path, "--log", os.path.join(work, "escaped.jsonl")]):
        r = run([binary] + args, env=env_for(work), timeout=20)
        text = r.out + r.err
        escapes = text.count("\x1b") + text.count("\x9b") + text.count("\x07")
        case("hostile", r.code in (0, 1) and "PWNED" in text, f"YAML-escaped control characters, limber {args[0]}"
             f" {' '.join(args[2:3])}: {escapes} raw escape(s) in the output", crash=r.crashed, escapes=escapes)
    tty_escapes(binary, work, path)


def tty_escapes(binary, work, program):
    """The full-screen UI, byte for byte as the terminal receives it: no escape from the program."""
    if shutil.which("tmux") is None:
        skip("hostile", "raw terminal output: tmux is not installed")
        return
    t, home, log = tty_session(binary, work, "esc", program)
    raw = os.path.join(home, "raw")
    try:
        t("pipe-pane", "-o", "-t", t.name, "cat >> " + shell_quote(raw))
        t.wait_for("Space", 10)
        t.keys("Space")
        time.sleep(3)
        t.keys("q")
        time.sleep(0.5)
        t.keys("y")
        wait_file(os.path.join(home, "after"))
        data = open(raw, "rb").read() if os.path.exists(raw) else b""
        bad = len(re.findall(rb"\x1b\][02];PWNED", data)) + data.count(b"\x1b[6n") + data.count(b"\xc2\x9b") + data.count(b"\x07")
        case("hostile", len(data) > 0 and b"PWNED" in data, f"full-screen output ({len(data)} bytes): {bad} escape(s) "
             f"from the program reached the terminal", escapes=bad)
    finally:
        t.close()


def hostile_sounds(binary, work):
    print("hostile: cue sound paths and files", flush=True)
    folder = os.path.join(work, "sounds-case")
    os.makedirs(os.path.join(folder, "cues"))
    outside = os.path.join(work, "outside.wav")
    shutil.copy(os.path.join(ROOT, "Sounds", "start.wav"), outside)
    os.symlink(outside, os.path.join(folder, "cues", "link-out.wav"))
    os.symlink("/etc", os.path.join(folder, "etc-link"))
    os.mkfifo(os.path.join(folder, "cues", "fifo.wav"))
    with open(os.path.join(folder, "cues", "giant.wav"), "wb") as f:
        f.truncate(2 << 30)  # sparse: 2 GB that costs nothing on disk
    write(os.path.join(folder, "cues", "garbage.wav"), b"RIFF\xff\xff\xff\xffWAVEfmt " + os.urandom(300))
    write(os.path.join(folder, "cues", "dir.wav"), b"")
    os.remove(os.path.join(folder, "cues", "dir.wav"))
    os.makedirs(os.path.join(folder, "cues", "dir.wav"))
    cases = [("../outside.wav", "leaves the program"), ("/etc/passwd.wav", "relative"), ("cues/../../outside.wav", "leaves the program"),
             ("cues/link-out.wav", "leads out of"), ("etc-link/x.wav", "does not exist"), ("cues/fifo.wav", "not a regular file"),
             ("cues/giant.wav", "at most 16 MB"), ("cues/garbage.wav", "truncated"), ("cues/dir.wav", "not a regular file"),
             ("~/x.wav", "relative"), ("cues/missing.wav", "does not exist")]
    for n, (sound, expect) in enumerate(cases):
        program = KILL_PROGRAM.replace("    hold: 1s\n  - name: Lunge", f"    hold: 1s\n    sounds: {{ start: '{sound}' }}\n  - name: Lunge")
        name = f"sound-{n}.yaml"
        path = os.path.join(folder, name)
        write(path, program)
        r = run([binary, "validate", path], env=env_for(work), timeout=10)
        said = [l for l in (r.out + r.err).splitlines() if LOCATED.search(l)]
        message = said[0].split(": error: ", 1)[1] if said else ""
        ok = r.code == 1 and expect in message
        case("hostile", ok, f"cue sound {sound!r}: exit {r.code}: {(said or [''])[0][:160]}",
             crash=r.crashed, hang=r.hung)
    # A link to a file inside the program's folder is read like the file.
    os.symlink("start-copy.wav", os.path.join(folder, "cues", "link-in.wav"))
    shutil.copy(os.path.join(ROOT, "Sounds", "start.wav"), os.path.join(folder, "cues", "start-copy.wav"))
    program = KILL_PROGRAM.replace("    hold: 1s\n  - name: Lunge", "    hold: 1s\n    sounds: { start: cues/link-in.wav }\n  - name: Lunge")
    path = os.path.join(folder, "link-in.yaml")
    write(path, program)
    r = run([binary, "validate", path], env=env_for(work), timeout=10)
    case("hostile", r.code == 0, f"cue sound linked inside the folder: exit {r.code}: {(r.out + r.err).strip()[-160:]}",
         crash=r.crashed, hang=r.hung)
    # A session with a broken custom sound still runs (the standard cue plays instead).
    program = KILL_PROGRAM.replace("    hold: 1s\n  - name: Lunge", "    hold: 1s\n    sounds: { start: cues/garbage.wav }\n  - name: Lunge")
    path = os.path.join(folder, "run-garbage.yaml")
    write(path, program)
    r = run([binary, "run", path, "--no-sound", "--log", os.path.join(folder, "log.jsonl")], env=env_for(work), timeout=20)
    case("hostile", r.code == 1 and LOCATED.search(r.err) is not None,
         f"run refuses a program whose cue sound is broken: exit {r.code}", crash=r.crashed, hang=r.hung)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on") or k in ("href", "src")]

    def handle_data(self, data):
        self.text.append(data)


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "tr", "th", "td", "bdi",
               "ul", "li", "strong", "section", "svg", "g", "rect", "text", "line", "polyline", "circle", "figure",
               "figcaption", "caption", "summary", "details", "span"}


def hostile_logs(binary, work):
    """Markup and escapes in a log (a title, exercise names, notes): escaped in every report."""
    print("hostile: logs carrying markup and terminal escapes", flush=True)
    home = os.path.join(work, "evil-log")
    os.makedirs(home)
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&\x1b]0;PWNED\x07\x1b[2J\u009b31m'
    today = time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime())
    sid = "evil-session"
    lines = [
        {"v": 1, "ts": today, "session": sid, "type": "session_start",
         "program": {"title": "Title " + evil, "path": "/p/" + evil, "sha256": evil},
         "planned": {"total_seconds": 10, "open_steps": 0,
                     "exercises": [{"name": "Plank" + evil, "kind": "hold", "sets": 2, "sides": [evil], "hold_seconds": 1}]},
         "schedule": {"per_week": 3, "per_day": 1, "days": [evil]},
         "discomfort_rule": {"ask": evil, "stop_at": 7, "on_stop": evil}},
        {"v": 1, "ts": today, "session": sid, "type": "set", "exercise": "Plank" + evil, "set": 1, "sets": 2,
         "side": evil, "status": evil},
        {"v": 1, "ts": today, "session": sid, "type": "discomfort", "exercise": "Plank" + evil, "rating": 8,
         "stop_at": 7, "note": "note " + evil},
        {"v": 1, "ts": today, "session": sid, "type": "stop", "exercise": "Plank" + evil, "rating": 8, "stop_at": 7,
         "action": evil, "reason": evil},
        {"v": 1, "ts": today, "session": sid, "type": "note", "note": evil},
        {"v": 1, "ts": today, "session": sid, "type": "set", "exercise": '=HYPERLINK("http://x","y")', "set": 1, "sets": 1,
         "status": "done"},
        {"v": 1, "ts": today, "session": sid, "type": "set", "exercise": "+1+1", "set": 1, "sets": 1, "status": "done"},
        {"v": 1, "ts": today, "session": sid, "type": "session_end", "status": evil, "elapsed_seconds": 1e308},
    ]
    log = os.path.join(home, evil.replace("/", "_").replace("\x1b", "E").replace("\x07", "G")[:40] + ".jsonl")
    write(log, "".join(json.dumps(l) + "\n" for l in lines), 0o600)
    for fmt in ("text", "json", "csv", "html"):
        args = [binary, "report", log, "--format", fmt, "--detail"] if fmt == "text" else [binary, "report", log, "--format", fmt]
        r = run(args, env=env_for(home))
        escapes = r.out.count("\x1b") + r.out.count("\x07") + r.out.count("\u009b") + r.err.count("\x1b")
        if fmt == "html":
            parser = TagCollector()
            parser.feed(r.out)
            foreign = parser.tags - REPORT_TAGS
            escapes += len(foreign) + len(parser.handlers)
            ok = r.code == 0 and "<script>alert(1)</script>" in "".join(parser.text)
            what = f"HTML report: foreign elements {sorted(foreign)}, handler/link attributes {parser.handlers}"
        elif fmt == "json":
            ok = r.code == 0 and json.loads(r.out) is not None
            what = "JSON report parses"
        elif fmt == "csv":
            ok = r.code == 0
            cells = [c for row in csv.reader(io.StringIO(r.out)) for c in row]
            escapes += sum(1 for c in cells if c[:1] in ("=", "+", "@", "-") and not re.fullmatch(r"-?[\d.]+", c))
            what = f"CSV report ({len(cells)} cells): no cell starts a spreadsheet formula"
        else:
            ok = r.code == 0 and "PWNED" in r.out
            what = "text report"
        case("hostile", ok, f"{what}: {escapes} escape(s)", crash=r.crashed, escapes=escapes)
    r = run([binary, "log", log], env=env_for(home))
    escapes = r.out.count("\x1b") + r.out.count("\x07") + r.out.count("\u009b")
    case("hostile", r.code == 0 and "PWNED" in r.out, f"limber log: {escapes} escape(s)", crash=r.crashed, escapes=escapes)
    # A log that is not a log: a 20 MB line with no newline, /dev/zero, binary noise.
    big = os.path.join(home, "one-line.jsonl")
    with open(big, "wb") as f:
        f.write(b'{"v":1,"note":"' + b"x" * (20 << 20))
    for path in (big, "/dev/urandom"):
        if path == "/dev/urandom":
            noise = os.path.join(home, "noise.jsonl")
            write(noise, os.urandom(1 << 20))
            path = noise
        r = run([binary, "report", path], env=env_for(home), timeout=10)
        case("hostile", r.code == 0 and r.rss_mb < 200 and r.seconds < 5,
             f"report of {os.path.basename(path)}: exit {r.code}, {r.seconds * 1000:.0f} ms, {r.rss_mb:.0f} MB",
             crash=r.crashed, hang=r.hung)


def hostile_library(binary, work):
    """Library exercises from someone else: a use: leaving the library, a cycle, escapes in names
    and summaries. Each reference gives a located error; library, handout and calendar output
    carries no raw escape."""
    print("hostile: library exercises and use: references", flush=True)
    folder = os.path.join(work, "library-case")
    os.makedirs(os.path.join(folder, "library"))
    write(os.path.join(folder, "library", "a.yaml"), "limber_exercise: 1\nuse: b\n")
    write(os.path.join(folder, "library", "b.yaml"), "limber_exercise: 1\nuse: a\n")
    write(os.path.join(folder, "library", "evil.yaml"), 'limber_exercise: 1\nname: "Evil\\e]0;PWNED\\a"\n'
          'summary: "S PWNED\\e[2J\\x9b"\nsafety: ["Stop\\e[6n"]\nhold: 10s\n')
    head = "limber: 1\ntitle: T\nsafety: [s]\nschedule: { per_week: 2, start: 2026-12-07, weeks: 1 }\nexercises:\n"
    for name, use, expect in (("escape.yaml", "../../../etc/passwd", "leaves the library"),
                              ("absolute.yaml", "/etc/passwd", "leaves the library"),
                              ("cycle.yaml", "a", "has 1 error")):
        validate_case(binary, folder, name, head + f"  - use: {use}\n", expect)
    program = os.path.join(folder, "evil-program.yaml")
    write(program, head + "  - use: evil\n")
    for args in (["library", "--library", os.path.join(folder, "library")], ["handout", program], ["calendar", program],
                 ["bundle", program], ["plan", program]):
        r = run([binary] + args, env=env_for(work, TZ="UTC"), timeout=20)
        text = r.out + r.err
        escapes = text.count("\x1b") + text.count("\x9b") + text.count("\x07")
        # A control character is an error: the listing says the file has errors, the others locate it.
        case("hostile", r.code in (0, 1) and ("PWNED" in text or "has errors" in text), f"escapes in a library exercise, limber {args[0]}: "
             f"{escapes} raw escape(s) in the output", crash=r.crashed, escapes=escapes)



VOICE_PROGRAM = """limber: 1
title: Voice test
safety: [Stop if pain is sharp.]
discomfort: { ask: never }
defaults: { prepare: 0s, rest: 0s, rest_between_exercises: 0s, switch: 0s }
voice: { language: LANGUAGE }
exercises:
  - name: Plank
    hold: 8s
    say:
      - at: 3s
        say: SAY
"""


def hostile_voice(binary, work):
    """The voice's outside input: `say:` prompts and `voice: language` carrying terminal escapes,
    bidi controls, 100 KB of text or a path out of espeak-ng's data. validate locates each; plan,
    a silent run and `sounds say` never crash, hang or let an escape reach the terminal."""
    print("hostile: voice language and say: prompts", flush=True)
    folder = os.path.join(work, "voice-case")
    os.makedirs(folder)

    def program(language="en", say="Keep breathing."):
        return VOICE_PROGRAM.replace("LANGUAGE", language).replace("SAY", say)

    huge = "x" * (100 << 10)
    for name, content, expect in (("say-escape.yaml", program(say='"Hips\\e]2;PWNED\\a\\e[2J"'), "control"),
                                  ("language-escape.yaml", program(language='"en\\e]2;PWNED\\a\\x9b"'), "control"),
                                  ("say-huge.yaml", program(say=huge), "at most 300"),
                                  ("language-huge.yaml", program(language=huge), "at most 40")):
        validate_case(binary, folder, name, content, expect)
    # Bidi controls in the prompt and a language that is a path (deep enough to reach /etc/passwd
    # from espeak-ng's data folder): located warnings, and the program still plans and runs.
    passwd = "../" * 8 + "etc/passwd"
    path = os.path.join(folder, "voice-warnings.yaml")
    write(path, program(language=passwd, say='"Breathe \\u202E out \\u2066"'))
    r = run([binary, "validate", path], env=env_for(folder), timeout=10)
    text = r.out + r.err
    warned = [l for l in text.splitlines() if re.search(r":\d+:\d+: warning: ", l)]
    ok = (r.code == 0 and any("direction-changing" in l for l in warned)
          and any("no voice installed here speaks" in l for l in warned))
    case("hostile", ok, f"validate of bidi in say: and a path as voice language: exit {r.code}, {len(warned)} located "
         f"warning(s), {raw_count(text)} raw escape(s)", crash=r.crashed, hang=r.hung, escapes=raw_count(text))
    for args in (["plan", path], ["plan", path, "--format", "json"],
                 ["run", path, "--no-sound", "--log", os.path.join(folder, "voice.jsonl")],
                 ["sounds", "say", "Hello", "--language", passwd]):
        r = run([binary] + args, env=env_for(folder), timeout=20)
        text = r.out + r.err
        # sounds say refuses the path as a voice (one line, exit 1); the others succeed.
        ok = r.code == (1 if args[0] == "sounds" else 0) and len(text.strip().splitlines()) > 0
        case("hostile", ok and raw_count(text) == 0, f"limber {' '.join(args[:2] if args[0] == 'sounds' else args[:1] + args[2:3])} "
             f"with a hostile voice: exit {r.code}, {raw_count(text)} raw escape(s)", crash=r.crashed, hang=r.hung,
             escapes=raw_count(text))
