"""Batch tagging: a scheduler that sends chunks of inputs to one chunk runner — in this
process, in worker processes, or in Ray actors — and writes the record files.

Each document's records are first written, atomically, to a cache under
``OUT/.policynlp-cache/`` keyed by the hash of the input bytes and the pipeline's fingerprint
(package source, resources, model, options). The record files are then assembled from the
results in input order and published together at the end. So an interrupted run leaves no
torn record file, a restarted run skips what is cached and produces the same files as one
uninterrupted run, re-tagging an unchanged document with an unchanged pipeline is a no-op
unless ``force``, and any change of code, resource, model or option re-tags.

``OUT`` is locked for the run: a second run into it stops at once with one clear error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import queue
import resource
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policynlp.errors import IngestError, PolicyNLPError
from policynlp.ingest import display_path, iter_inputs, read_bytes, read_input
from policynlp.pipeline import Pipeline, PipelineConfig, fingerprint_of
from policynlp.records import clause_record, document_record, target_record
from policynlp.store.db import Store, index_words, store_rows
from policynlp.store.files import RecordFiles, locked, write_atomic
from policynlp.types import Document

CACHE = ".policynlp-cache"
CHUNK = 16  # documents per runner call: one classifier batch, few round trips
STORE_BATCH = 64  # documents per store transaction (bounded, so other writers get their turn) ...
STORE_CLAUSES = 20_000  # ... or fewer when they hold this many clauses


@dataclass(slots=True)
class Summary:
    """What a tagging run did."""

    documents: int = 0
    clauses: int = 0
    targets: int = 0
    cached: int = 0
    duplicates: int = 0  # inputs whose text an earlier input already had (one document record each text)
    peak_worker_mb: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)
    domains: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    workers: int = 1


@dataclass(frozen=True, slots=True)
class Job:
    """One input: the path to open, the name to show, and its bytes when already read."""

    path: str
    shown: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: its payload (records as JSON), or the error."""

    path: str
    payload: str | None
    error: IngestError | None
    n_clauses: int = 0
    cached: bool = False
    peak_mb: float = 0.0
    key: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What every chunk runner of a run needs (picklable)."""

    config: PipelineConfig
    fingerprint: str
    cache_dir: str | None
    force: bool = False
    store_rows: bool = False


def cache_key(data: bytes, fingerprint: str) -> str:
    """Cache key of an input: its bytes and the pipeline fingerprint."""
    h = hashlib.sha256(data)
    h.update(fingerprint.encode())
    return h.hexdigest()[:32]


def payload_of(doc: Document, *, rows: Callable[[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]], Any] | None = None) -> str:
    """A document's records as the cache payload: ready-made JSON lines, label counts, the
    repair warnings and (``rows``) the store rows."""
    clauses = [clause_record(doc, c) for c in doc.clauses]
    targets = [target_record(doc, t) for t in doc.targets]
    payload: dict[str, Any] = {
        "document": document_record(doc),
        "clauses": [json.dumps(c, ensure_ascii=False) for c in clauses],
        "targets": [json.dumps(t, ensure_ascii=False) for t in targets],
        "domains": dict(Counter(x.id for c in doc.clauses for x in c.domains)),
        "actions": dict(Counter(x.id for c in doc.clauses for x in c.actions)),
    }
    if rows is not None:
        payload["rows"] = rows(payload["document"], clauses, targets)
    return json.dumps(payload, ensure_ascii=False)


def _valid(text: str) -> dict[str, Any] | None:
    """A cache payload parsed, or ``None`` when it is damaged."""
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    ok = isinstance(payload, dict) and isinstance(payload.get("document"), dict) and all(
        isinstance(payload.get(k), list) for k in ("clauses", "targets")) and all(isinstance(payload.get(k), dict) for k in ("domains", "actions"))
    return payload if ok else None


@dataclass(frozen=True, slots=True)
class _Todo:
    job: Job
    data: bytes
    key: str


class ChunkRunner:
    """Read, look up, analyze and cache a chunk of inputs: the one unit of work of every engine.

    One document that breaks the pipeline costs that document only (an error line naming it).
    """

    def __init__(self, options: RunOptions, pipeline: Pipeline | None = None) -> None:
        self.options = options
        self._pipeline = pipeline
        self._words: Any = None

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline, built from the run's configuration on first use."""
        if self._pipeline is None:
            self._pipeline = Pipeline.from_config(self.options.config)
        return self._pipeline

    def run(self, jobs: list[Job]) -> list[Outcome]:
        """Outcomes of ``jobs``, in order."""
        staged = [self.look_up(job) for job in jobs]
        todo = [s for s in staged if isinstance(s, _Todo)]
        computed = iter(self.compute(todo))
        return [next(computed) if isinstance(s, _Todo) else s for s in staged]

    def look_up(self, job: Job) -> Outcome | _Todo:
        """Read the input and answer it from the cache when possible (a damaged entry is dropped)."""
        try:
            data = job.data if job.data is not None else read_input(job.path)
        except IngestError as exc:
            return Outcome(job.shown, None, exc)
        key = cache_key(data, self.options.fingerprint)
        if self.options.cache_dir is None or self.options.force:
            return _Todo(job, data, key)
        entry = Path(self.options.cache_dir) / f"{key}.json"
        try:
            text = entry.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return _Todo(job, data, key)
        payload = _valid(text)
        if payload is None:
            entry.unlink(missing_ok=True)  # damaged: recomputed below
            return _Todo(job, data, key)
        if self.options.store_rows and "rows" not in payload:
            payload["rows"] = self._rows(payload["document"], [json.loads(x) for x in payload["clauses"]],
                                         [json.loads(x) for x in payload["targets"]])
            text = json.dumps(payload, ensure_ascii=False)
            write_atomic(entry, text)
        return Outcome(job.shown, text, None, n_clauses=len(payload["clauses"]), cached=True, key=key,
                       warnings=tuple(payload["document"].get("warnings", ())))

    def compute(self, todo: list[_Todo]) -> list[Outcome]:
        """Analyze the inputs not answered from the cache (one classifier batch) and cache them."""
        if not todo:
            return []
        raws: list[Any] = []
        out: list[Outcome | None] = []
        for t in todo:
            try:
                raws.append((len(out), read_bytes(t.data, t.job.shown)))
                out.append(None)
            except IngestError as exc:
                out.append(Outcome(t.job.shown, None, exc))
        for i, result in zip([i for i, _ in raws], self._analyze([r for _, r in raws]), strict=True):
            t = todo[i]
            if isinstance(result, IngestError):
                out[i] = Outcome(t.job.shown, None, result)
                continue
            payload = payload_of(result, rows=self._rows if self.options.store_rows else None)
            if self.options.cache_dir is not None:
                write_atomic(Path(self.options.cache_dir) / f"{t.key}.json", payload)
            out[i] = Outcome(t.job.shown, payload, None, n_clauses=len(result.clauses), key=t.key, warnings=_doc_warnings(result))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return [replace(o, peak_mb=peak) for o in out if o is not None]

    def _analyze(self, raws: list[Any]) -> list[Document | IngestError]:
        try:
            return list(self.pipeline.pipe_raw(raws, batch_size=max(1, len(raws))))
        except Exception as exc:  # MemoryError and RecursionError included
            if len(raws) == 1:
                return [_failed(raws[0].source, exc)]
        # one of them breaks the pipeline: find which, the others are analyzed on their own
        results: list[Document | IngestError] = []
        for raw in raws:
            try:
                results.append(self.pipeline.analyze_raw(raw))
            except Exception as exc:
                results.append(_failed(raw.source, exc))
        return results

    def _rows(self, doc: dict[str, Any], clauses: list[dict[str, Any]], targets: list[dict[str, Any]]) -> dict[str, Any]:
        if self._words is None:
            from policynlp.segment import WordSegmenter

            self._words = WordSegmenter()
        return store_rows(doc, clauses, targets, [index_words(c["text"], self._words) for c in clauses])


