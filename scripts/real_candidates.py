"""Cut real documents of ../shared into clauses to label, as references plus text for the labeler.

    python scripts/real_candidates.py --out /tmp/cands.jsonl realworld-dv/001_x.txt "unlabeled/policy_text.jsonl.gz#61ad59455a30"

Each output line: doc, start, end, sha1 (the reference that goes into corpus/real/labels.jsonl)
and, for the labeler only, text, section and kind. The output holds shared text: write it outside
the repository. ``--rural-only`` keeps clauses whose paragraph is about farming or villages (for
long documents such as work reports, where only the rural passages are labeled).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from policynlp.classify.realset import document_text, sha1, shared_root
from policynlp.ingest import RawDocument, read_bytes
from policynlp.pipeline import Pipeline

RURAL = re.compile(r"农业|农村|乡村|农民|三农|粮食|村级|村庄|涉农|农产品|耕地|畜牧|渔业|种业|脱贫|帮扶|县域|鄉村|農")


def _raw_positions(raw: str, pieces: list[str]) -> list[tuple[int, int] | None]:
    """Where each piece of extracted text lies in the raw file, in order (None when markup splits it)."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for piece in pieces:
        k = raw.find(piece, pos)
        if k < 0:
            out.append(None)
            continue
        out.append((k, k + len(piece)))
        pos = k + len(piece)
    return out


def candidates(shared: Path, doc: str, pipe: Pipeline, *, rural_only: bool) -> list[dict[str, object]]:
    raw = document_text(shared, doc)
    if "#" in doc:
        parsed = pipe.analyze_raw(RawDocument(doc, raw, "text"))
    else:
        parsed = pipe.analyze_raw(read_bytes((shared / doc).read_bytes(), doc))
    pieces = [parsed.text[c.start : c.end] for c in parsed.clauses]
    same = parsed.text == raw
    spans = [(c.start, c.end) for c in parsed.clauses] if same else _raw_positions(raw, pieces)
    rows: list[dict[str, object]] = []
    for c, span in zip(parsed.clauses, spans, strict=True):
        if span is None:
            continue
        s, e = span
        if rural_only:
            ps = raw.rfind("\n", 0, s) + 1
            head = raw[ps : min(s, ps + 40)]  # the paragraph's topic: its opening words
            if not (RURAL.search(raw[s:e]) or RURAL.search(head) or RURAL.search(c.section or "")):
                continue
        rows.append({"doc": doc, "start": s, "end": e, "sha1": sha1(raw[s:e]), "text": c.text, "section": c.section, "kind": c.kind})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="+", help="documents relative to the shared folder")
    ap.add_argument("--out", required=True)
    ap.add_argument("--shared")
    ap.add_argument("--rural-only", action="store_true")
    args = ap.parse_args()
    shared = shared_root(args.shared)
    if shared is None:
        raise SystemExit("no ../shared folder (use --shared)")
    pipe = Pipeline(classifier=None)
    with open(args.out, "w", encoding="utf-8") as fh:
        for doc in args.docs:
            for row in candidates(shared, doc, pipe, rural_only=args.rural_only):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
