"""The SQLite store: documents, clauses, labels, targets and an FTS5 index over clauses.

The index holds a segmented simplified view of each clause, so a query in either script
finds text in either script. Queries are segmented the same way, every word is quoted for
FTS5 and bound as a parameter: user text is never SQL and never FTS syntax.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policynlp.clean import to_simplified
from policynlp.records import clause_record, document_record, target_record
from policynlp.segment import WordSegmenter
from policynlp.store.query import MAX_QUERY, ParsedQuery, Term, parse_query
from policynlp.types import Document

SCHEMA_VERSION = 1
__all__ = ["MAX_QUERY", "Hit", "SearchFilters", "SearchPage", "Store"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, source TEXT, title TEXT, issued TEXT, script TEXT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clauses (
  rowid INTEGER PRIMARY KEY, clause_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT NOT NULL, section TEXT, kind TEXT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels (clause_id TEXT NOT NULL, doc_id TEXT NOT NULL, level TEXT NOT NULL, label TEXT NOT NULL, score REAL,
  PRIMARY KEY (clause_id, level, label));
CREATE INDEX IF NOT EXISTS labels_by_label ON labels(level, label);
CREATE TABLE IF NOT EXISTS targets (target_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, clause_id TEXT NOT NULL, deadline_end TEXT,
  record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS targets_by_clause ON targets(clause_id);
CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(words, content='', tokenize='unicode61');
"""
_MIGRATIONS: dict[int, str] = {}  # version → SQL that upgrades from version - 1


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

    def __init__(self, path: str | Path = "policynlp.db", *, words: WordSegmenter | None = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, check_same_thread=False)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA journal_mode = WAL") if self.path != ":memory:" else None
        self.words = words or WordSegmenter()
        self._migrate()

    def _migrate(self) -> None:
        with self.conn:
            self.conn.executescript(_SCHEMA)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else SCHEMA_VERSION
            for v in range(version + 1, SCHEMA_VERSION + 1):
                self.conn.executescript(_MIGRATIONS[v])
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _index_words(self, text: str) -> str:
        simp = to_simplified(text)
        toks = self.words._tokenizer().lcut_for_search(simp)
        return " ".join(t for t in toks if t.strip() and not re.fullmatch(r"\W+", t))

    def add_document(self, doc: Document) -> None:
        """Insert or replace a document and everything found in it, in one transaction."""
        self.add_records(document_record(doc), [clause_record(doc, c) for c in doc.clauses],
                         [target_record(doc, t) for t in doc.targets])

    def add_records(self, doc: dict[str, Any], clauses: list[dict[str, Any]], targets: list[dict[str, Any]]) -> None:
        """Insert or replace one document given as contract records, in one transaction."""
        doc_id = doc["doc_id"]
        with self.conn:
            self._delete(doc_id)
            self.conn.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                              (doc_id, doc["source"], doc["title"], doc["issued"], doc["script"], json.dumps(doc, ensure_ascii=False)))
            for rec in clauses:
                cur = self.conn.execute(
                    'INSERT INTO clauses (clause_id, doc_id, idx, start, "end", text, section, kind, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    (rec["clause_id"], doc_id, int(rec["clause_id"].rsplit(":", 1)[1]), rec["start"], rec["end"], rec["text"],
                     rec["section"], rec["kind"], json.dumps(rec, ensure_ascii=False)))
                self.conn.execute("INSERT INTO clause_fts (rowid, words) VALUES (?, ?)", (cur.lastrowid, self._index_words(rec["text"])))
                for level in ("domain", "action", "task"):
                    self.conn.executemany("INSERT INTO labels VALUES (?, ?, ?, ?, ?)",
                                          [(rec["clause_id"], doc_id, level, lab["id"], lab["score"]) for lab in rec[level + "s"]])
            for rec in targets:
                self.conn.execute("INSERT INTO targets VALUES (?, ?, ?, ?, ?)",
                                  (rec["target_id"], doc_id, rec["clause_id"], rec["deadline"]["end"], json.dumps(rec, ensure_ascii=False)))

    def _delete(self, doc_id: str) -> None:
        rows = self.conn.execute("SELECT rowid, text FROM clauses WHERE doc_id = ?", (doc_id,)).fetchall()
        for rowid, text in rows:
            self.conn.execute("INSERT INTO clause_fts (clause_fts, rowid, words) VALUES ('delete', ?, ?)", (rowid, self._index_words(text)))
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
            with self.conn:
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

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
