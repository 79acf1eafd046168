"""Measure document metadata and structure on the real pages of ../shared (never copied here).

``metadata_dev`` scores title, issuing office and 文号 against gov.cn's own metadata columns;
``realworld`` checks titles (where the title is in the text), chrome clauses, garbled input and
the section paths of laws. Used by ``scripts/eval_metadata.py`` and by the tests.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policynlp.errors import IngestError
from policynlp.ingest import RawDocument, read_bytes, read_path
from policynlp.pipeline import Pipeline
from policynlp.types import Document

ROOT = Path(__file__).resolve().parents[3]
_SPACE = re.compile(r"[\s\u3000\u00a0#]+")
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，。；、：！？,.;:!?]")


def shared_dir() -> Path | None:
    """../shared: ``$POLICYNLP_SHARED``, else next to the repository; None when absent."""
    env = os.environ.get("POLICYNLP_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT / ".." / "shared"]:
        if (cand / "realworld").is_dir() or (cand / "metadata-dev").is_dir():
            return cand.resolve()
    return None


def norm(text: str | None) -> str:
    """A title or name compared without spaces, line breaks or heading marks, and with full- and
    half-width forms folded (（ and ( are the same title)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass
class Score:
    """Right answers out of the pages scored, with the misses for inspection."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += int(ok)
        if not ok:
            self.misses.append(miss)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


def govcn_pages(shared: Path) -> list[dict[str, Any]]:
    """The 48 gov.cn pages of metadata-dev with the site's own title, office and 文号."""
    with (shared / "metadata-dev" / "govcn_pages.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


Reader = Callable[[str, str], RawDocument]


def own_reader(html: str, name: str) -> RawDocument:
    """policynlp's own HTML extraction."""
    return read_bytes(html.encode("utf-8"), name)


def metadata_dev(shared: Path, pipeline: Pipeline, reader: Reader = own_reader, *, as_text: bool = False) -> dict[str, Score]:
    """Title, issuing office and 文号 against the site's metadata, page by page; ``as_text`` reads
    the same pages as plain text (their reduction in ../unlabeled) instead of the HTML."""
    scores = {"title": Score(), "issuer": Score(), "doc_number": Score()}
    texts = {rec["id"]: rec["text"] for rec in unlabeled_govcn(shared)} if as_text else {}
    for page in govcn_pages(shared):
        if as_text:
            if page["id"] not in texts:
                continue
            raw = RawDocument(f"{page['id']}.txt", texts[page["id"]], "text")
        else:
            raw = reader(page["html"], f"{page['id']}.html")
        doc = pipeline.analyze_raw(raw)
        scores["title"].add(norm(doc.title) == norm(page["title"]), f"{page['id']}: {doc.title!r} ≠ {page['title']!r}")
        issuer = "、".join(doc.issuers)
        scores["issuer"].add(norm(issuer) == norm(page["issuing_office"]), f"{page['id']}: {issuer!r} ≠ {page['issuing_office']!r}")
        want = page.get("document_number")
        scores["doc_number"].add(norm(doc.doc_number) == norm(want), f"{page['id']}: {doc.doc_number!r} ≠ {want!r}")
    return scores


@dataclass
class RealworldReport:
    """What ../shared/realworld shows about titles, chrome, garbled input and sections."""

    titles: Score
    garbled: dict[str, str]
    chrome: list[str]
    law_sections: Score
    docs: dict[str, Document]


def _manifest(shared: Path) -> dict[str, dict[str, str]]:
    with (shared / "realworld" / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def chrome_clauses(docs: dict[str, Document]) -> list[str]:
    """Clauses that are page furniture by shape, not by any list the cleaner uses: no Chinese
    character at all, punctuation alone, a markup or comment fragment, a hex id or URL, or a short
    text without punctuation (not a heading) that recurs verbatim in three or more documents."""
    seen: Counter[str] = Counter()
    for doc in docs.values():
        seen.update({norm(c.text) for c in doc.clauses})
    out = []
    for name, doc in docs.items():
        for c in doc.clauses:
            t = norm(c.text)
            odd = (
                not _CJK.search(t)
                or re.search(r"<!|-->|https?://|www\.|[0-9a-f]{16,}", t)
                or not re.search(r"[\u4e00-\u9fff\w]", t)
                or (len(t) <= 12 and seen[t] >= 3 and c.kind != "heading" and not _PUNCT.search(t))
            )
            if odd:
                out.append(f"{name}: {c.text!r}")
    return out


def realworld(shared: Path, pipeline: Pipeline) -> RealworldReport:
    """Titles where the title is in the text, chrome clauses, garbled files, laws' section paths."""
    manifest = _manifest(shared)
    titles, law_sections = Score(), Score()
    garbled: dict[str, str] = {}
    docs: dict[str, Document] = {}
    for name, row in sorted(manifest.items()):
        try:
            raw = read_path(shared / "realworld" / name)
        except IngestError as exc:
            if "garbled" in exc.reason:
                garbled[name] = exc.reason
            continue
        doc = pipeline.analyze_raw(raw)
        docs[name] = doc
        want = norm(TRAILING_NOTE.sub("", row["title"]))
        if want and want in norm(raw.text):
            titles.add(norm(doc.title) == want, f"{name}: {doc.title!r} ≠ {want!r}")
        if row["kind"] == "law":
            for c in doc.clauses:
                law_sections.add(bool(c.section), f"{name}: {c.text[:30]!r}")
    return RealworldReport(titles, garbled, chrome_clauses(docs), law_sections, docs)


def dv_titles(shared: Path, pipeline: Pipeline) -> Score:
    """Titles of the ../shared/realworld-dv excerpts whose manifest title is in their text."""
    score = Score()
    with (shared / "realworld-dv" / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        try:
            raw = read_path(shared / "realworld-dv" / row["file"])
        except IngestError:
            continue
        want = norm(row["title"])
        if row["title"].startswith("[") or want not in norm(raw.text):
            continue
        doc = pipeline.analyze_raw(raw)
        score.add(norm(doc.title) == want, f"{row['file']}: {doc.title!r} ≠ {row['title']!r}")
    return score


def by_format(docs: dict[str, Document]) -> dict[str, dict[str, int]]:
    """Per input format: documents, and how many got a title, an issue date, a 文号, issuers;
    clauses and clauses with a section path."""
    out: dict[str, dict[str, int]] = {}
    for doc in docs.values():
        row = out.setdefault(str(doc.facts.get("format")), Counter())
        row["documents"] += 1
        row["title"] += int(bool(doc.title))
        row["issued"] += int(bool(doc.issued))
        row["doc_number"] += int(bool(doc.doc_number))
        row["issuers"] += int(bool(doc.issuers))
        row["clauses"] += len(doc.clauses)
        row["sectioned"] += sum(1 for c in doc.clauses if c.section)
    return out


def unlabeled_govcn(shared: Path) -> list[dict[str, Any]]:
    """The gov.cn pages of ../shared/unlabeled (text form of metadata-dev), for a plain-text check."""
    out = []
    with gzip.open(shared / "unlabeled" / "policy_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if "platform-1" in rec["source"]:
                out.append(rec)
    return out
