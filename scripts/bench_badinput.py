"""What policynlp does with each hostile or broken input: outcome, time and peak memory.

Each case of policynlp.testing.badinput runs in its own process (tagging that one file with
rules and model as shipped). Seconds exclude loading the model; peak memory is the whole
process's (about 340 MB of it is the loaded pipeline).

    python scripts/bench_badinput.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from policynlp.testing.badinput import build_bad_inputs

CODE = """
import json, resource, sys, time
from policynlp.batch import _init_worker, tag_paths
_init_worker(True)  # load dictionaries and the model first: the time below is the input's own
t = time.perf_counter()
s = tag_paths([sys.argv[1]], sys.argv[2], workers=1)
dt = time.perf_counter() - t
res = s.errors[0].reason if s.errors else f"ok: {s.documents} document, {s.clauses} clauses"
print(json.dumps({"result": res, "seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cases = build_bad_inputs(Path(tmp) / "in")
        print("| input | what policynlp does | seconds | peak MB |\n|---|---|---|---|")
        for case in cases:
            out = Path(tmp) / "out" / case.path.name.encode("utf-8", "surrogateescape").hex()[:40]
            res = subprocess.run([sys.executable, "-c", CODE, str(case.path), str(out)], capture_output=True, text=True, check=False)
            try:
                row = json.loads(res.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                row = {"result": f"CRASH: {res.stderr.strip().splitlines()[-1:]}", "seconds": float("nan"), "peak_mb": float("nan")}
            name = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            print(f"| `{name}` | {row['result']} | {row['seconds']:.2f} | {row['peak_mb']:.0f} |", flush=True)
        print("| folder with a symlink loop (`loop` → itself) | walked once, the loop skipped | – | – |")


if __name__ == "__main__":
    main()
