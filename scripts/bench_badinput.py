"""What policynlp does with each hostile or broken input and each careless use: outcome, time, peak memory.

Each file case of policynlp.testing.badinput (and the devices /dev/zero and /dev/urandom) is
tagged alone in its own process, with rules and model as shipped; seconds exclude loading the
model, peak memory is the whole process's (about 340 MB of it is the loaded pipeline). The other
cases (a locked output folder, the store, the cache, …) run in their own process too; their
seconds are the whole operation's. Prints the README's hostile-input table.

    python scripts/bench_badinput.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from policynlp.testing.badinput import SAMPLE, build_bad_inputs

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = """
import json, os, resource, subprocess, sys, time
from pathlib import Path
def done(result, t0):
    print(json.dumps({"result": result, "seconds": time.perf_counter() - t0,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ONE_INPUT = PRELUDE + """
from policynlp.batch import tag_paths
from policynlp.pipeline import Pipeline
pipe = Pipeline.from_config()  # load dictionaries and the model first: the time below is the input's own
t = time.perf_counter()
s = tag_paths([sys.argv[1]], sys.argv[2], pipeline=pipe)
res = s.errors[0].reason if s.errors else f"ok: {s.documents} document, {s.clauses} clauses"
if s.warnings:
    res += "; warning: " + "; ".join(w.reason for w in s.warnings)
done(res, t)
"""

CLI = [sys.executable, "-m", "policynlp.cli"]

# careless use: (label, code); argv[1] is a scratch folder, argv[2] a folder with two good notices
SPECIAL: list[tuple[str, str]] = [
    ("unreadable subfolder (mode 000) in an input folder", PRELUDE + """
from policynlp.batch import tag_paths
tmp = Path(sys.argv[1]); inp = tmp / "in"; sub = inp / "secret"; sub.mkdir(parents=True)
(inp / "ok.txt").write_text(Path(sys.argv[2], "good_0.txt").read_text("utf-8"), "utf-8")
(sub / "x.txt").write_text("数字乡村。", "utf-8"); sub.chmod(0)
t = time.perf_counter()
s = tag_paths([inp], tmp / "out", use_model=False)
sub.chmod(0o755)
done("; ".join(f"{Path(e.path).name}: {e.reason}" for e in s.errors) + f"; {s.documents} other document(s) written", t)
"""),
    ("second `tag` into an `--out` another run is writing", PRELUDE + """
tmp = Path(sys.argv[1]); out = tmp / "out"
holder = subprocess.Popen([sys.executable, "-c", f"from policynlp.store.files import locked\\nimport time\\nwith locked({str(out)!r}):\\n    print('held', flush=True); time.sleep(120)"],
                          stdout=subprocess.PIPE, text=True)
holder.stdout.readline()
t = time.perf_counter()
r = subprocess.run([sys.executable, "-m", "policynlp.cli", "tag", sys.argv[2], "--out", str(out), "--quiet"], capture_output=True, text=True)
dt = time.perf_counter() - t
holder.kill()
print(json.dumps({"result": f"exit {r.returncode}: " + r.stderr.strip().replace(str(tmp), "…"), "seconds": dt, "peak_mb": float("nan")}))
"""),
    ("`search` on a read-only store file", PRELUDE + """
tmp = Path(sys.argv[1]); db = tmp / "s.db"
subprocess.run([sys.executable, "-m", "policynlp.cli", "tag", sys.argv[2], "--out", str(tmp / "out"), "--db", str(db), "--quiet"], check=True, capture_output=True)
before = db.read_bytes(); db.chmod(0o444)
t = time.perf_counter()
r = subprocess.run([sys.executable, "-m", "policynlp.cli", "search", "智慧农场", "--db", str(db), "--json"], capture_output=True, text=True)
dt = time.perf_counter() - t
print(json.dumps({"result": f"exit {r.returncode}, {len(r.stdout.splitlines())} hit(s), store unchanged: {db.read_bytes() == before}",
                  "seconds": dt, "peak_mb": float("nan")}))
"""),
    ("`search --db typo/none.db` (no such store)", PRELUDE + """
tmp = Path(sys.argv[1])
t = time.perf_counter()
r = subprocess.run([sys.executable, "-m", "policynlp.cli", "search", "数字", "--db", str(tmp / "typo" / "none.db")], capture_output=True, text=True)
dt = time.perf_counter() - t
print(json.dumps({"result": f"exit {r.returncode}: " + r.stderr.strip().replace(str(tmp) + "/", "") + f"; folder created: {(tmp / 'typo').exists()}",
                  "seconds": dt, "peak_mb": float("nan")}))
"""),
    ("`search` and a second writer while a writer holds a long transaction", PRELUDE + """
import threading
from policynlp.pipeline import Pipeline
from policynlp.store.db import Store
tmp = Path(sys.argv[1]); db = tmp / "s.db"
pipe = Pipeline.from_config(use_model=False)
first = Store(db); first.add_document(pipe.analyze(Path(sys.argv[2], "good_0.txt")))
first.conn.execute("BEGIN IMMEDIATE"); first.conn.execute("DELETE FROM labels")
t = time.perf_counter()
hits = Store(db, readonly=True).search("智慧农场")
read_s = time.perf_counter() - t
doc = pipe.analyze(Path(sys.argv[2], "good_1.txt"))
threading.Timer(3.0, lambda: first.conn.execute("ROLLBACK")).start()
t2 = time.perf_counter()
Store(db, words=first.words).add_document(doc)
done(f"search answered in {read_s * 1000:.0f} ms ({len(hits)} hit(s)); the second writer waited {time.perf_counter() - t2:.1f} s "
     "for the 3 s transaction, then wrote", t)
"""),
    ("corrupt cache entry (`Unterminated string…`)", PRELUDE + """
from policynlp.batch import CACHE, tag_paths
tmp = Path(sys.argv[1])
tag_paths([sys.argv[2]], tmp / "out", use_model=False)
for entry in (tmp / "out" / CACHE).glob("*.json"):
    entry.write_text('{"document": {"text": "Unterminated', "utf-8")
t = time.perf_counter()
s = tag_paths([sys.argv[2]], tmp / "out", use_model=False)
done(f"recomputed: {s.documents} document(s), {s.cached} from the cache, {len(s.errors)} error(s)", t)
"""),
    ("re-tag after a change of a resource (`noise_lines.txt`) or any source file", PRELUDE + """
import shutil
tmp = Path(sys.argv[1]); src = tmp / "src"
import policynlp
shutil.copytree(Path(policynlp.__file__).parent, src / "policynlp", ignore=shutil.ignore_patterns("__pycache__"))
code = "import sys; from policynlp.batch import tag_paths; s = tag_paths([sys.argv[1]], sys.argv[2], use_model=False); print(s.cached)"
run = lambda: subprocess.run([sys.executable, "-c", code, sys.argv[2], str(tmp / "out")], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(src)}).stdout.split()[-1]
first, same = run(), run()
noise = src / "policynlp" / "resources" / "noise_lines.txt"
noise.write_text(noise.read_text("utf-8") + "\\n# changed\\n", "utf-8")
t = time.perf_counter()
after = run()
done(f"cached before the change: {same} of 2; after: {after} of 2 (re-tagged)", t)
"""),
    ("`tag_paths(use_model=False)` then `use_model=True` in one process", PRELUDE + """
from policynlp.batch import tag_paths
tmp = Path(sys.argv[1])
tag_paths([sys.argv[2]], tmp / "out", use_model=False)
t = time.perf_counter()
b = tag_paths([sys.argv[2]], tmp / "out", use_model=True)
done(f"second run re-tagged with the model: {b.cached} of {b.documents} from the cache", t)
"""),
    ("`tag --workers 8` on this machine", PRELUDE + """
from policynlp.batch import cpu_count
tmp = Path(sys.argv[1])
t = time.perf_counter()
r = subprocess.run([sys.executable, "-m", "policynlp.cli", "tag", sys.argv[2], "--out", str(tmp / "out"), "--workers", "8", "--quiet"],
                   capture_output=True, text=True)
dt = time.perf_counter() - t
note = [ln for ln in r.stderr.splitlines() if ln.startswith("note:")]
print(json.dumps({"result": f"exit {r.returncode}; " + (note[0] if note else f"no note ({cpu_count()} CPUs)"), "seconds": dt, "peak_mb": float("nan")}))
"""),
    ("an internal error (a bug) during `tag`", PRELUDE + """
import policynlp.batch as batch
from policynlp.cli import main
def broken(*a, **k):
    raise KeyError("simulated bug")
batch.tag_paths = broken
t = time.perf_counter()
import contextlib, io
err = io.StringIO()
with contextlib.redirect_stderr(err):
    code = main(["tag", sys.argv[2], "--out", str(Path(sys.argv[1]) / "out"), "--quiet"])
done(f"exit {code}: traceback, then `{err.getvalue().strip().splitlines()[-1][:60]}…`", t)
"""),
]


def _row(res: subprocess.CompletedProcess[str]) -> dict[str, object]:
    try:
        return dict(json.loads(res.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        tail = (res.stderr.strip().splitlines() or ["?"])[-1]
        return {"result": f"CRASH (exit {res.returncode}): {tail}", "seconds": float("nan"), "peak_mb": float("nan")}


def _fmt(x: object, spec: str) -> str:
    return "–" if not isinstance(x, float | int) or x != x else format(x, spec)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cases = build_bad_inputs(base / "in")
        good = base / "good"
        good.mkdir()
        for i in range(2):
            (good / f"good_{i}.txt").write_text(f"第{i}号通知\n{SAMPLE}\n加强组织领导，完善工作机制。\n", "utf-8")
        print("| input or use | what policynlp does | seconds | peak MB |\n|---|---|---|---|")
        inputs = [(c.name, str(c.path)) for c in cases] + [(dev, dev) for dev in ("/dev/zero", "/dev/urandom") if os.path.exists(dev)]
        for name, path in inputs:
            out = base / "out" / name.encode("utf-8", "surrogateescape").hex()[:40]
            res = subprocess.run([sys.executable, "-c", ONE_INPUT, path, str(out)], capture_output=True, text=True, check=False, timeout=600)
            row = _row(res)
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            print(f"| `{shown}` | {row['result']} | {_fmt(row['seconds'], '.2f')} | {_fmt(row['peak_mb'], '.0f')} |", flush=True)
        print("| folder with a symlink loop (`loop` → itself) | walked once, the loop skipped | – | – |", flush=True)
        for i, (label, code) in enumerate(SPECIAL):
            scratch = base / f"special-{i}"
            scratch.mkdir()
            os.chmod(scratch, 0o777)
            cmd = [sys.executable, "-c", code, str(scratch), str(good)]
            if "unreadable" in label and os.geteuid() == 0 and shutil.which("setpriv"):
                # root reads every folder: run this case as the unprivileged user nobody
                os.chmod(base, 0o755)
                os.chmod(good, 0o755)
                cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
            res = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900, cwd=scratch)
            row = _row(res)
            print(f"| {label} | {row['result']} | {_fmt(row['seconds'], '.2f')} | {_fmt(row['peak_mb'], '.0f')} |", flush=True)


if __name__ == "__main__":
    main()
