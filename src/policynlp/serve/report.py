"""A static HTML report over a store: label counts, the domain × action heat map, targets on a timeline."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from policynlp.serve import render
from policynlp.store.db import Store
from policynlp.store.files import write_atomic


def write_report(store: Store, out: str | os.PathLike[str]) -> Path:
    """Write the report atomically to ``out`` and return its path."""
    names = render.names()
    counts: Counter[str] = Counter({f"{level}:{label}": n for (level, label), n in store.label_counts().items()})
    docs = store.documents()
    rows = "".join(f"<tr><td>{render.escape(k.split(':')[0])}</td><td>{render.escape(names.get(k.split(':', 1)[1], k))}</td><td>{n}</td></tr>"
                   for k, n in sorted(counts.items()))
    targets = store.targets()
    body = (f"<p>{len(docs)} 个文件，{sum(d['n_clauses'] or 0 for d in docs)} 条条款，{len(targets)} 个目标</p>"
            "<h2>标签计数 Label counts</h2><table><tr><th>层级</th><th>标签</th><th>条款数</th></tr>" + rows + "</table>"
            "<h2>领域 × 行动 Domain × action</h2>" + render.matrix_table(store.matrix(), link=False) +
            "<h2>目标时间线 Targets by deadline</h2>" + render.timeline_svg(targets, link=False)
            + render.targets_table(targets, {d["doc_id"]: d["title"] for d in docs}, link=False))
    html = render.page("policynlp report", body, standalone=True)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, html)
