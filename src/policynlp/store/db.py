"""The SQLite store: documents, clauses, labels, targets and an FTS5 index over clauses.

The index holds a segmented simplified view of each clause, so a query in either script
finds text in either script. Queries are segmented the same way, every word is quoted for
FTS5 and bound as a parameter: user text is never SQL and never FTS syntax.

Every SQL statement of policynlp lives here. Reading commands open the store read-only
(``Store(path, readonly=True)``): they never create, migrate or write it, and a missing file is
a :class:`~policynlp.errors.StoreError` naming it. Writers wait up to ``BUSY_SECONDS`` for
another writer and write in bounded transactions (:meth:`Store.add_prepared`); in WAL mode
readers are never blocked by them.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policynlp.clean import to_simplified
from policynlp.errors import StoreError
from policynlp.records import clause_record, document_record, target_record
from policynlp.segment import WordSegmenter
from policynlp.store.query import MAX_QUERY, ParsedQuery, Term, parse_query
from policynlp.types import Document

SCHEMA_VERSION = 2
BUSY_SECONDS = 60.0
__all__ = ["MAX_QUERY", "Hit", "SearchFilters", "SearchPage", "Store", "index_words", "store_rows"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, source TEXT, title TEXT, issued TEXT, script TEXT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clauses (
  rowid INTEGER PRIMARY KEY, clause_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT NOT NULL, section TEXT, kind TEXT, record TEXT NOT NULL, words TEXT);
CREATE TABLE IF NOT EXISTS labels (clause_id TEXT NOT NULL, doc_id TEXT NOT NULL, level TEXT NOT NULL, label TEXT NOT NULL, score REAL,
  PRIMARY KEY (clause_id, level, label));
CREATE INDEX IF NOT EXISTS labels_by_label ON labels(level, label);
CREATE TABLE IF NOT EXISTS targets (target_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, clause_id TEXT NOT NULL, deadline_end TEXT,
  record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS targets_by_clause ON targets(clause_id);
CREATE INDEX IF NOT EXISTS clauses_by_doc ON clauses(doc_id, idx);
CREATE INDEX IF NOT EXISTS labels_by_doc ON labels(doc_id);
CREATE INDEX IF NOT EXISTS targets_by_doc ON targets(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(words, content='', tokenize='unicode61');
"""
# version → SQL that upgrades from version - 1
_MIGRATIONS: dict[int, str] = {
    # the indexed words, so a re-tag deletes FTS rows without re-segmenting; indexes by document, so
    # replacing a document does not scan whole tables
    2: "ALTER TABLE clauses ADD COLUMN words TEXT; CREATE INDEX IF NOT EXISTS clauses_by_doc ON clauses(doc_id, idx); "
       "CREATE INDEX IF NOT EXISTS labels_by_doc ON labels(doc_id); CREATE INDEX IF NOT EXISTS targets_by_doc ON targets(doc_id);",
}


def index_words(text: str, words: WordSegmenter) -> str:
    """The words the FTS index holds for a clause: simplified, segmented for search (dictionary
    words and their dictionary sub-words; no HMM guesses for unknown words, which costs a third of
    the time and gives the same tokens for a query word as for the text), no punctuation."""
    toks = words._tokenizer().lcut_for_search(to_simplified(text), HMM=False)
    return " ".join(t for t in toks if t.strip() and not re.fullmatch(r"\W+", t))


_LEVELS = ("domain", "action", "task")


