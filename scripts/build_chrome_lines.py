"""Build src/policynlp/resources/chrome_lines.txt: page chrome found by frequency, not by hand.

A line of a page that recurs, word for word, in many unrelated documents and says nothing a
sentence would say (no sentence punctuation, no heading numbering, short) is site furniture:
下载 / 打印 / 【字号： / 分享到 …  The script counts, for every short line, in how many documents
of ../shared/unlabeled, ../shared/realworld and ../shared/realworld-dv it occurs (each document
counted once), and keeps the lines seen in at least ``--min-docs`` documents that pass the shape
filter below. Lines are compared in simplified script with inner spaces removed.

Run: python scripts/build_chrome_lines.py [--min-docs 4] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policynlp.clean import to_simplified  # noqa: E402
from policynlp.ingest import read_path  # noqa: E402
from policynlp.segment.clauses import is_heading_line  # noqa: E402
from policynlp.segment.meta import _GENRE_END  # noqa: E402

OUT = ROOT / "src" / "policynlp" / "resources" / "chrome_lines.txt"
MAX_LEN = 20
# a line that a sentence or a heading could be: kept out of the chrome list whatever its frequency
_SENTENCE = re.compile(r"[，。；、！？,;!?]")
_GREETING = re.compile(r"(同志|代表|委员|朋友|女士|先生)们?[：:]$")  # salutations open speeches: content


def shared_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("POLICYNLP_SHARED") or ROOT / ".." / "shared")


def documents(shared: Path) -> list[str]:
    texts: list[str] = []
    with gzip.open(shared / "unlabeled" / "policy_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
    for sub in ("realworld", "realworld-dv"):
        for f in sorted((shared / sub).glob("[0-9]*")):
            try:
                texts.append(read_path(f).text)
            except Exception as exc:  # garbled or unreadable inputs say nothing about chrome
                print(f"skipped {f.name}: {exc}", file=sys.stderr)
    return texts


def key_of(line: str) -> str:
    return re.sub(r"[\s\u3000\u00a0]+", "", line)


def is_candidate(key: str) -> bool:
    if not key or len(key) > MAX_LEN or key.startswith("#"):
        return False
    if _SENTENCE.search(key) or _GREETING.search(key) or is_heading_line(key) or _GENRE_END.search(key):
        return False
    return bool(re.search(r"[\u4e00-\u9fff【】]", key))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=None)
    ap.add_argument("--min-docs", type=int, default=4)
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    if not (shared / "unlabeled").is_dir():
        sys.exit(f"no shared data at {shared} (set POLICYNLP_SHARED)")
    texts = documents(shared)
    docs = [[k for k in (key_of(ln) for ln in text.splitlines()) if k] for text in texts]
    df: Counter[str] = Counter()
    for keys in docs:
        df.update({k for k in keys if len(k) <= MAX_LEN})
    frequent = {k for k, n in df.items() if n >= args.min_docs}
    # chrome comes in blocks (下载 / 打印 / 全屏 …, a licence box): a frequent line counts as chrome
    # when, in most documents that have it, a neighbouring line is frequent too; a frequent line
    # among unique ones (附则 over its articles, a signature over its date) is structure
    blocky: Counter[str] = Counter()
    for keys in docs:
        seen: set[str] = set()
        for i, k in enumerate(keys):
            if k in frequent and k not in seen:
                near = keys[max(0, i - 1) : i] + keys[i + 1 : i + 2]
                if any(n in frequent for n in near):
                    blocky[k] += 1
                    seen.add(k)
    # a frequent "X：" line near the end of most of its documents heads a block of links (相关报道：)
    tail: Counter[str] = Counter()
    for keys in docs:
        cut = int(len(keys) * 0.85)
        tail.update({k for k in keys[cut:] if k in frequent and k.endswith(("：", ":"))})
    tails = {k for k in frequent if tail[k] >= 0.8 * df[k] and is_candidate(to_simplified(k))}
    chrome = sorted(
        (k for k in frequent if (blocky[k] * 2 >= df[k] or k in tails) and is_candidate(to_simplified(k))),
        key=lambda k: (-df[k], k),
    )
    header = [
        "# Page chrome: short lines that recur verbatim in many unrelated documents (generated; do not edit).",
        f"# Built by scripts/build_chrome_lines.py from {len(texts)} documents of ../shared (unlabeled, realworld,",
        f"# realworld-dv): lines of at most {MAX_LEN} characters seen in >= {args.min_docs} documents, without sentence",
        "# punctuation, heading numbering, a salutation or a genre word (a title), and in most of those documents next to",
        "# another frequent line (chrome comes in blocks; 附则 among its articles does not). A line marked 'tail' is an 'X：'",
        "# line in the last 15% of the lines of >= 80% of its documents: it heads a block of links that ends the page.",
        "# Format: line<TAB>number of documents[<TAB>tail]. Simplified script,",
        "# inner spaces removed; a document line matches after the same normalisation.",
    ]
    body = [f"{to_simplified(k)}\t{df[k]}" + ("\ttail" if k in tails else "") for k in chrome]
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"{len(body)} chrome lines from {len(texts)} documents → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
