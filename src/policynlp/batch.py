"""Batch tagging: inputs → pipeline (in N worker processes) → record files.

Each document's records are first written, atomically, to a cache under
``OUT/.policynlp-cache/`` keyed by the hash of the input bytes and the pipeline version. The
record files are then assembled from the cache in input order and moved into place at the
end. So an interrupted run leaves no torn record file, a restarted run skips what is cached
and produces the same files as one uninterrupted run, and re-tagging an unchanged document
is a no-op unless ``force``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing as mp
import os
import resource
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policynlp import __version__
from policynlp.errors import IngestError
from policynlp.ingest import display_path, iter_inputs, read_bytes
from policynlp.records import clause_record, document_record, target_record
from policynlp.store.files import RecordFiles
from policynlp.types import Document

CACHE = ".policynlp-cache"


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
    domains: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: its cache file, or the error."""

    path: str
    cache: str | None
    error: IngestError | None
    n_clauses: int = 0
    cached: bool = False
    peak_mb: float = 0.0


def pipeline_version() -> str:
    """Changes whenever the code version, the taxonomy or the model changes."""
    from importlib import resources

    from policynlp.classify import model_dir

    h = hashlib.sha256(__version__.encode())
    h.update(resources.files("policynlp.resources").joinpath("taxonomy.json").read_bytes())
    for name in ("model.safetensors", "combine.json"):
        p = model_dir() / name
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


_WORKER: dict[str, Any] = {}


def _init_worker(use_model: bool, threads: int | None = None) -> None:
    if threads:
        try:
            import torch

            torch.set_num_threads(threads)
        except ImportError:
            pass
    from policynlp.classify import load_default_classifier
    from policynlp.pipeline import Pipeline

    _WORKER["pipeline"] = Pipeline(classifier=load_default_classifier(use_model=use_model))


def cache_key(data: bytes, version: str) -> str:
    """Cache key of an input: its bytes and the pipeline version."""
    return hashlib.sha256(data + version.encode()).hexdigest()[:24]


def payload_of(doc: Document) -> str:
    """A document's records as the cache payload: ready-made JSON lines plus label counts."""
    payload = {
        "document": document_record(doc),
        "clauses": [json.dumps(clause_record(doc, c), ensure_ascii=False) for c in doc.clauses],
        "targets": [json.dumps(target_record(doc, t), ensure_ascii=False) for t in doc.targets],
        "domains": dict(Counter(x.id for c in doc.clauses for x in c.domains)),
        "actions": dict(Counter(x.id for c in doc.clauses for x in c.actions)),
    }
    return json.dumps(payload, ensure_ascii=False)


def analyze_many(pipeline: Any, items: list[tuple[bytes, str]]) -> list[tuple[str, int] | IngestError]:
    """Payload and clause count, or the error, of each ``(data, path)``; the classifier sees them in one batch."""
    raws: list[Any] = []
    results: list[tuple[str, int] | IngestError | None] = []
    for data, path in items:
        try:
            raws.append(read_bytes(data, path))
            results.append(None)
        except IngestError as exc:
            results.append(exc)
    docs = iter(pipeline.pipe_raw(raws, batch_size=max(1, len(raws))))
    out: list[tuple[str, int] | IngestError] = []
    for r in results:
        if r is None:
            doc = next(docs)
            out.append((payload_of(doc), len(doc.clauses)))
        else:
            out.append(r)
    return out


def write_cache(cache_dir: str | Path, key: str, payload: str) -> Path:
    """Write one payload atomically into the cache."""
    target = Path(cache_dir) / f"{key}.json"
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return target


Job = tuple[str, str, str, bool]
CHUNK = 16  # documents per worker call: one classifier batch, few round trips


def _process_chunk(jobs: list[Job]) -> list[Outcome]:
    """Process several inputs in one call (cache hits and read errors answered directly)."""
    outcomes: list[Outcome | None] = []
    todo: list[tuple[int, bytes, str, str, str]] = []
    for path, cache_dir, version, force in jobs:
        shown = display_path(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            outcomes.append(Outcome(shown, None, IngestError(shown, exc.strerror or type(exc).__name__)))
            continue
        key = cache_key(data, version)
        target = Path(cache_dir) / f"{key}.json"
        if target.is_file() and not force:
            outcomes.append(Outcome(shown, str(target), None, cached=True))
            continue
        todo.append((len(outcomes), data, shown, cache_dir, key))
        outcomes.append(None)
    results = analyze_many(_WORKER["pipeline"], [(data, shown) for _, data, shown, _, _ in todo])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for (i, _, shown, cache_dir, key), res in zip(todo, results, strict=True):
        if isinstance(res, IngestError):
            outcomes[i] = Outcome(shown, None, res)
        else:
            target = write_cache(cache_dir, key, res[0])
            outcomes[i] = Outcome(shown, str(target), None, n_clauses=res[1], peak_mb=peak)
    return [o for o in outcomes if o is not None]


def _outcomes(jobs: list[Job], workers: int, use_model: bool) -> Iterator[Outcome]:
    chunks = [jobs[k : k + CHUNK] for k in range(0, len(jobs), CHUNK)]
    if workers <= 1:
        if "pipeline" not in _WORKER:
            _init_worker(use_model)
        for chunk in chunks:
            yield from _process_chunk(chunk)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(use_model, 1), maxtasksperchild=100) as pool:
        for done in pool.imap(_process_chunk, chunks, chunksize=1):
            yield from done


