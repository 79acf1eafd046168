"""The real labeled set: labels kept in the repo, texts read from ``../shared``.

``corpus/real/labels.jsonl`` holds one line per clause of a real document, with no text:
``{"doc", "start", "end", "sha1", "function", "domains", "actions", "tasks"}``. ``doc`` names the
text relative to the shared folder: a file (``realworld-dv/001_….txt``) or a document of the
unlabeled dump (``unlabeled/policy_text.jsonl.gz#<id>``). ``start``/``end`` are ``str`` offsets
into that text as :func:`document_text` reads it (the file decoded as it is stored, markup
included, so that a change of our HTML reader does not move them); ``sha1`` is the hash of the
slice, checked on load. ``corpus/real/splits.json`` splits the documents into ``dev`` and
``test``; nothing is chosen on test and its documents are kept out of pretraining.
``corpus/real/train/*.jsonl`` (the same format) is a third set, real-train: clauses of documents of
neither split, labeled by the same guideline, used to fit the fine-tuned model and the clause-function
model; nothing is chosen on it (``scripts/eval_real.py --split train`` scores the rules there as a
second check beside real-dev).

Without the shared folder :func:`shared_root` returns None and callers skip with a message.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import html
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from policynlp.ingest import decode_bytes

REPO = Path(__file__).resolve().parents[3]
REAL_DIR = REPO / "corpus" / "real"
TRAIN_DIR = REAL_DIR / "train"
UNLABELED = "unlabeled/policy_text.jsonl.gz"
_TAG = re.compile(r"<[^>]*>")


def shared_root(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared folder: ``explicit``, ``$POLICYNLP_SHARED``, ``./../shared`` or the repo's sibling."""
    candidates = [explicit, os.environ.get("POLICYNLP_SHARED"), Path.cwd().parent / "shared", REPO.parent / "shared"]
    for c in candidates:
        if c and (Path(c) / "TAXONOMY.md").is_file():
            return Path(c)
    return None


def sha1(text: str) -> str:
    """Hash of a clause text as stored in a reference (hex SHA-1 of its UTF-8 bytes)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=4)
def _unlabeled(path: str) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {row["id"]: row["text"] for row in map(json.loads, fh)}


def document_text(shared: Path, doc: str) -> str:
    """The text a reference's offsets point into (see the module docstring)."""
    if "#" in doc:
        name, _, key = doc.partition("#")
        return _unlabeled(str(shared / name))[key]
    path = shared / doc
    return decode_bytes(path.read_bytes(), doc)


def label_text(doc: str, raw_slice: str) -> str:
    """The clause text a labeler read: markup of an HTML slice removed, entities decoded."""
    if doc.lower().endswith((".html", ".htm")):
        return html.unescape(_TAG.sub("", raw_slice)).strip()
    return raw_slice


@dataclass(frozen=True, slots=True)
class Splits:
    """Which real documents are dev and which are test."""

    test: frozenset[str]
    dev_patterns: tuple[str, ...] = field(default=())

    @classmethod
    def load(cls, path: Path = REAL_DIR / "splits.json") -> Splits:
        data = json.loads(path.read_text("utf-8"))
        return cls(frozenset(data["test"]), tuple(data["dev"]))

    def split_of(self, doc: str) -> str | None:
        """``test``, ``dev`` or None for a document of neither."""
        if doc in self.test:
            return "test"
        return "dev" if any(fnmatch.fnmatch(doc, p) for p in self.dev_patterns) else None


@dataclass(frozen=True, slots=True)
class GoldClause:
    """One labeled real clause, its text read from the shared folder."""

    doc: str
    start: int
    end: int
    text: str
    split: str
    function: str
    domains: tuple[str, ...]
    actions: tuple[str, ...]
    tasks: tuple[str, ...]

    @property
    def source(self) -> str:
        """The folder of ../shared its document comes from (``realworld-dv``, ``realworld``, ``unlabeled``)."""
        return self.doc.split("/", 1)[0]

    def row(self) -> dict[str, Any]:
        """The clause as a row of the labeled-set format used by training and evaluation."""
        return {"text": self.text, "domains": list(self.domains), "actions": list(self.actions), "tasks": list(self.tasks),
                "source": "real:" + self.doc, "function": self.function}


class RealSetError(ValueError):
    """A reference that does not match the shared text it names."""


def iter_references(path: Path | None = None) -> Iterator[dict[str, Any]]:
    """The label lines of ``corpus/real/labels*.jsonl`` (or of ``path``)."""
    files = [path] if path else sorted(REAL_DIR.glob("labels*.jsonl"))
    for f in files:
        for ln, line in enumerate(f.read_text("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RealSetError(f"{f}:{ln}: not a JSON line ({exc.msg})") from exc


def load_real(shared: Path, *, split: str | None = None, path: Path | None = None) -> list[GoldClause]:
    """Every labeled real clause of real-dev and real-test (of ``split`` when given), with its text
    checked against the hash. ``split="train"`` reads real-train (``corpus/real/train/``, or ``path``),
    whose documents must be of neither split."""
    splits = Splits.load()
    out: list[GoldClause] = []
    texts: dict[str, str] = {}
    if split == "train":
        refs: Iterator[dict[str, Any]] = (r for f in ([path] if path else sorted(TRAIN_DIR.glob("*.jsonl"))) for r in iter_references(f))
    else:
        refs = iter_references(path)
    for ref in refs:
        doc = ref["doc"]
        sp = splits.split_of(doc)
        if split == "train":
            if sp is not None:
                raise RealSetError(f"{doc}: a real-train document is also in real-{sp}")
            sp = "train"
        if sp is None or (split is not None and sp != split):
            continue
        if doc not in texts:
            texts[doc] = document_text(shared, doc)
        raw = texts[doc][ref["start"] : ref["end"]]
        if sha1(raw) != ref["sha1"]:
            raise RealSetError(f"{doc} [{ref['start']}:{ref['end']}]: the text does not match its hash (was ../shared changed?)")
        out.append(GoldClause(doc, ref["start"], ref["end"], label_text(doc, raw), sp, ref.get("function", "task"),
                              tuple(ref.get("domains", ())), tuple(ref.get("actions", ())), tuple(ref.get("tasks", ()))))
    return out


def pretraining_texts(shared: Path) -> Iterator[str]:
    """Real text for self-supervised pretraining: the unlabeled dump and the real documents, minus every test document."""
    from policynlp.clean import clean_text
    from policynlp.errors import IngestError
    from policynlp.ingest import read_path

    splits = Splits.load()
    test_ids = {d.partition("#")[2] for d in splits.test if d.startswith(UNLABELED)}
    for key, text in _unlabeled(str(shared / UNLABELED)).items():
        if key not in test_ids:
            yield text
    for folder in ("realworld", "realworld-dv"):
        for f in sorted((shared / folder).iterdir()):
            doc = f"{folder}/{f.name}"
            if f.name.startswith(("README", "MANIFEST")) or doc in splits.test or "MOJIBAKE" in f.name:
                continue
            try:
                yield clean_text(read_path(f).text).text
            except IngestError:
                continue
