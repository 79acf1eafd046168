"""Readable terminal tables (rich) for align and diff results; the CLI only prints them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policynlp.compare.diff import DiffResult, inline_edits
from policynlp.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

STATUS_STYLE = {"covered": "bold green", "weak": "yellow", "missing": "bold red", "not_in_national": "dim"}
STATUS_ZH = {"covered": "覆盖", "weak": "较弱", "missing": "缺失", "not_in_national": "国家文件未涉及"}


def short(text: str, n: int = 48) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1] + "…"


def _index(clause_id: str) -> str:
    return "#" + clause_id.rsplit(":", 1)[-1]


def align_tables(result: dict[str, Any], *, all_matches: bool = False) -> list[RenderableType]:
    """Coverage per action and task, the matched local clauses, and the clauses beyond the national plan."""
    from rich.table import Table
    from rich.text import Text

    s = result["summary"]
    local = "、".join(d["name"] for d in result["local"])
    head = Text(f"{local} → {result['national']['name']}: {s['matched']} of {s['local_clauses']} local clauses match "
                f"a national clause, {s['beyond']} go beyond. Tasks: " + ", ".join(f"{k} {v}" for k, v in s["tasks"].items() if v))
    cov = Table(title="national plan coverage (actions, then their tasks)", show_lines=False)
    for col, just in (("action / task", "left"), ("status", "left"), ("score", "right"), ("local clauses behind it", "left")):
        cov.add_column(col, justify=just)  # type: ignore[arg-type]
    tax = load_taxonomy()
    for act in tax.actions:
        cov.add_row(*_coverage_row(result["coverage"]["actions"][act.id], act.name, bold=True))
        for task in tax.tasks:
            if task.parent == act.id:
                cov.add_row(*_coverage_row(result["coverage"]["tasks"][task.id], "  " + task.name, bold=False))
    out: list[RenderableType] = [head, cov]
    matches = Table(title="local clauses and the national clauses they implement", show_lines=True)
    for col in ("local clause", "national clause", "score"):
        matches.add_column(col, justify="right" if col == "score" else "left")
    for m in result["matches"]:
        if m["national"] or all_matches:
            best = m["national"][0] if m["national"] else None
            matches.add_row(f"{_index(m['clause_id'])} {short(m['text'], 60)}",
                            f"{_index(best['clause_id'])} {short(best['text'], 40)}" if best else "–",
                            f"{best['score']:.2f}" if best else "")
    out.append(matches)
    if result["beyond"]:
        beyond = Table(title="beyond the national plan (labelled local clauses matching no national clause)")
        beyond.add_column("local clause")
        beyond.add_column("labels")
        for b in result["beyond"]:
            beyond.add_row(f"{_index(b['clause_id'])} {short(b['text'], 70)}", ", ".join(b["labels"]))
        out.append(beyond)
    return out


def _coverage_row(entry: dict[str, Any], name: str, *, bold: bool) -> tuple[Text, Text, str, str]:
    from rich.text import Text

    status = entry["status"]
    clauses = "; ".join(f"{_index(c['clause_id'])} {short(c['text'], 24)} ({c['score']:.2f})" for c in entry["clauses"][:2])
    more = len(entry["clauses"]) - 2
    if more > 0:
        clauses += f" (+{more})"
    return (Text(name, style="bold" if bold else ""), Text(f"{status} {STATUS_ZH[status]}", style=STATUS_STYLE[status]),
            f"{entry.get('score', 0.0):.2f}", clauses)


def marked(old: str, new: str) -> tuple[Text, Text]:
    """Old and new clause text with deletions in red (struck through) and insertions in green."""
    from rich.text import Text

    a, b = Text(), Text()
    for op, x, y in inline_edits(old, new):
        if op == "equal":
            a.append(x)
            b.append(y)
        else:
            a.append(x, style="red strike")
            b.append(y, style="bold green")
    return a, b


def _target_cell(v: dict[str, Any] | None) -> str:
    if v is None:
        return "–"
    comp = v.get("comparator") or ""
    value = "" if v.get("value") is None else f"{comp} {v['value']}{v.get('unit') or ''}"
    return f"{value} by {v.get('deadline_end') or '?'}".strip()


def diff_tables(result: DiffResult) -> list[RenderableType]:
    """Summary, changed clauses with their edits marked, targets changed, added, removed and moved clauses."""
    from rich.table import Table
    from rich.text import Text

    js = result.to_json()
    s = js["summary"]
    out: list[RenderableType] = [Text(
        f"{js['old']['name']} ({s['old_clauses']} clauses) → {js['new']['name']} ({s['new_clauses']} clauses): "
        f"{s['kept']} kept ({s['moved']} moved), {s['changed']} changed, {s['added']} added, {s['removed']} removed, "
        f"{s['targets_changed']} targets changed, {s['figures_changed']} other figures changed")]
    if js["changed"]:
        t = Table(title="changed", show_lines=True)
        for col in ("old", "new", "similarity"):
            t.add_column(col, justify="right" if col == "similarity" else "left")
        for c in js["changed"]:
            a, b = marked(c["old"]["text"], c["new"]["text"])
            t.add_row(Text(_index(c["old"]["clause_id"]) + " ", overflow="fold") + a,
                      Text(_index(c["new"]["clause_id"]) + " ", overflow="fold") + b, f"{c['similarity']:.2f}")
        out.append(t)
    if js["targets_changed"]:
        t = Table(title="targets changed")
        for col in ("indicator", "old", "new", "what changed"):
            t.add_column(col)
        for c in js["targets_changed"]:
            t.add_row(c["indicator"], _target_cell(c["old"]), _target_cell(c["new"]), ", ".join(c["fields"]))
        out.append(t)
    if js["figures_changed"]:
        t = Table(title="figures changed (numbers of reworded clauses that carry no dated target)")
        for col in ("indicator", "old", "new"):
            t.add_column(col)
        for c in js["figures_changed"]:
            t.add_row(c["indicator"], c["old"]["text"], c["new"]["text"])
        out.append(t)
    for key, style in (("added", "green"), ("removed", "red")):
        if js[key]:
            t = Table(title=key)
            t.add_column("clause", style=style)
            for c in js[key]:
                t.add_row(f"{_index(c['clause_id'])} {c['text']}")
            out.append(t)
    if js["moved"]:
        t = Table(title="moved (kept, in another place)")
        t.add_column("old")
        t.add_column("new")
        t.add_column("clause")
        for c in js["moved"]:
            t.add_row(_index(c["old"]["clause_id"]), _index(c["new"]["clause_id"]), short(c["new"]["text"], 60))
        out.append(t)
    return out
