"""Document metadata and structure on real pages: the numbers of the README's format table.

- ../shared/metadata-dev: title, issuing office and 文号 of 48 gov.cn pages against the site's own
  metadata columns (policynlp's HTML extraction; with --compare also trafilatura + htmldate, when
  installed, both on their own and as the HTML → text step in front of policynlp).
- ../shared/realworld: titles of the documents whose title is in their text, chrome clauses,
  garbled input reported, share of the laws' clauses with a section path.

Run: python scripts/eval_metadata.py [--compare] [-v]   (POLICYNLP_SHARED names ../shared)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policynlp.ingest import RawDocument  # noqa: E402
from policynlp.pipeline import Pipeline  # noqa: E402
from policynlp.testing.realdata import Score, govcn_pages, metadata_dev, norm, realworld, shared_dir  # noqa: E402


def _line(name: str, s: Score, verbose: bool) -> None:
    print(f"| {name} | {s.right}/{s.total} | {s.rate:.1%} |")
    if verbose:
        for m in s.misses:
            print(f"    miss {m}")


def _trafilatura_reader(html: str, name: str) -> RawDocument:
    import trafilatura

    text = trafilatura.extract(f"<html><body><table>{html}</table></body></html>", include_tables=True, favor_recall=True) or ""
    return RawDocument(name, text or " ", "text")


def compare(shared: Path, pipeline: Pipeline, verbose: bool) -> None:
    try:
        import htmldate
        import trafilatura
    except ImportError:
        print("trafilatura/htmldate not installed: pip install trafilatura htmldate to compare")
        return
    pages = govcn_pages(shared)
    own_title = Score()
    for p in pages:
        meta = trafilatura.extract_metadata(f"<html><body><table>{p['html']}</table></body></html>")
        title = meta.title if meta is not None else None
        own_title.add(norm(title) == norm(p["title"]), f"{p['id']}: {title!r}")
    dated = sum(1 for p in pages if htmldate.find_date(f"<html><body><table>{p['html']}</table></body></html>", outputformat="%Y-%m-%d"))
    print("\n### trafilatura + htmldate on metadata-dev")
    print("| field | right | share |\n|---|---|---|")
    _line("title (trafilatura metadata)", own_title, verbose)
    print(f"| issue date found (htmldate) | {dated}/{len(pages)} | – |")
    print("| issuing office, 文号 | – | not extracted by either library |")
    scores = metadata_dev(shared, pipeline, reader=_trafilatura_reader)
    print("\n### trafilatura text → policynlp metadata on metadata-dev")
    print("| field | right | share |\n|---|---|---|")
    for k, s in scores.items():
        _line(k, s, verbose)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", action="store_true", help="also score trafilatura + htmldate")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        sys.exit("no ../shared (set POLICYNLP_SHARED to its path)")
    pipeline = Pipeline(classifier=None)
    print("### metadata-dev (48 gov.cn pages, the site's own metadata)")
    print("| field | right | share |\n|---|---|---|")
    for k, s in metadata_dev(shared, pipeline).items():
        _line(k, s, args.verbose)
    rep = realworld(shared, pipeline)
    print("\n### realworld")
    print("| check | result |\n|---|---|")
    print(f"| title, documents whose title is in the text | {rep.titles.right}/{rep.titles.total} |")
    print(f"| chrome clauses (no CJK, markup/URL/hex id, short text recurring in 3+ documents) | {len(rep.chrome)} |")
    print(f"| garbled inputs reported | {', '.join(sorted(rep.garbled)) or 'none'} |")
    print(f"| laws' clauses with a section path | {rep.law_sections.right}/{rep.law_sections.total} ({rep.law_sections.rate:.1%}) |")
    if args.verbose:
        for m in rep.titles.misses:
            print(f"    title miss {m}")
        for m in rep.chrome:
            print(f"    chrome {m}")
    if args.compare:
        compare(shared, pipeline, args.verbose)


if __name__ == "__main__":
    main()
