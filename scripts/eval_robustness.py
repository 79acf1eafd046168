"""Does a notice get the same records whatever form it comes in? The README's robustness table.

Each real digital-village excerpt of ../shared/realworld-dv outside real-test is rewritten in the
forms notices arrive in (legacy encodings, traditional script in mainland or Taiwan wording,
converter pinyin with and without tone marks, doubled punctuation and markup debris, page chrome,
full-width digits, HTML, DOCX, hard-wrapped text and a PDF text layer with page numbers), every form is tagged, and
its records are compared with those of the excerpt as stored:

- clauses: the excerpt's clauses found again in the variant (the same text after script, width and
  space folding, or at least 80 % alike) and, of those, the ones with the same domains and actions
  and the ones under the same section path;
- titles, the deadline set (end dates), the target set (end date and metric value), the issue date and
  the 文号 of each document.

Run: python scripts/eval_robustness.py [--forms big5,pinyin-bare,...] [-v]   (POLICYNLP_SHARED names ../shared)
A form a document's characters cannot be written in (Big5 lacks some simplified characters) is
skipped for that document and counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policynlp.pipeline import Pipeline  # noqa: E402
from policynlp.testing.forms import forms, measure  # noqa: E402
from policynlp.testing.realdata import shared_dir  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", help="comma-separated form names (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="name each document and clause that differs")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None or not (shared / "realworld-dv").is_dir():
        print("../shared/realworld-dv not found (set POLICYNLP_SHARED): nothing to measure")
        return 0
    splits = json.loads((ROOT / "corpus" / "real" / "splits.json").read_text("utf-8"))
    held_out = set(splits["test"])
    files = [p for p in sorted((shared / "realworld-dv").glob("[0-9]*.txt")) if f"realworld-dv/{p.name}" not in held_out]
    table = forms()
    chosen = args.forms.split(",") if args.forms else list(table)
    tallies = measure(Pipeline(), files, chosen)
    print(f"{len(files)} excerpts of realworld-dv outside real-test\n")
    print("| form | documents (not writable) | clauses found again | of those, same labels | same section path | same title | same deadlines | same targets | same date and 文号 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, t in tallies.items():
        print(f"| {name} | {t.docs} ({t.skipped}) | {t.found}/{t.clauses} | {t.same}/{t.found} | {t.sections}/{t.found} | {t.titles}/{t.docs} | "
              f"{t.deadlines}/{t.docs} | {t.targets}/{t.docs} | {t.meta}/{t.docs} |")
    if args.verbose:
        for t in tallies.values():
            for note in t.notes:
                print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