def store_rows(doc: dict[str, Any], clauses: list[dict[str, Any]], targets: list[dict[str, Any]], words: list[str]) -> dict[str, Any]:
    """The rows of one document except its record lines, ready for :meth:`Store.add_prepared`
    (built where the document was analyzed, so the writer only inserts)."""
    doc_id = doc["doc_id"]
    return {
        "clauses": [[c["clause_id"], int(c["clause_id"].rsplit(":", 1)[1]), c["start"], c["end"], c["text"], c["section"], c["kind"], w]
                    for c, w in zip(clauses, words, strict=True)],
        "labels": [[c["clause_id"], doc_id, level, lab["id"], lab["score"]] for c in clauses for level in _LEVELS for lab in c[level + "s"]],
        "targets": [[t["target_id"], t["clause_id"], t["deadline"]["end"]] for t in targets],
    }


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the clause record, its document title, the BM25 rank and the words to mark."""

    clause: dict[str, Any]
    title: str | None
    rank: float
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a clause must have: every given label and deadline year, one of the documents, every
    issuing body, and a target due by ``deadline_before`` (ISO date)."""

    domains: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    deadline_before: str | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results with the total and the facet counts over all matching clauses."""

    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    query: ParsedQuery


SORTS = ("relevance", "date")
TARGET_SORTS = ("deadline", "-deadline", "document")
FACETS = ("domains", "actions", "tasks", "documents", "years", "bodies")
_SEARCH_LOCK = threading.Lock()


def _has(text: str | None, word: str) -> bool:
    return bool(text) and word in to_simplified(text or "")


def _group_matches(text: str | None, spec: str) -> bool:
    """Whether a clause text matches one of a group's terms (a phrase as written, words each)."""
    simp = to_simplified(text or "")
    for phrase, alternatives in json.loads(spec):
        if phrase and alternatives[0][0] in simp:
            return True
        if not phrase and all(any(w in simp for w in alts) for alts in alternatives):
            return True
    return False


