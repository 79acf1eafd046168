"""Command line: arguments, progress, exit codes — and nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from policynlp import __version__

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _cmd_tag(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from tqdm import tqdm

    from policynlp.batch import count_inputs, tag_paths
    from policynlp.errors import IngestError
    from policynlp.pipeline import Pipeline

    err = Console(stderr=True)
    total = count_inputs(args.inputs)
    store = None
    if args.db:
        from policynlp.store.db import Store

        store = Store(args.db)
    bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet, dynamic_ncols=True)
    clauses = 0

    def progress(item: object) -> None:
        nonlocal clauses
        if isinstance(item, IngestError):
            bar.write(f"error: {item.path}: {item.reason}", file=sys.stderr)
        else:
            clauses += len(item.clauses)  # type: ignore[attr-defined]
        rate = clauses / max(bar.format_dict["elapsed"], 1e-9)
        bar.set_postfix(clauses=clauses, clauses_per_s=f"{rate:.0f}")
        bar.update(1)

    summary = tag_paths(
        args.inputs, args.out, fmt=args.format, pipeline=Pipeline(), on_document=progress,
        sink=store.add_document if store else None,
    )
    bar.close()
    table = Table(title=f"policynlp tag → {args.out}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, n in (("documents", summary.documents), ("clauses", summary.clauses), ("targets", summary.targets), ("errors", len(summary.errors))):
        table.add_row(label, str(n))
    for dom, n in sorted(summary.domains.items()):
        table.add_row(f"clauses with domain {dom}", str(n))
    for act, n in sorted(summary.actions.items()):
        table.add_row(f"clauses with action {act}", str(n))
    Console().print(table)
    for e in summary.errors:
        err.print(f"[red]error[/red]: {e.path}: {e.reason}", markup=True, highlight=False)
    return EXIT_PARTIAL if summary.errors else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The ``policynlp`` argument parser."""
    p = argparse.ArgumentParser(prog="policynlp", description="Chinese policy notices → structured, searchable data.")
    p.add_argument("--version", action="version", version=f"policynlp {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("tag", help="tag documents into record files")
    t.add_argument("inputs", nargs="+", help="files or folders (recursive)")
    t.add_argument("--out", required=True, help="output folder")
    t.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet"])
    t.add_argument("--workers", type=int, default=1, help="worker processes (1: in process)")
    t.add_argument("--db", help="also write everything into this SQLite store")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.set_defaults(func=_cmd_tag)
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
    except KeyboardInterrupt:
        print("interrupted: no record file was changed", file=sys.stderr)
        return 130
    except Exception as exc:
        from policynlp.errors import PolicyNLPError

        if isinstance(exc, PolicyNLPError | OSError | ValueError):
            print(f"policynlp: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        raise


if __name__ == "__main__":
    raise SystemExit(main())
