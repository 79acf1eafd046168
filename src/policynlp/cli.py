"""Command line: arguments, progress, exit codes — and nothing else."""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from policynlp import __version__
from policynlp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from policynlp.store.query import DATE_FORMS, check_labels, date_bound

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "build_parser", "main"]


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _cmd_tag(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from tqdm import tqdm

    from policynlp.batch import Outcome, cpu_count, tag_paths

    if args.engine == "local" and args.workers > cpu_count():
        print(f"note: --workers {args.workers} lowered to {cpu_count()}, the number of CPUs available", file=sys.stderr)
    store = None
    if args.db:
        from policynlp.store.db import Store

        store = Store(args.db)
    bar = tqdm(total=None, unit="doc", file=sys.stderr, disable=args.quiet, dynamic_ncols=True)
    clauses = 0

    def _set_total(n: int) -> None:
        bar.total = n
        bar.refresh()

    def progress(o: Outcome) -> None:
        # each error and warning printed once, as one unwrapped line, when it happens
        nonlocal clauses
        for w in o.warnings:
            tqdm.write(f"warning: {o.path}: {w}", file=sys.stderr)
        if o.error is not None:
            tqdm.write(f"error: {o.error.path}: {o.error.reason}", file=sys.stderr)
        clauses += o.n_clauses
        rate = clauses / max(bar.format_dict["elapsed"], 1e-9)
        bar.set_postfix(clauses=clauses, clauses_per_s=f"{rate:.0f}", refresh=False)
        bar.update(1)

    try:
        summary = tag_paths(args.inputs, args.out, fmt=args.format, workers=args.workers, force=args.force,
                            on_outcome=progress, store=store, engine=args.engine, ray_address=args.ray_address, on_total=_set_total)
    finally:
        bar.close()
        if store is not None:
            store.close()
    table = Table(title=f"policynlp tag → {args.out}")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = (("documents", summary.documents), ("  of which unchanged (cached)", summary.cached), ("clauses", summary.clauses),
            ("targets", summary.targets), ("errors (listed above and in errors.jsonl)", len(summary.errors)),
            ("warnings (listed above)", len(summary.warnings)), ("copies of a text already read (in errors.jsonl)", summary.duplicates))
    for label, n in rows:
        table.add_row(label, str(n))
    for dom, n in sorted(summary.domains.items()):
        table.add_row(f"clauses with domain {dom}", str(n))
    for act, n in sorted(summary.actions.items()):
        table.add_row(f"clauses with action {act}", str(n))
    Console().print(table)
    return EXIT_PARTIAL if summary.errors else EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    from policynlp.classify.train import train

    if args.seeds:
        from policynlp.classify.train import train_best

        cal = train_best(args.corpus, args.out, seeds=args.seeds, base=args.base, epochs=args.epochs)
    else:
        cal = train(args.corpus, args.out, base=args.base, epochs=args.epochs, seed=args.seed)
    print(json.dumps({"model": args.out, "calibration": cal}, ensure_ascii=False, indent=1))
    return EXIT_OK


def _cmd_pretrain(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from policynlp.classify.pretrain import PretrainConfig, pretrain
    from policynlp.classify.realset import Splits, pretraining_texts, shared_root

    shared = shared_root(args.shared)
    if shared is None:
        print("error: pretraining reads ../shared (or --shared DIR, $POLICYNLP_SHARED); not found", file=sys.stderr)
        return EXIT_USAGE
    cfg = replace(PretrainConfig(), minutes=args.minutes, max_steps=args.max_steps, seed=args.seed)
    summary = pretrain(list(pretraining_texts(shared)), args.out, config=cfg, log=lambda m: print(m, file=sys.stderr, flush=True),
                       excluded=sorted(Splits.load().test))
    print(json.dumps({"encoder": args.out, "steps": summary["steps"], "characters_seen": summary["characters_seen"]}))
    return EXIT_OK


def _eval_reports(args: argparse.Namespace) -> dict[str, dict[str, Any]] | None:
    """``{set name: {system: report}}`` for the sets ``policynlp eval`` was asked about."""
    from pathlib import Path

    from policynlp.classify import model_dir
    from policynlp.classify.realeval import default_systems, evaluate_real
    from policynlp.classify.realset import shared_root
    from policynlp.classify.train import evaluate

    model = Path(args.model) if args.model else model_dir()
    wanted = [args.labeled_set] if args.labeled_set else ["real-test", "test:composed", "test:documents"]
    reports: dict[str, dict[str, Any]] = {}
    for name in wanted:
        if name in ("real-dev", "real-test"):
            shared = shared_root()
            if shared is None:
                print(f"skipped {name}: its texts are read from ../shared (or $POLICYNLP_SHARED), which is not here", file=sys.stderr)
                continue
            reports[name] = evaluate_real(shared, name.removeprefix("real-"), default_systems(model))
        elif name.startswith("test:"):
            reports[name] = evaluate("corpus/labeled/test.jsonl", model_path=model, subset=name.split(":")[1])
        else:
            reports[name] = evaluate(name, model_path=model, subset=args.subset)
    return reports or None


def _cmd_eval(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    reports = _eval_reports(args)
    if reports is None:
        return EXIT_USAGE
    if args.json:
        print(json.dumps(reports if len(reports) > 1 else next(iter(reports.values())), ensure_ascii=False, indent=1))
        return EXIT_OK
    console = Console()
    summary = Table(title="policynlp eval" + (f" ({args.subset})" if args.subset else ""))
    summary.add_column("set")
    summary.add_column("system")
    for level in ("domain", "action", "task"):
        summary.add_column(f"{level} micro-F1", justify="right")
        summary.add_column(f"{level} macro-F1", justify="right")
    summary.add_column("no label: right", justify="right")
    for set_name, report in reports.items():
        for name, levels in report.items():
            none = levels.get("no_label", {}).get("accuracy")
            summary.add_row(set_name, name, *[f"{levels[lv][k]:.3f}" for lv in ("domain", "action", "task") for k in ("micro_f1", "macro_f1")],
                            f"{none:.3f}" if none is not None else "–")
    console.print(summary)
    if args.summary:
        return EXIT_OK
    for set_name, report in reports.items():
        for name, levels in report.items():
            t = Table(title=f"{set_name}, {name}: per label")
            for col in ("label", "P", "R", "F1", "support"):
                t.add_column(col, justify="left" if col == "label" else "right")
            for level in ("domain", "action", "task"):
                for lab, v in levels[level]["per_label"].items():
                    t.add_row(lab, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(int(v["support"])))
            console.print(t)
    return EXIT_OK


def _highlight(text: str, words: tuple[str, ...]) -> Any:
    from rich.text import Text

    from policynlp.clean import find_words

    out = Text(text)
    for start, end in find_words(text, words):
        out.stylize("bold yellow", start, end)
    return out


def _cmd_search(args: argparse.Namespace) -> int:
    from policynlp.store.db import SearchFilters, Store

    store = Store(args.db, readonly=True)
    f = SearchFilters(domains=tuple(args.domain), actions=tuple(args.action), tasks=tuple(args.task),
                      doc_ids=(args.doc,) if args.doc else (), years=tuple(args.year), deadline_before=args.deadline_before)
    res = store.find(args.query, f, sort=args.sort, per_page=args.limit, facets=False)
    if args.json:
        for h in res.hits:
            print(json.dumps({**h.clause, "title": h.title, "rank": h.rank}, ensure_ascii=False))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    from policynlp.serve.render import names

    n = names()
    table = Table(title=f"{len(res.hits)} of {res.total} clause(s) — {res.query.describe()}", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("clause", overflow="fold", ratio=5)
    table.add_column("labels", overflow="fold", ratio=2)
    table.add_column("document · section", overflow="fold", ratio=2)
    for i, h in enumerate(res.hits, 1):
        labels = "、".join(n.get(x["id"], x["id"]) for x in h.clause["domains"] + h.clause["actions"])
        where = (h.title or h.clause["doc_id"]) + (f" · {h.clause['section']}" if h.clause.get("section") else "")
        table.add_row(str(i), _highlight(h.clause["text"], h.words), labels, where)
    Console().print(table)
    return EXIT_OK


def _cmd_targets(args: argparse.Namespace) -> int:
    from policynlp.store.csvout import write_targets_csv
    from policynlp.store.db import Store

    store = Store(args.db, readonly=True)
    rows = store.targets(before=args.before, after=args.after, domain=args.domain, doc_id=args.doc,
                         has_number=None if args.has_number is None else args.has_number == "yes")
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return EXIT_OK
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write("\ufeff")
    write_targets_csv(rows, sys.stdout, {d["doc_id"]: d["title"] for d in store.documents()})
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from policynlp.store.db import Store
    from policynlp.store.export import export_hf_dataset, export_store

    store = Store(args.db, readonly=True)
    if args.format == "hf":
        n = export_hf_dataset(store, args.out)
        print(f"{n} labeled clauses saved as a Hugging Face dataset in {args.out}")
    else:
        counts = export_store(store, args.out, fmt=args.format)
        print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" written to {args.out}")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from policynlp.serve.app import create_app
    from policynlp.store.db import Store

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: anyone who can reach this address can read the store", file=sys.stderr)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"policynlp: serving {args.db} at http://{host}:{args.port}/ (API docs: /docs; Ctrl+C stops)", flush=True)
    uvicorn.run(create_app(Store(args.db, readonly=True)), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from policynlp.serve.report import write_report
    from policynlp.store.db import Store

    path = write_report(Store(args.db, readonly=True), args.out)
    print(f"report written to {path}")
    return EXIT_OK


# ---- compare: align a local plan to a national plan, diff two versions (policynlp.compare) ----


def _compare_docs(specs: Sequence[str], db: str | None, *, labels: bool) -> list[Any]:
    from pathlib import Path

    from policynlp.compare import load
    from policynlp.pipeline import Pipeline

    store = None
    if db:
        from policynlp.store.db import Store

        if not Path(db).is_file():
            raise ValueError(f"{db}: no such store (tag documents into it with policynlp tag --db)")
        store = Store(db)
    return load(specs, pipeline=lambda: Pipeline() if labels else Pipeline(classifier=None), store=store)


def _cmd_align(args: argparse.Namespace) -> int:
    from policynlp.compare import align

    similarity = None
    if args.encoder:
        from policynlp.compare import BlendSimilarity, NgramSimilarity
        from policynlp.compare.encoder import EncoderSimilarity

        similarity = BlendSimilarity(EncoderSimilarity(args.encoder), NgramSimilarity(measure="containment"), weight=args.encoder_weight)
    docs = _compare_docs([*args.local, args.to], args.db, labels=True)
    result = align(docs[:-1], docs[-1], similarity=similarity)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    from rich.console import Console

    from policynlp.compare.tables import align_tables

    console = Console()
    for part in align_tables(result, all_matches=args.all):
        console.print(part)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from policynlp.compare import diff

    old, new = _compare_docs([args.old, args.new], args.db, labels=False)
    result = diff(old, new)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    from rich.console import Console

    from policynlp.compare.tables import diff_tables

    console = Console()
    for part in diff_tables(result):
        console.print(part)
    return EXIT_OK


def _add_compare_commands(sub: Any) -> None:
    al = sub.add_parser("align", help="match a local plan's clauses to a national plan's: coverage per action and task")
    al.add_argument("local", nargs="+", help="local documents: files, or doc ids of the store with --db")
    al.add_argument("--to", required=True, help="the national document: a file, or a doc id with --db")
    al.add_argument("--db", help="a store to read doc ids from")
    al.add_argument("--json", action="store_true", help="the whole result as JSON")
    al.add_argument("--all", action="store_true", help="list local clauses without a match too")
    al.add_argument("--encoder", help="a local sentence-encoder folder whose similarity joins the character bigrams'")
    al.add_argument("--encoder-weight", type=float, default=0.5, help="share of the encoder in the text similarity (default 0.5)")
    al.set_defaults(func=_cmd_align)

    df = sub.add_parser("diff", help="what changed between two versions: added, removed, changed clauses and targets")
    df.add_argument("old", help="the old version: a file, or a doc id with --db")
    df.add_argument("new", help="the new version: a file, or a doc id with --db")
    df.add_argument("--db", help="a store to read doc ids from")
    df.add_argument("--json", action="store_true", help="the whole result as JSON")
    df.set_defaults(func=_cmd_diff)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _Help(argparse.HelpFormatter):
    """Help that shows each option's default when it has one."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default not in (None, False, [], argparse.SUPPRESS) and action.option_strings and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def _date_end(value: str) -> str:
    return _checked(lambda: date_bound(value, end=True))


def _date_start(value: str) -> str:
    return _checked(lambda: date_bound(value, end=False))


def _checked(fn: Callable[[], str]) -> str:
    try:
        return fn()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _label(level: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        def ok() -> str:
            check_labels(level, [value])
            return value

        return _checked(ok)

    check.__name__ = f"{level} id"
    return check


def _bounded(name: str, lo: int, hi: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not value.strip().isdigit() or not lo <= int(value) <= hi:
            raise argparse.ArgumentTypeError(f"invalid {name} {value!r}: expected a whole number from {lo} to {hi}")
        return int(value)

    return parse


_limit = _bounded("limit", 1, 1000)
_port = _bounded("port", 1, 65535)


def _year(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise argparse.ArgumentTypeError(f"invalid year {value!r}: expected YYYY")
    return value


def _doc_id(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{16}", value):
        raise argparse.ArgumentTypeError(f"invalid doc_id {value!r}: expected 16 hex digits")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``policynlp`` argument parser."""
    p = _Parser(prog="policynlp", description="Chinese policy notices → structured, searchable data.", formatter_class=_Help)
    p.add_argument("--version", action="version", version=f"policynlp {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser = functools.partial(sub.add_parser, formatter_class=_Help)  # type: ignore[method-assign]

    t = sub.add_parser("tag", help="tag documents into record files")
    t.add_argument("inputs", nargs="+", help="files or folders (recursive)")
    t.add_argument("--out", required=True, help="output folder")
    t.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet"], help="record file format")
    t.add_argument("--workers", type=_positive, default=1, help="worker processes (1: in process; at most the number of CPUs)")
    t.add_argument("--engine", default="local", choices=["local", "ray"], help="local processes, or Ray Data (extra: ray)")
    t.add_argument("--ray-address", help="an existing Ray cluster (default: start a local Ray with --workers CPUs)")
    t.add_argument("--force", action="store_true", help="re-tag documents even when unchanged since the last run into --out")
    t.add_argument("--db", help="also write everything into this SQLite store")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.set_defaults(func=_cmd_tag)

    se = sub.add_parser("search", help="search clauses in the store",
                        description="Clauses of the store ranked by BM25. QUERY (either script): words must all occur "
                                    "(each also finds its synonyms); \"a phrase\" as written; -word excludes; A OR B. "
                                    "Without QUERY: every clause that passes the filters. Quote a query with -word: policynlp search \"电商 -农村\".")
    se.add_argument("query", nargs="?", default="", help="words in simplified or traditional script")
    se.add_argument("--domain", action="append", default=[], type=_label("domain"), metavar="ID", help="domain id (repeatable: all required)")
    se.add_argument("--action", action="append", default=[], type=_label("action"), metavar="ID", help="action id (repeatable: all required)")
    se.add_argument("--task", action="append", default=[], type=_label("task"), metavar="ID", help="task id (repeatable: all required)")
    se.add_argument("--doc", type=_doc_id, metavar="DOC_ID", help="only this doc_id")
    se.add_argument("--year", action="append", default=[], type=_year, metavar="YYYY", help="a deadline year stated in the clause, YYYY (repeatable)")
    se.add_argument("--deadline-before", type=_date_end,
                    metavar="DATE", help=f"only clauses with a target due by this date ({DATE_FORMS}; a year or month means its last day)")
    se.add_argument("--sort", default="relevance", choices=["relevance", "date"], help="BM25 rank, or newest document first")
    se.add_argument("--db", default="policynlp.db", metavar="FILE", help="the store (SQLite file)")
    se.add_argument("--limit", type=_limit, default=20, metavar="N", help="at most this many clauses (1-1000)")
    se.add_argument("--json", action="store_true", help="one JSON clause record per line")
    se.set_defaults(func=_cmd_search)

    tg = sub.add_parser("targets", help="extracted targets from the store, for other tools",
                        description="Targets sorted by deadline (undated last). Date bounds take YYYY, YYYY-MM or "
                                    "YYYY-MM-DD: --before 2025 includes all of 2025, --after 2025 starts on 2025-01-01.")
    tg.add_argument("--db", default="policynlp.db", metavar="FILE", help="the store (SQLite file)")
    tg.add_argument("--before", type=_date_end, metavar="DATE", help=f"only targets due by this date ({DATE_FORMS}; end of the period)")
    tg.add_argument("--after", type=_date_start, metavar="DATE", help=f"only targets due on or after this date ({DATE_FORMS}; start of the period)")
    tg.add_argument("--domain", type=_label("domain"), metavar="ID", help="only targets of clauses with this domain id")
    tg.add_argument("--doc", type=_doc_id, metavar="DOC_ID", help="only targets of this doc_id")
    tg.add_argument("--has-number", choices=["yes", "no"], help="only targets with (or without) a number")
    tg.add_argument("--format", default="csv", choices=["csv", "jsonl"], help="CSV with a BOM for spreadsheets, or JSON lines")
    tg.set_defaults(func=_cmd_targets)

    ex = sub.add_parser("export", help="export the store: clauses/targets as csv, jsonl, parquet, or labeled clauses as a HF dataset")
    ex.add_argument("--db", default="policynlp.db", help="the store (SQLite file)")
    ex.add_argument("--out", required=True, help="output folder")
    ex.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet", "hf"], help="record files, or a Hugging Face dataset")
    ex.set_defaults(func=_cmd_export)

    sv = sub.add_parser("serve", help="HTTP API and web pages over the store")
    sv.add_argument("--db", default="policynlp.db", metavar="FILE", help="the store (SQLite file)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (another than loopback exposes the store)")
    sv.add_argument("--port", type=_port, default=8000, metavar="PORT", help="TCP port (1-65535)")
    sv.set_defaults(func=_cmd_serve)

    rp = sub.add_parser("report", help="write an HTML report: label counts, domain × action heat map, target timeline")
    rp.add_argument("--db", default="policynlp.db", help="the store (SQLite file)")
    rp.add_argument("--out", default="report.html", help="the HTML file to write")
    rp.set_defaults(func=_cmd_report)

    tr = sub.add_parser("train", help="train the clause classifier from the labeled corpus")
    tr.add_argument("--corpus", default="corpus/labeled", help="folder with train/dev/test/seed.jsonl")
    tr.add_argument("--out", default="models/clause-classifier", help="model folder to write")
    tr.add_argument("--base", help="a local Hugging Face checkpoint to fine-tune instead of training from scratch")
    tr.add_argument("--epochs", type=int, default=15, help="passes over the training split")
    tr.add_argument("--seed", type=int, default=13, help="random seed of one training run")
    tr.add_argument("--seeds", type=int, nargs="+", metavar="SEED",
                    help="train one model per seed and keep the best on dev (the shipped model: --seeds 13 14 15)")
    tr.set_defaults(func=_cmd_train)

    pt = sub.add_parser("pretrain", help="pretrain the policy encoder (masked LM) on the real text of ../shared")
    pt.add_argument("--out", default="models/policy-encoder", help="encoder folder to write (default: %(default)s)")
    pt.add_argument("--shared", help="the shared folder (default: $POLICYNLP_SHARED or ../shared)")
    pt.add_argument("--minutes", type=float, default=85.0, help="wall-clock budget (default: %(default)s)")
    pt.add_argument("--max-steps", type=int, default=20_000, help="optimizer steps at most (default: %(default)s)")
    pt.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    pt.set_defaults(func=_cmd_pretrain)

    ev = sub.add_parser("eval", help="per-label precision/recall/F1 on a labeled JSONL set")
    ev.add_argument("labeled_set", nargs="?",
                    help="real-test or real-dev (the real labeled set, texts read from ../shared), or a JSONL file with text, "
                         "domains, actions, tasks (default: real-test beside the composed and authored clauses of corpus/labeled/test.jsonl)")
    ev.add_argument("--model", help="model folder (default: the shipped model)")
    ev.add_argument("--json", action="store_true", help="print the full report as JSON")
    ev.add_argument("--subset", choices=("composed", "documents"),
                    help="only the composed clauses, or only the clauses of whole documents (ours and the seeds)")
    ev.add_argument("--summary", action="store_true", help="the summary table only, no per-label tables")
    ev.set_defaults(func=_cmd_eval)
    _add_compare_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``policynlp`` command."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted: no record file was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from policynlp.errors import PolicyNLPError

        if isinstance(exc, PolicyNLPError | OSError | ValueError | sqlite3.Error):
            print(f"policynlp: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        import traceback

        traceback.print_exc()
        print(f"policynlp: internal error ({type(exc).__name__}); this is a bug, please report it with the traceback above",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
