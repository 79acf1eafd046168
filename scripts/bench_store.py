"""What writing the store costs: `policynlp tag` against `policynlp tag --db` on the same notices.

Builds N notices (default 600) from our own corpus clauses (as scripts/bench.py does), then
runs, in one run of this script and alternating, `tag` and `tag --db` (a fresh store each time,
``--force``, the model as shipped) with the same number of workers, each in its own process.
Prints every run and the ratio of the fastest `tag --db` to the fastest `tag`.

    python scripts/bench_store.py [--notices 600] [--workers 1 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import build_corpus

CODE = """
import json, resource, sys, time
from policynlp.batch import tag_paths
from policynlp.store.db import Store
folder, out, db, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
t = time.perf_counter()
store = Store(db) if db != "-" else None
s = tag_paths([folder], out, workers=workers, force=True, store=store)
if store is not None:
    n = store.count("clauses")
    store.close()
else:
    n = s.clauses
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "documents": s.documents, "clauses": s.clauses, "stored": n,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def notices(folder: Path, n: int) -> int:
    """Exactly ``n`` notices in ``folder``; returns their characters."""
    build_corpus(folder, mb=n * 12 / 1024)  # about 10 KB each: a little more than needed
    files = sorted(folder.iterdir())
    for extra in files[n:]:
        extra.unlink()
    if len(files) < n:
        raise SystemExit(f"only {len(files)} notices were built")
    return sum(len(p.read_text("utf-8")) for p in files[:n])


def run(folder: Path, out: Path, db: Path | None, workers: int) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", CODE, str(folder), str(out), str(db) if db else "-", str(workers)],
                         capture_output=True, text=True, check=True)
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--notices", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notices"
        chars = notices(folder, args.notices)
        print(f"{args.notices} notices, {chars:,} characters", flush=True)
        print("| run | workers | seconds | clauses | peak MB (main) |\n|---|---|---|---|---|", flush=True)
        for w in args.workers:
            best: dict[str, float] = {}
            for r in range(args.rounds):
                for name in ("tag", "tag --db"):
                    db = Path(tmp) / f"store-{w}-{r}.db" if name == "tag --db" else None
                    res = run(folder, Path(tmp) / f"out-{w}-{r}-{name[-2:]}", db, w)
                    if db is not None:
                        assert res["stored"] == res["clauses"], res
                    best[name] = min(best.get(name, float("inf")), res["seconds"])
                    print(f"| `{name}` | {w} | {res['seconds']:.1f} | {res['clauses']:,.0f} | {res['peak_mb']:.0f} |", flush=True)
            print(f"| **ratio `tag --db` / `tag`** (fastest of {args.rounds}) | {w} | **{best['tag --db'] / best['tag']:.2f}** | | |",
                  flush=True)


if __name__ == "__main__":
    main()
