"""Median and p95 latency of `Store.search` over a store of N clauses (default 200,000).

The store is filled with our corpus clauses (repeated with their document ids varied), then
a fixed list of queries in both scripts, with and without filters, is run several times.

    python scripts/bench_search.py [--clauses 200000] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from policynlp.store.db import SearchFilters, Store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [("电商", ("rural_digital_industry",)), ("網絡", ()), ("智慧农业", ()), ("防止返贫", ()), ("政务服务", ("digital_governance",)),
           ("农村 物流", ()), ("人居环境", ()), ("數字鄉村", ()), ('" OR 1=1 --', ()), ("5G", ())]


def fill(store: Store, n: int) -> None:
    rows = []
    for split in ("train", "dev", "test", "seed"):
        rows += [json.loads(x) for x in (ROOT / "corpus" / "labeled" / f"{split}.jsonl").read_text("utf-8").splitlines()]
    per_doc = 100
    made = 0
    d = 0
    while made < n:
        doc_id = f"{d:016x}"
        clauses = []
        for k in range(per_doc):
            r = rows[(made + k) % len(rows)]
            labels = {lv: [{"id": x, "score": 0.9, "evidence": []} for x in r[lv]] for lv in ("domains", "actions", "tasks")}
            clauses.append({"doc_id": doc_id, "clause_id": f"{doc_id}:{k}", "start": 0, "end": len(r["text"]), "text": r["text"],
                            "section": "", "kind": "statement", **labels})
        store.add_records({"doc_id": doc_id, "source": f"synthetic/{d}.txt", "title": f"文件{d}", "issued": None, "script": "simplified"},
                          clauses, [])
        made += per_doc
        d += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clauses", type=int, default=200_000)
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    store = Store(path)
    have = store.count("clauses")
    if have < args.clauses:
        t0 = time.perf_counter()
        fill(store, args.clauses - have)
        print(f"filled {args.clauses:,} clauses in {time.perf_counter() - t0:.0f} s")
    times = []
    for _ in range(args.repeat):
        for q, domains in QUERIES:
            t0 = time.perf_counter()
            store.search(q, domains=domains, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
    paged = []  # what the search page and /api/search do: one page, the total and every facet count
    for _ in range(args.repeat):
        for q, domains in QUERIES:
            t0 = time.perf_counter()
            store.find(q, SearchFilters(domains=domains), page=2, per_page=20)
            paged.append((time.perf_counter() - t0) * 1000)
    print("| clauses | call | queries | median ms | p95 ms |\n|---|---|---|---|---|")
    for name, ts in (("search (top 20)", times), ("find (page, total, facets)", paged)):
        ts.sort()
        p95 = ts[int(0.95 * (len(ts) - 1))]
        print(f"| {args.clauses:,} | {name} | {len(ts)} | {statistics.median(ts):.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