def _doc_warnings(doc: Document) -> tuple[str, ...]:
    """The repair warnings the pipeline noted for a document."""
    found = doc.facts.get("warnings")
    return tuple(str(w) for w in found) if isinstance(found, list) else ()


def _failed(source: str, exc: BaseException) -> IngestError:
    return IngestError(source, f"internal error while analyzing ({type(exc).__name__}: {str(exc)[:200]}); please report it")


def _worker_main(options: RunOptions, tasks: Any, results: Any, threads: int) -> None:
    """A worker process: build the pipeline once, run chunks until the ``None`` sentinel."""
    pid = os.getpid()
    try:
        with contextlib.suppress(ImportError):
            import torch

            torch.set_num_threads(threads)
        runner = ChunkRunner(options, Pipeline.from_config(options.config))
    except PolicyNLPError as exc:
        results.put(("error", pid, -1, exc))
        return
    while (item := tasks.get()) is not None:
        index, jobs = item
        results.put(("start", pid, index, None))
        results.put(("done", pid, index, runner.run(jobs)))


def _pool_outcomes(chunks: list[list[Job]], options: RunOptions, workers: int) -> Iterator[Outcome]:
    """Chunks through ``workers`` processes, outcomes in input order. A worker that dies (killed
    for memory, say) costs its chunk only: each of its inputs gets an error line."""
    ctx: Any = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    for item in enumerate(chunks):
        tasks.put(item)
    n = min(workers, len(chunks))
    for _ in range(n):
        tasks.put(None)
    procs: dict[int, Any] = {}
    running: dict[int, int] = {}
    restarts = len(chunks)

    def start() -> None:
        p = ctx.Process(target=_worker_main, args=(options, tasks, results, 1), daemon=True)
        p.start()
        procs[p.pid] = p

    for _ in range(n):
        start()
    ready: dict[int, list[Outcome]] = {}
    next_index = 0
    try:
        while next_index < len(chunks):
            try:
                kind, pid, index, data = results.get(timeout=0.5)
            except queue.Empty:
                for pid, p in list(procs.items()):
                    if p.exitcode is None or p.exitcode == 0:
                        continue
                    del procs[pid]
                    lost = running.pop(pid, None)
                    if lost is None or restarts <= 0:
                        raise PolicyNLPError(f"a worker process ended with exit code {p.exitcode} before finishing") from None
                    why = f"the worker process analyzing it died (exit code {p.exitcode}; out of memory?)"
                    ready[lost] = [Outcome(j.shown, None, IngestError(j.shown, why)) for j in chunks[lost]]
                    restarts -= 1
                    start()  # the dead worker's sentinel is still queued: the replacement takes it
            else:
                if kind == "error":
                    raise data
                if kind == "start":
                    running[pid] = index
                else:
                    running.pop(pid, None)
                    ready[index] = data
            while next_index in ready:
                yield from ready.pop(next_index)
                next_index += 1
    finally:
        for p in procs.values():
            if p.is_alive():
                p.terminate()
            p.join(timeout=5)
        tasks.close()
        results.close()


