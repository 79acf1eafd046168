"""Replay the real labeled set against an older checkout (whose records may lack newer fields):

    git worktree add /tmp/base 15d4592 && python scripts/eval_real_baseline.py /tmp/base [SHARED]

Prints domain / action macro-F1 and no-label accuracy on real-dev and real-test, matched as
scripts/eval_real.py matches (a gold clause takes the labels of the clauses covering half of it).
Only the old checkout's package is imported; the references and splits are this repo's.
"""

from __future__ import annotations

import fnmatch
import gzip
import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TAG = re.compile(r"<[^>]*>")


def main() -> int:
    sys.path.insert(0, str(Path(sys.argv[1]).resolve() / "src"))
    from policynlp.ingest import RawDocument, read_bytes
    from policynlp.ingest.decode import decode_bytes
    from policynlp.pipeline import Pipeline
    from policynlp.taxonomy import load_taxonomy

    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared"
    refs = [json.loads(x) for f in sorted((ROOT / "corpus" / "real").glob("labels*.jsonl"))
            for x in f.read_text("utf-8").splitlines() if x.strip()]
    splits = json.loads((ROOT / "corpus" / "real" / "splits.json").read_text("utf-8"))
    unlabeled: dict[str, str] = {}

    def split_of(doc: str) -> str | None:
        if doc in splits["test"]:
            return "test"
        return "dev" if any(fnmatch.fnmatch(doc, p) for p in splits["dev"]) else None

    def text_of(doc: str) -> str:
        if "#" in doc:
            if not unlabeled:
                with gzip.open(shared / "unlabeled" / "policy_text.jsonl.gz", "rt", encoding="utf-8") as fh:
                    unlabeled.update((r["id"], r["text"]) for r in map(json.loads, fh))
            return unlabeled[doc.split("#")[1]]
        return str(decode_bytes((shared / doc).read_bytes(), doc))

    pipe = Pipeline()
    tax = load_taxonomy()
    for split in ("dev", "test"):
        by: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in refs:
            if split_of(r["doc"]) == split:
                by[r["doc"]].append(r)
        gold: list[dict[str, Any]] = []
        pred: list[dict[str, set[str]]] = []
        for doc, rs in by.items():
            rs.sort(key=lambda r: r["start"])
            ref = text_of(doc)
            raw = RawDocument(doc, ref, "text") if "#" in doc else read_bytes((shared / doc).read_bytes(), doc)
            parsed = pipe.analyze_raw(raw)
            cursor = 0
            for r in rs:
                t = ref[r["start"] : r["end"]]
                if doc.endswith(".html"):
                    t = html.unescape(TAG.sub("", t)).strip()
                if parsed.text == ref:
                    s, e = r["start"], r["end"]
                else:
                    k = parsed.text.find(t, cursor)
                    k = k if k >= 0 else parsed.text.find(t)
                    s, e = (k, k + len(t)) if k >= 0 else (0, 0)
                    cursor = max(cursor, e)
                lab: dict[str, set[str]] = {"domain": set(), "action": set()}
                for c in parsed.clauses if e > s else ():
                    ov = min(e, c.end) - max(s, c.start)
                    if ov > 0 and ov * 2 >= min(e - s, c.end - c.start):
                        lab["domain"] |= {x.id for x in c.domains}
                        lab["action"] |= {x.id for x in c.actions}
                gold.append(r)
                pred.append(lab)
        macro = []
        for lv in ("domain", "action"):
            f1s = []
            for label in tax.names(lv):
                tp = sum(1 for g, p in zip(gold, pred, strict=True) if label in g[lv + "s"] and label in p[lv])
                fp = sum(1 for g, p in zip(gold, pred, strict=True) if label not in g[lv + "s"] and label in p[lv])
                fn = sum(1 for g, p in zip(gold, pred, strict=True) if label in g[lv + "s"] and label not in p[lv])
                if tp + fn:
                    f1s.append(2 * tp / (2 * tp + fp + fn))
            macro.append(sum(f1s) / len(f1s))
        empty = [i for i, g in enumerate(gold) if not g["domains"] and not g["actions"]]
        none = sum(1 for i in empty if not pred[i]["domain"] and not pred[i]["action"]) / len(empty)
        print(f"real-{split}: {len(gold)} clauses, domain macro-F1 {macro[0]:.3f}, action macro-F1 {macro[1]:.3f}, no-label {none:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
