"""Request parameters shared by the API and the pages, checked once: label ids, document ids,
years, dates. A bad value raises :class:`ValueError` with a one-line reason."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policynlp.store.db import SearchFilters
from policynlp.store.query import check_labels, date_bound

DOC_ID = re.compile(r"^[0-9a-f]{16}$")
_YEAR = re.compile(r"^\d{4}$")


def search_filters(*, domain: Sequence[str] = (), action: Sequence[str] = (), task: Sequence[str] = (),
                   doc: Sequence[str] = (), year: Sequence[str] = (), body: Sequence[str] = (),
                   deadline_before: str | None = None) -> SearchFilters:
    """Checked search filters (``ValueError`` on an unknown label, malformed id, year or date)."""
    for level, ids in (("domain", domain), ("action", action), ("task", task)):
        check_labels(level, list(ids))
    for d in doc:
        if not DOC_ID.match(d):
            raise ValueError(f"invalid document id {d!r}: expected 16 hex digits")
    for y in year:
        if not _YEAR.match(y):
            raise ValueError(f"invalid year {y!r}: expected YYYY")
    return SearchFilters(domains=_uniq(domain), actions=_uniq(action), tasks=_uniq(task), doc_ids=_uniq(doc), years=_uniq(year),
                         bodies=_uniq(b[:64] for b in body),
                         deadline_before=date_bound(deadline_before, end=True) if deadline_before else None)


def _uniq(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def target_filters(*, before: str | None, after: str | None, domain: str | None, doc: str | None,
                   has_number: str | None, sort: str) -> dict[str, Any]:
    """Keyword arguments of :meth:`Store.targets` from request parameters (checked)."""
    if domain:
        check_labels("domain", [domain])
    if doc and not DOC_ID.match(doc):
        raise ValueError(f"invalid document id {doc!r}: expected 16 hex digits")
    if has_number not in (None, "", "yes", "no"):
        raise ValueError(f"invalid has_number {has_number!r}: expected yes or no")
    return {"before": date_bound(before, end=True) if before else None, "after": date_bound(after, end=False) if after else None,
            "domain": domain or None, "doc_id": doc or None, "has_number": None if not has_number else has_number == "yes",
            "sort": sort}


def source_root(docs: Iterable[Mapping[str, Any]]) -> str | None:
    """The folder the documents were tagged from: the deepest folder holding every absolute source."""
    dirs = [os.path.dirname(str(d["source"])) for d in docs if d.get("source") and os.path.isabs(str(d["source"]))]
    if not dirs:
        return None
    try:
        return os.path.commonpath(dirs)
    except ValueError:  # mixed drives
        return None


def shown_source(source: str | None, root: str | None) -> str:
    """A source path relative to the tagged folder (never an absolute server path)."""
    if not source:
        return ""
    if root and os.path.isabs(source):
        try:
            return os.path.relpath(source, root)
        except ValueError:
            pass
    return os.path.basename(source) if os.path.isabs(source) else source