def _local_outcomes(jobs: list[Job], options: RunOptions, workers: int, pipeline: Pipeline | None) -> Iterator[Outcome]:
    chunks = [jobs[k : k + CHUNK] for k in range(0, len(jobs), CHUNK)]
    if workers <= 1 or len(chunks) <= 1:
        runner = ChunkRunner(options, pipeline)
        for chunk in chunks:
            yield from runner.run(chunk)
        return
    yield from _pool_outcomes(chunks, options, workers)


class _RayTagger:
    """Ray Data callable class: a chunk runner per actor (no cache: the driver keeps it)."""

    def __init__(self, options: RunOptions) -> None:
        self.runner = ChunkRunner(replace(options, cache_dir=None, force=True))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        jobs = [Job(str(p), str(p), bytes(d)) for p, d in zip(batch["path"], batch["data"], strict=True)]
        outs = self.runner.run(jobs)
        return {"path": [o.path for o in outs], "key": [o.key for o in outs], "payload": [o.payload or "" for o in outs],
                "reason": [o.error.reason if o.error else "" for o in outs], "n": [o.n_clauses for o in outs]}


def _ray_outcomes(jobs: list[Job], options: RunOptions, workers: int, address: str | None) -> Iterator[Outcome]:
    """The driver reads the inputs and answers cached ones; the rest go through Ray Data in order."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, num_cpus=None if address else max(1, workers), include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    driver = ChunkRunner(options)
    staged = [driver.look_up(j) for j in jobs]
    items = [{"path": s.job.shown, "data": s.data} for s in staged if isinstance(s, _Todo)]
    done: Iterator[dict[str, Any]] = iter(())
    if items:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ds = ray.data.from_items(items).map_batches(
            _RayTagger, fn_constructor_args=(options,), batch_size=CHUNK, concurrency=max(1, workers), batch_format="numpy")
        done = iter(ds.iter_rows())
    for s in staged:
        if not isinstance(s, _Todo):
            yield s
            continue
        row = next(done)
        shown = str(row["path"])
        if row["reason"]:
            yield Outcome(shown, None, IngestError(shown, str(row["reason"])))
            continue
        payload = str(row["payload"])
        if options.cache_dir is not None:
            write_atomic(Path(options.cache_dir) / f"{s.key}.json", payload)
        doc = json.loads(payload)["document"]
        yield Outcome(shown, payload, None, n_clauses=int(row["n"]), key=s.key, warnings=tuple(doc.get("warnings", ())))


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def tag_paths(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    fmt: str = "jsonl",
    workers: int = 1,
    force: bool = False,
    use_model: bool = True,
    config: PipelineConfig | None = None,
    pipeline: Pipeline | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    store: Store | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Summary:
    """Tag every input file into ``out``; unreadable inputs go to ``errors.jsonl``.

    The pipeline is ``Pipeline.from_config(config)`` (``config`` defaults to
    ``PipelineConfig(use_model=use_model)``); an in-process run may pass a ready ``pipeline``.
    ``workers`` is capped at the number of CPUs. With ``store``, every document also goes into
    the store, in bounded transactions, with rows prepared by the workers.
    ``engine="ray"`` runs the chunk runner in Ray Data ``map_batches`` actors (a local Ray with
    ``workers`` CPUs, or the cluster at ``ray_address``); the record files are the same.
    """
    cfg = pipeline.config if pipeline is not None and pipeline.config is not None else (config or PipelineConfig(use_model=use_model))
    out_dir = Path(out)
    summary = Summary(workers=max(1, min(workers, cpu_count())) if engine == "local" else max(1, workers))
    with locked(out_dir):
        cache_dir = out_dir / CACHE
        cache_dir.mkdir(exist_ok=True)
        fingerprint = pipeline.fingerprint if pipeline is not None else fingerprint_of(cfg)
        options = RunOptions(cfg, fingerprint, str(cache_dir), force, store is not None)
        early: list[IngestError] = []
        jobs: list[Job] = []
        named: set[str] = set()
        for p in iter_inputs(inputs):
            if isinstance(p, IngestError):
                early.append(p)
            elif os.path.realpath(p) not in named:  # the same file named twice is read once
                named.add(os.path.realpath(p))
                jobs.append(Job(os.fsdecode(p), display_path(p)))
        if on_total:
            on_total(len(jobs) + len(early))
        if engine == "local":
            stream = _local_outcomes(jobs, options, summary.workers, pipeline)
        else:
            stream = _ray_outcomes(jobs, options, summary.workers, ray_address)
        keep: set[str] = set()
        writer = _Writer(summary, store)
        with RecordFiles(out_dir, fmt=fmt) as files:
            for e in early:
                writer.add(files, Outcome(e.path, None, e))
                if on_outcome:
                    on_outcome(Outcome(e.path, None, e))
            for o in stream:
                summary.peak_worker_mb = max(summary.peak_worker_mb, o.peak_mb)
                if o.key:
                    keep.add(f"{o.key}.json")
                writer.add(files, o)
                if on_outcome:
                    on_outcome(o)
            writer.flush()
        _prune_cache(cache_dir, keep)
    return summary


class _Writer:
    """Appends outcomes to the record files and the store (in batches), counting as it goes."""

    def __init__(self, summary: Summary, store: Store | None) -> None:
        self.summary = summary
        self.store = store
        self.seen: dict[str, str] = {}
        self.pending: list[tuple[dict[str, Any], list[str], list[str], dict[str, Any]]] = []
        self.pending_clauses = 0

    def add(self, files: RecordFiles, o: Outcome) -> None:
        s = self.summary
        s.warnings += [IngestError(o.path, w) for w in o.warnings]
        if o.error is not None:
            s.errors.append(o.error)
            files.write("errors", {"path": o.error.path, "reason": o.error.reason})
            return
        assert o.payload is not None
        payload = json.loads(o.payload)
        doc_rec = payload["document"]
        doc_rec["source"] = o.path
        if doc_rec["doc_id"] in self.seen:
            # the same text again (a copy): one document record per text; the copy is noted, not lost
            first = self.seen[doc_rec["doc_id"]]
            s.duplicates += 1
            files.write("errors", {"path": o.path, "reason": f"same text as {first}: one document record", "duplicate_of": first})
            return
        s.documents += 1
        self.seen[doc_rec["doc_id"]] = o.path
        files.write("documents", doc_rec)
        for line in payload["clauses"]:
            files.write_line("clauses", line)
        for line in payload["targets"]:
            files.write_line("targets", line)
        s.domains.update(payload["domains"])
        s.actions.update(payload["actions"])
        s.cached += int(o.cached)
        s.clauses += len(payload["clauses"])
        s.targets += len(payload["targets"])
        if self.store is not None:
            self.pending.append((doc_rec, payload["clauses"], payload["targets"], payload["rows"]))
            self.pending_clauses += len(payload["clauses"])
            if len(self.pending) >= STORE_BATCH or self.pending_clauses >= STORE_CLAUSES:
                self.flush()

    def flush(self) -> None:
        if self.store is not None and self.pending:
            self.store.add_prepared(self.pending)
        self.pending = []
        self.pending_clauses = 0


def _prune_cache(cache_dir: Path, keep: set[str]) -> None:
    """Drop cache entries of inputs no longer given (and stale temporaries)."""
    for f in cache_dir.iterdir():
        if f.name not in keep:
            if f.is_dir():
                shutil.rmtree(f, ignore_errors=True)
            else:
                f.unlink(missing_ok=True)