class Store:
    """A policynlp store in one SQLite file (``":memory:"`` for tests)."""

    def __init__(self, path: str | Path = "policynlp.db", *, words: WordSegmenter | None = None, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.words = words or WordSegmenter()
        memory = self.path == ":memory:"
        if readonly and not memory:
            self.conn = self._open_readonly()
            return
        if not memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                self.conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a policynlp store ({exc})") from exc

    def _open_readonly(self) -> sqlite3.Connection:
        p = Path(self.path)
        if not p.is_file():
            raise StoreError(f"{self.path}: no such store" + ("" if p.parent.is_dir() or str(p.parent) == "" else " (nor its folder)")
                             + "; create one with `policynlp tag INPUT... --out DIR --db FILE`")
        uri = "file:" + urllib.parse.quote(str(p.resolve())) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            if "no such table" in str(exc):
                raise StoreError(f"{self.path}: not a policynlp store") from exc
            raise StoreError(f"{self.path}: cannot read the store ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: not a policynlp store ({exc})") from exc
        if row is None or int(row[0]) > SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{self.path}: store schema {row[0] if row else '?'} is not one this version reads (up to {SCHEMA_VERSION})")
        return conn

    def _write(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``, waiting up to ``BUSY_SECONDS``)."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        return self._transaction(immediate=True)

    @contextlib.contextmanager
    def _transaction(self, *, immediate: bool) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            row = None
        if row is not None and int(row[0]) == SCHEMA_VERSION:
            return  # up to date: opening takes no write lock
        with self._write():
            fresh = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'meta'").fetchone()[0] == 0
            for statement in _statements(_SCHEMA):
                self.conn.execute(statement)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = SCHEMA_VERSION if fresh or row is None else int(row[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema {version} is newer than this version of policynlp ({SCHEMA_VERSION})")
            for v in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(_MIGRATIONS[v]):
                    self.conn.execute(statement)
            if row is None or int(row[0]) != SCHEMA_VERSION:
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _index_words(self, text: str) -> str:
        return index_words(text, self.words)

    def add_document(self, doc: Document) -> None:
        """Insert or replace a document and everything found in it, in one transaction."""
        self.add_records(document_record(doc), [clause_record(doc, c) for c in doc.clauses],
                         [target_record(doc, t) for t in doc.targets])

    def add_records(self, doc: dict[str, Any], clauses: list[dict[str, Any]], targets: list[dict[str, Any]]) -> None:
        """Insert or replace one document given as contract records, in one transaction."""
        rows = store_rows(doc, clauses, targets, [self._index_words(c["text"]) for c in clauses])
        self.add_prepared([(doc, [json.dumps(c, ensure_ascii=False) for c in clauses],
                            [json.dumps(t, ensure_ascii=False) for t in targets], rows)])

    def add_prepared(self, docs: list[tuple[dict[str, Any], list[str], list[str], dict[str, Any]]]) -> None:
        """Insert or replace several documents in one transaction, each given as its record, its
        clause and target lines (JSON) and its :func:`store_rows`: bulk inserts, the FTS rows of
        the whole batch at once."""
        with self._write():
            for doc, _, _, _ in docs:
                self._delete(doc["doc_id"])
            next_rowid = (self.conn.execute("SELECT max(rowid) FROM clauses").fetchone()[0] or 0) + 1
            documents, clauses, fts, labels, targets = [], [], [], [], []
            for doc, clause_lines, target_lines, rows in docs:
                doc_id = doc["doc_id"]
                documents.append((doc_id, doc["source"], doc["title"], doc["issued"], doc["script"], json.dumps(doc, ensure_ascii=False)))
                for (cid, idx, start, end, text, section, kind, words), line in zip(rows["clauses"], clause_lines, strict=True):
                    clauses.append((next_rowid, cid, doc_id, idx, start, end, text, section, kind, line, words))
                    fts.append((next_rowid, words))
                    next_rowid += 1
                labels += [tuple(r) for r in rows["labels"]]
                targets += [(tid, doc_id, cid, end, line) for (tid, cid, end), line in zip(rows["targets"], target_lines, strict=True)]
            self.conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", documents)
            self.conn.executemany('INSERT INTO clauses (rowid, clause_id, doc_id, idx, start, "end", text, section, kind, record, words) '
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", clauses)
            self.conn.executemany("INSERT INTO clause_fts (rowid, words) VALUES (?, ?)", fts)
            self.conn.executemany("INSERT OR REPLACE INTO labels VALUES (?, ?, ?, ?, ?)", labels)
            self.conn.executemany("INSERT INTO targets VALUES (?, ?, ?, ?, ?)", targets)

    def _delete(self, doc_id: str) -> None:
        rows = self.conn.execute("SELECT rowid, text, words FROM clauses WHERE doc_id = ?", (doc_id,)).fetchall()
        self.conn.executemany("INSERT INTO clause_fts (clause_fts, rowid, words) VALUES ('delete', ?, ?)",
                              [(rowid, words if words is not None else self._index_words(text)) for rowid, text, words in rows])
        for table in ("labels", "targets", "clauses", "documents"):
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def _fts_expr(self, parsed: ParsedQuery) -> str:
        """FTS5 expression (every token quoted) that finds a superset of the clauses matching ``parsed``."""
        groups = []
        for g in parsed.groups:
            alts = [a for a in (self._fts_term(t) for t in g) if a]
            if alts:
                groups.append("(" + " OR ".join(alts) + ")")
        return " AND ".join(groups)

    def _fts_term(self, term: Term) -> str:
        words = []
        for alts in term.alternatives():
            options = []
            for w in alts:
                toks = self._index_words(w).split()
                if toks:
                    options.append("(" + " ".join('"' + t.replace('"', '""') + '"' for t in toks) + ")")
            if options:
                words.append("(" + " OR ".join(options) + ")")
        return "(" + " AND ".join(words) + ")" if words else ""

    def _prepare_search(self) -> None:
        """Helper tables of the connection (TEMP: also on a read-only store): the deadline years stated in
        each clause and the issuing bodies of each document; rebuilt when the store changed."""
        with _SEARCH_LOCK:
            version = (self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0])
            if getattr(self, "_search_version", None) == version:
                return
            self.conn.create_function("pn_has", 2, _has, deterministic=True)
            self.conn.create_function("pn_group", 2, _group_matches, deterministic=True)
            with self._transaction(immediate=False):  # TEMP tables only: no lock on the store
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS pn_years (clause_id TEXT, year TEXT, PRIMARY KEY (clause_id, year))")
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS pn_bodies (doc_id TEXT, body TEXT, PRIMARY KEY (doc_id, body))")
                self.conn.execute("DELETE FROM temp.pn_years")
                self.conn.execute("DELETE FROM temp.pn_bodies")
                years: set[tuple[str, str]] = set()
                for cid, end in self.conn.execute("SELECT clause_id, deadline_end FROM targets WHERE deadline_end IS NOT NULL"):
                    years.add((cid, end[:4]))
                for doc_id, rec in self.conn.execute("SELECT doc_id, record FROM documents"):
                    r = json.loads(rec)
                    self.conn.executemany("INSERT OR IGNORE INTO temp.pn_bodies VALUES (?, ?)",
                                          [(doc_id, b) for b in r.get("issuing_bodies") or []])
                    dated = [(d["span"][0], d["end"][:4]) for d in r.get("deadlines") or [] if d.get("end") and d.get("span")]
                    if dated:
                        spans = self.conn.execute("SELECT clause_id, start, \"end\" FROM clauses WHERE doc_id = ?", (doc_id,)).fetchall()
                        years.update((cid, y) for at, y in dated for cid, s, e in spans if s is not None and s <= at < e)
                self.conn.executemany("INSERT INTO temp.pn_years VALUES (?, ?)", sorted(years))
            self._search_version = (self.conn.total_changes, version[1])

    def _where(self, parsed: ParsedQuery, f: SearchFilters) -> tuple[str, list[Any]]:
        """FROM … WHERE … over ``c`` (clauses) and ``d`` (documents) for a query and filters."""
        expr = self._fts_expr(parsed)
        sql = ["FROM clause_fts JOIN clauses c ON c.rowid = clause_fts.rowid" if expr else "FROM clauses c",
               "JOIN documents d ON d.doc_id = c.doc_id WHERE 1 = 1"]
        params: list[Any] = []
        if expr:
            sql.append("AND clause_fts MATCH ?")
            params.append(expr)
        for g in parsed.groups:  # phrases are checked on the text itself (the index only narrows)
            if any(t.phrase for t in g):
                sql.append("AND pn_group(c.text, ?)")
                params.append(json.dumps([[t.phrase, t.alternatives()] for t in g], ensure_ascii=False))
        for word in parsed.excluded:
            sql.append("AND NOT pn_has(c.text, ?)")
            params.append(word)
        for level, ids in (("domain", f.domains), ("action", f.actions), ("task", f.tasks)):
            for label in ids:
                sql.append("AND c.clause_id IN (SELECT clause_id FROM labels WHERE level = ? AND label = ?)")
                params += [level, label]
        if f.doc_ids:
            sql.append(f"AND c.doc_id IN ({','.join('?' * len(f.doc_ids))})")
            params += list(f.doc_ids)
        for year in f.years:
            sql.append("AND c.clause_id IN (SELECT clause_id FROM temp.pn_years WHERE year = ?)")
            params.append(year)
        for body in f.bodies:
            sql.append("AND c.doc_id IN (SELECT doc_id FROM temp.pn_bodies WHERE body = ?)")
            params.append(body)
        if f.deadline_before:
            sql.append("AND c.clause_id IN (SELECT clause_id FROM targets WHERE deadline_end IS NOT NULL AND deadline_end <= ?)")
            params.append(f.deadline_before)
        return " ".join(sql), params

    def find(self, query: str = "", filters: SearchFilters | None = None, *, sort: str = "relevance", page: int = 1,
             per_page: int = 20, facets: bool = True, count: bool = True) -> SearchPage:
        """One page of clauses matching ``query`` (see :func:`parse_query`; empty: every clause) and
        ``filters``, ranked by BM25 (``sort="relevance"``) or newest document first (``"date"``), with
        the total and, per domain, action, task, document, deadline year and issuing body, the number
        of matching clauses (``count=False``: no facets, and ``total`` is -1 when more may follow)."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}: expected {' or '.join(SORTS)}")
        f = filters or SearchFilters()
        parsed = parse_query(query, self.words)
        self._prepare_search()
        body, params = self._where(parsed, f)
        ranked = "clause_fts MATCH" in body
        order = ("r, c.rowid" if ranked and sort == "relevance" else
                 "d.issued IS NULL, d.issued DESC, d.source, c.idx")
        page, per_page = max(1, int(page)), max(1, min(int(per_page), 1000))
        rank = "bm25(clause_fts)" if ranked else "0.0"
        rows = self.conn.execute(f"SELECT c.record, d.title, {rank} AS r {body} ORDER BY {order} LIMIT ? OFFSET ?",
                                 [*params, per_page, (page - 1) * per_page]).fetchall()
        words = parsed.highlight_words()
        hits = [Hit(json.loads(rec), title, rank_, words) for rec, title, rank_ in rows]
        counts: dict[str, dict[str, int]] = {k: {} for k in FACETS}
        total = len(hits) + (page - 1) * per_page if len(hits) < per_page and (hits or page == 1) else -1
        if not facets and total < 0 and count:
            total = self.conn.execute(f"SELECT count(*) {body}", params).fetchone()[0]
        elif facets:
            sql = (f"WITH hits AS MATERIALIZED (SELECT c.clause_id, c.doc_id {body}) "
                   "SELECT 'total', '', count(*) FROM hits "
                   "UNION ALL SELECT l.level || 's', l.label, count(*) FROM hits CROSS JOIN labels l ON l.clause_id = hits.clause_id "
                   "GROUP BY l.level, l.label "
                   "UNION ALL SELECT 'documents', doc_id, count(*) FROM hits GROUP BY doc_id "
                   "UNION ALL SELECT 'years', y.year, count(*) FROM hits CROSS JOIN temp.pn_years y ON y.clause_id = hits.clause_id GROUP BY y.year "
                   "UNION ALL SELECT 'bodies', b.body, count(*) FROM hits CROSS JOIN temp.pn_bodies b ON b.doc_id = hits.doc_id GROUP BY b.body")
            for kind, key, n in self.conn.execute(sql, params):
                if kind == "total":
                    total = n
                elif kind in counts:
                    counts[kind][key] = n
            counts = {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in counts.items()}
        return SearchPage(total, page, per_page, hits, counts if facets else {}, parsed)

    def search(self, query: str, *, domains: tuple[str, ...] = (), actions: tuple[str, ...] = (), tasks: tuple[str, ...] = (),
               doc_id: str | None = None, deadline_before: str | None = None, limit: int = 20) -> list[Hit]:
        """The first ``limit`` clauses of :meth:`find` (every given label required)."""
        f = SearchFilters(domains=domains, actions=actions, tasks=tasks, doc_ids=(doc_id,) if doc_id else (),
                          deadline_before=deadline_before)
        return self.find(query, f, per_page=limit, facets=False, count=False).hits

    def targets(self, *, before: str | None = None, after: str | None = None, domain: str | None = None,
                doc_id: str | None = None, has_number: bool | None = None, sort: str = "deadline") -> list[dict[str, Any]]:
        """Target records due between ``after`` and ``before`` (ISO dates, inclusive; either bound drops
        targets without a resolved deadline), of clauses in ``domain``, of one document, with or without
        a number; sorted by deadline (undated last), ``"-deadline"`` (latest first, undated last) or
        ``"document"``."""
        if sort not in TARGET_SORTS:
            raise ValueError(f"unknown sort {sort!r}: expected {', '.join(TARGET_SORTS)}")
        sql = "SELECT t.record FROM targets t JOIN documents d ON d.doc_id = t.doc_id WHERE 1 = 1"
        params: list[Any] = []
        if before:
            sql += " AND t.deadline_end IS NOT NULL AND t.deadline_end <= ?"
            params.append(before)
        if after:
            sql += " AND t.deadline_end IS NOT NULL AND t.deadline_end >= ?"
            params.append(after)
        if doc_id:
            sql += " AND t.doc_id = ?"
            params.append(doc_id)
        order = {"deadline": "t.deadline_end IS NULL, t.deadline_end, d.source, t.rowid",
                 "-deadline": "t.deadline_end IS NULL, t.deadline_end DESC, d.source, t.rowid",
                 "document": "d.source, t.rowid"}[sort]
        rows = [json.loads(r[0]) for r in self.conn.execute(f"{sql} ORDER BY {order}", params)]
        return [r for r in rows if (domain is None or domain in r["domains"]) and (has_number is None or (r["metric"] is not None) == has_number)]

    def documents(self) -> list[dict[str, Any]]:
        """Every document: id, source, title, issue date, 文号, issuing bodies and counts (no text)."""
        out = []
        for rec, in self.conn.execute("SELECT record FROM documents ORDER BY source"):
            r = json.loads(rec)
            out.append({k: r.get(k) for k in ("doc_id", "source", "title", "issued", "doc_number", "issuing_bodies", "script", "n_clauses", "n_targets")})
        return out

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document record with its ``clauses`` and ``targets``; ``None`` when unknown."""
        row = self.conn.execute("SELECT record FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        doc: dict[str, Any] = json.loads(row[0])
        doc["clauses"] = [json.loads(r[0]) for r in self.conn.execute("SELECT record FROM clauses WHERE doc_id = ? ORDER BY idx", (doc_id,))]
        doc["targets"] = [json.loads(r[0]) for r in self.conn.execute("SELECT record FROM targets WHERE doc_id = ? ORDER BY rowid", (doc_id,))]
        return doc

    def matrix(self, doc_id: str | None = None) -> dict[str, dict[str, int]]:
        """Clause counts per domain × action (``"none"`` for a clause without one), for a document or all."""
        sql = """SELECT c.clause_id,
                   (SELECT group_concat(label) FROM labels l WHERE l.clause_id = c.clause_id AND level = 'domain'),
                   (SELECT group_concat(label) FROM labels l WHERE l.clause_id = c.clause_id AND level = 'action')
                 FROM clauses c""" + (" WHERE c.doc_id = ?" if doc_id else "")
        out: dict[str, dict[str, int]] = {}
        for _, doms, acts in self.conn.execute(sql, (doc_id,) if doc_id else ()):
            if not doms and not acts:
                continue
            for d in (doms or "none").split(","):
                row = out.setdefault(d, {})
                for a in (acts or "none").split(","):
                    row[a] = row.get(a, 0) + 1
        return out

    def records(self, kind: str) -> Iterator[str]:
        """Every record line (JSON) of ``kind`` — documents by source, clauses and targets by
        document and position — streamed."""
        sql = {"documents": "SELECT record FROM documents ORDER BY source",
               "clauses": "SELECT record FROM clauses ORDER BY doc_id, idx",
               "targets": "SELECT record FROM targets ORDER BY doc_id, rowid"}[kind]
        for (rec,) in self.conn.execute(sql):
            yield rec

    def label_counts(self) -> dict[tuple[str, str], int]:
        """Number of clauses per (level, label)."""
        return {(level, label): n for level, label, n in self.conn.execute("SELECT level, label, count(*) FROM labels GROUP BY level, label")}

    def count(self, kind: str) -> int:
        """Number of documents, clauses or targets in the store."""
        table = {"documents": "documents", "clauses": "clauses", "targets": "targets"}[kind]
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def _statements(script: str) -> list[str]:
    """The statements of a script of ``;``-terminated statements (none contains a ``;`` itself)."""
    return [st.strip() for st in script.split(";") if st.strip()]
