"""The SQLite store: documents, clauses, labels, targets and an FTS5 index over clauses.

The index holds a segmented simplified view of each clause, so a query in either script
finds text in either script. Queries are segmented the same way, every word is quoted for
FTS5 and bound as a parameter: user text is never SQL and never FTS syntax.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from policynlp.clean import to_simplified
from policynlp.records import clause_record, document_record, target_record
from policynlp.segment import WordSegmenter
from policynlp.types import Document

SCHEMA_VERSION = 1
MAX_QUERY = 200
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


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    raw = resources.files("policynlp.resources").joinpath("synonyms.txt").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for line in raw.splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            out[parts[0]] = parts[1:]
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the clause record, its document title and the BM25 rank."""

    clause: dict[str, Any]
    title: str | None
    rank: float
    words: tuple[str, ...]


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

    def query_words(self, query: str) -> list[list[str]]:
        """The query as groups of alternatives: each group must match (AND), any word of it (OR)."""
        simp = to_simplified(query[:MAX_QUERY])
        words = [w for w in self.words.lcut(simp) if w.strip() and not re.fullmatch(r"\W+", w)]
        return [[w, *_synonyms().get(w, [])] for w in words]

    def _fts_expr(self, groups: list[list[str]]) -> str:
        parts = []
        for g in groups:
            alts = []
            for w in g:
                toks = self._index_words(w).split()
                if toks:
                    alts.append("(" + " ".join('"' + t.replace('"', '""') + '"' for t in toks) + ")")
            if alts:
                parts.append("(" + " OR ".join(alts) + ")")
        return " AND ".join(parts)

    def search(self, query: str, *, domains: tuple[str, ...] = (), actions: tuple[str, ...] = (), tasks: tuple[str, ...] = (),
               doc_id: str | None = None, deadline_before: str | None = None, limit: int = 20) -> list[Hit]:
        """Clauses ranked by BM25, filtered by labels, document and target deadline."""
        groups = self.query_words(query)
        expr = self._fts_expr(groups)
        if not expr:
            return []
        sql = ["SELECT c.record, d.title, bm25(clause_fts) AS r FROM clause_fts JOIN clauses c ON c.rowid = clause_fts.rowid",
               "JOIN documents d ON d.doc_id = c.doc_id WHERE clause_fts MATCH ?"]
        params: list[Any] = [expr]
        for level, ids in (("domain", domains), ("action", actions), ("task", tasks)):
            if ids:
                sql.append(f"AND c.clause_id IN (SELECT clause_id FROM labels WHERE level = ? AND label IN ({','.join('?' * len(ids))}))")
                params += [level, *ids]
        if doc_id:
            sql.append("AND c.doc_id = ?")
            params.append(doc_id)
        if deadline_before:
            sql.append("AND c.clause_id IN (SELECT clause_id FROM targets WHERE deadline_end IS NOT NULL AND deadline_end <= ?)")
            params.append(deadline_before)
        sql.append("ORDER BY r LIMIT ?")
        params.append(max(1, min(int(limit), 1000)))
        words = tuple(w for g in groups for w in g)
        return [Hit(json.loads(rec), title, rank, words) for rec, title, rank in self.conn.execute(" ".join(sql), params)]

    def targets(self, *, before: str | None = None, domain: str | None = None) -> list[dict[str, Any]]:
        """Target records, optionally due by ``before`` and in one domain."""
        sql = "SELECT record FROM targets WHERE 1 = 1"
        params: list[Any] = []
        if before:
            sql += " AND deadline_end IS NOT NULL AND deadline_end <= ?"
            params.append(before)
        rows = [json.loads(r[0]) for r in self.conn.execute(sql + " ORDER BY deadline_end, target_id", params)]
        return [r for r in rows if domain is None or domain in r["domains"]]

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