def tag_paths(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    fmt: str = "jsonl",
    workers: int = 1,
    force: bool = False,
    use_model: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    sink: Callable[[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]], None] | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Summary:
    """Tag every input file into ``out``; unreadable inputs go to ``errors.jsonl``.

    ``engine="ray"`` runs the pipeline as Ray Data ``map_batches`` (a local Ray with ``workers``
    CPUs, or the cluster at ``ray_address``); the record files are the same.
    """
    out_dir = Path(out)
    cache_dir = out_dir / CACHE
    cache_dir.mkdir(parents=True, exist_ok=True)
    version = pipeline_version()
    summary = Summary()
    paths: list[str] = []
    early: list[IngestError] = []
    named: set[str] = set()
    for p in iter_inputs(inputs):
        if isinstance(p, IngestError):
            early.append(p)
        elif os.path.realpath(p) not in named:  # the same file named twice is read once
            named.add(os.path.realpath(p))
            paths.append(os.fsdecode(p))
    jobs = [(p, str(cache_dir), version, force) for p in paths]
    if on_total:
        on_total(len(jobs) + len(early))
    stream = _outcomes(jobs, workers, use_model) if engine == "local" else _ray_outcomes(jobs, workers, use_model, ray_address)
    keep: set[str] = set()
    seen: dict[str, str] = {}
    # records are appended as outcomes arrive (in input order), so writing overlaps the workers;
    # the files only move into place when every input is done
    with RecordFiles(out_dir, fmt=fmt) as files:
        for o in itertools.chain((Outcome(e.path, None, e) for e in early), stream):
            summary.peak_worker_mb = max(summary.peak_worker_mb, o.peak_mb)
            if o.cache:
                keep.add(Path(o.cache).name)
            _append(files, o, seen, summary, sink)
            if on_outcome:
                on_outcome(o)
    _prune_cache(cache_dir, keep)
    return summary


def _append(files: RecordFiles, o: Outcome, seen: dict[str, str], summary: Summary,
            sink: Callable[[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]], None] | None) -> None:
    """Write one input's records (or its error line) to the record files."""
    if o.error is not None:
        summary.errors.append(o.error)
        files.write("errors", {"path": o.error.path, "reason": o.error.reason})
        return
    assert o.cache is not None
    payload = json.loads(Path(o.cache).read_text("utf-8"))
    doc_rec = payload["document"]
    doc_rec["source"] = o.path
    if doc_rec["doc_id"] in seen:
        # the same text again (a copy): one document record per text; the copy is noted, not lost
        first = seen[doc_rec["doc_id"]]
        summary.duplicates += 1
        files.write("errors", {"path": o.path, "reason": f"same text as {first}: one document record", "duplicate_of": first})
        return
    summary.documents += 1
    seen[doc_rec["doc_id"]] = o.path
    files.write("documents", doc_rec)
    for line in payload["clauses"]:
        files.write_line("clauses", line)
    for line in payload["targets"]:
        files.write_line("targets", line)
    summary.domains.update(payload["domains"])
    summary.actions.update(payload["actions"])
    summary.cached += int(o.cached)
    summary.clauses += len(payload["clauses"])
    summary.targets += len(payload["targets"])
    if sink:
        sink(doc_rec, [json.loads(x) for x in payload["clauses"]], [json.loads(x) for x in payload["targets"]])


class _RayTagger:
    """Ray Data callable class: one pipeline per actor, a batch of inputs → payloads."""

    def __init__(self, use_model: bool) -> None:
        _init_worker(use_model, 1)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = analyze_many(_WORKER["pipeline"], [(bytes(d), str(p)) for p, d in zip(batch["path"], batch["data"], strict=True)])
        payloads = ["" if isinstance(r, IngestError) else r[0] for r in results]
        reasons = [r.reason if isinstance(r, IngestError) else "" for r in results]
        return {"path": list(batch["path"]), "key": list(batch["key"]), "payload": payloads, "reason": reasons}


def _ray_outcomes(jobs: list[Job], workers: int, use_model: bool, address: str | None) -> Iterator[Outcome]:
    """Cached inputs are answered here; the rest go through Ray Data in input order."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, num_cpus=None if address else max(1, workers), include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    items: list[dict[str, Any]] = []
    ready: dict[str, Outcome] = {}
    job_of: dict[str, str] = {}
    for path, cache_dir, version, force in jobs:
        shown = display_path(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            ready[path] = Outcome(shown, None, IngestError(shown, exc.strerror or type(exc).__name__))
            continue
        key = cache_key(data, version)
        target = Path(cache_dir) / f"{key}.json"
        if target.is_file() and not force:
            ready[path] = Outcome(shown, str(target), None, cached=True)
        else:
            items.append({"path": shown, "key": key, "data": data})
            job_of[shown] = path
    done: dict[str, Outcome] = {}
    if items:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ds = ray.data.from_items(items).map_batches(
            _RayTagger, fn_constructor_args=(use_model,), batch_size=CHUNK, concurrency=max(1, workers), batch_format="numpy")
        cache_dir = jobs[0][1]
        for row in ds.iter_rows():
            shown = str(row["path"])
            job_path = job_of[shown]
            if row["reason"]:
                done[job_path] = Outcome(shown, None, IngestError(shown, str(row["reason"])))
            else:
                target = write_cache(cache_dir, str(row["key"]), str(row["payload"]))
                done[job_path] = Outcome(shown, str(target), None)
    for path, *_ in jobs:
        yield ready.get(path) or done[path]


def _prune_cache(cache_dir: Path, keep: set[str]) -> None:
    """Drop cache entries of inputs no longer given (and stale temporaries)."""
    for f in cache_dir.iterdir():
        if f.name not in keep:
            if f.is_dir():
                shutil.rmtree(f, ignore_errors=True)
            else:
                f.unlink(missing_ok=True)
