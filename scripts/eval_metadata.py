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
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policynlp.ingest import RawDocument  # noqa: E402
from policynlp.pipeline import Pipeline  # noqa: E402
from policynlp.testing.realdata import (  # noqa: E402
    TRAILING_NOTE,
    Score,
    by_format,
    dv_titles,
    govcn_pages,
    metadata_dev,
    norm,
    own_reader,
    realworld,
    shared_dir,
)


def _line(name: str, s: Score, verbose: bool) -> None:
    print(f"| {name} | {s.right}/{s.total} | {s.rate:.1%} |")
    if verbose:
        for m in s.misses:
            print(f"    miss {m}")


def _trafilatura_reader(html: str, name: str) -> RawDocument:
    import trafilatura  # type: ignore[import-not-found]

    text = trafilatura.extract(html, include_tables=True, favor_recall=True) or ""
    return RawDocument(name, text or " ", "text")


def _rows(shared: Path) -> list[dict[str, str]]:
    with (shared / "realworld" / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def compare(shared: Path, pipeline: Pipeline, verbose: bool) -> None:
    try:
        import htmldate  # type: ignore[import-not-found]
        import trafilatura  # type: ignore[import-not-found]
    except ImportError:
        print("trafilatura/htmldate not installed: pip install trafilatura htmldate to compare")
        return
    pages = govcn_pages(shared)
    lib_title, lib_date = Score(), Score()
    year_only = 0
    for p in pages:
        meta = trafilatura.extract_metadata(p["html"])
        title = meta.title if meta is not None else None
        lib_title.add(norm(title) == norm(p["title"]), f"{p['id']}: {title!r}")
        # the page's own date is its signature date (policynlp reads it; the site has no date column)
        ours = pipeline.analyze_raw(own_reader(p["html"], f"{p['id']}.html")).issued
        found = htmldate.find_date(p["html"], outputformat="%Y-%m-%d")
        year_only += int(bool(found) and str(found).endswith("-01-01") and ours is not None and not ours.endswith("-01-01"))
        lib_date.add(found == ours, f"{p['id']}: htmldate {found} vs signature {ours}")
    print("\n### trafilatura + htmldate on metadata-dev")
    print("| field | right | share |\n|---|---|---|")
    _line("title (trafilatura metadata)", lib_title, verbose)
    _line("issue date = the signature date (htmldate)", lib_date, verbose)
    print(f"| htmldate dates that are a bare year (YYYY-01-01, from the 文号) | {year_only} | – |")
    print("| issuing office, 文号 | – | not extracted by either library |")
    scores = metadata_dev(shared, pipeline, reader=_trafilatura_reader)
    print("\n### trafilatura text → policynlp metadata on metadata-dev")
    print("| field | right | share |\n|---|---|---|")
    for k, s in scores.items():
        _line(k, s, verbose)
    print("\n### the HTML of realworld: own extraction vs trafilatura text (policynlp metadata and sections on both)")
    print("| extraction | titles right | 文号 found | clauses with a section path | seconds |\n|---|---|---|---|---|")
    manifest = {r["file"]: r["title"] for r in _rows(shared)}
    for label, reader in (("policynlp", own_reader), ("trafilatura", _trafilatura_reader)):
        t0 = time.perf_counter()
        right = numbered = with_section = clauses = 0
        files = sorted((shared / "realworld").glob("*.html"))
        for f in files:
            doc = pipeline.analyze_raw(reader(f.read_text("utf-8"), f.name))
            right += int(norm(doc.title) == norm(TRAILING_NOTE.sub("", manifest[f.name])))
            numbered += int(bool(doc.doc_number) and norm(doc.doc_number) in norm(manifest[f.name]))
            with_section += sum(1 for c in doc.clauses if c.section)
            clauses += len(doc.clauses)
        secs = time.perf_counter() - t0
        print(f"| {label} | {right}/{len(files)} | {numbered}/{len(files)} | {with_section}/{clauses} | {secs:.1f} |")


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
    print("\n### metadata-dev as plain text (the same pages reduced to text in ../unlabeled)")
    print("| field | right | share |\n|---|---|---|")
    for k, s in metadata_dev(shared, pipeline, as_text=True).items():
        _line(k, s, args.verbose)
    rep = realworld(shared, pipeline)
    print("\n### realworld")
    print("| check | result |\n|---|---|")
    print(f"| title, documents whose title is in the text | {rep.titles.right}/{rep.titles.total} |")
    print(f"| chrome clauses (no CJK, markup/URL/hex id, short text recurring in 3+ documents) | {len(rep.chrome)} |")
    print(f"| garbled inputs reported | {', '.join(sorted(rep.garbled)) or 'none'} |")
    print(f"| laws' clauses with a section path | {rep.law_sections.right}/{rep.law_sections.total} ({rep.law_sections.rate:.1%}) |")
    dv = dv_titles(shared, pipeline)
    print(f"| realworld-dv: title, excerpts whose title is in the text | {dv.right}/{dv.total} |")
    print("\n### realworld by format (how many documents got each field; clauses with a section path)")
    print("| format | documents | title | issue date | 文号 | issuers | clauses with a section |\n|---|---|---|---|---|---|---|")
    for fmt, r in sorted(by_format(rep.docs).items()):
        share = r["sectioned"] / r["clauses"] if r["clauses"] else 0.0
        print(f"| {fmt} | {r['documents']} | {r['title']} | {r['issued']} | {r['doc_number']} | {r['issuers']} | {share:.0%} |")
    if args.verbose:
        for m in dv.misses:
            print(f"    dv title miss {m}")
        for m in rep.titles.misses:
            print(f"    title miss {m}")
        for m in rep.chrome:
            print(f"    chrome {m}")
    if args.compare:
        compare(shared, pipeline, args.verbose)


if __name__ == "__main__":
    main()
