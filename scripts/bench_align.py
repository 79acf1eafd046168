"""Time policynlp diff and align after loading, on documents built from our own authored notices.

    python scripts/bench_align.py [--chars 30000] [--clauses 100] [--repeat 3]

* diff: an "old" document of at least --chars characters is made of distinct clauses of our
  labeled corpus (corpus/labeled/, shuffled, one per line); the "new" one drops, rewords, renumbers and moves some lines and adds
  others (seeded), and is converted to traditional script. Timed: the analysis of both documents
  (pipeline without the classifier, which diff does not use) and the diff itself; then the diff
  of a document and a copy with every sentence reworded (no clause in common: every clause goes
  through the bigram index), at that size and at twice and four times it, to show how time grows.
* align: a local plan of --clauses clauses from the authored notices, aligned to the action-plan
  Q&A seed. Timed: the analysis (with the classifier, as align uses labels) and the alignment.

The best of --repeat runs is printed, as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from policynlp.clean import to_simplified, to_traditional
from policynlp.compare import align, diff, from_document
from policynlp.ingest import RawDocument
from policynlp.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
QA = ROOT / "corpus" / "seeds" / "2022_qa_digital_village_action_plan_2022_2025.txt"


def authored_lines() -> list[str]:
    out = []
    for f in sorted((ROOT / "corpus" / "authored").glob("*.tsv")):
        for line in f.read_text("utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                out.append(line.split("\t", 1)[1].strip())
    return [x for x in out if x]


def corpus_lines(seed: int) -> list[str]:
    """Distinct clause texts of our labeled corpus (composed and authored), shuffled."""
    seen: set[str] = set()
    out = []
    for split in ("train", "dev", "test", "seed"):
        for row in (ROOT / "corpus" / "labeled" / f"{split}.jsonl").read_text("utf-8").splitlines():
            text = json.loads(row)["text"]
            if to_simplified(text) not in seen:
                seen.add(to_simplified(text))
                out.append(text)
    random.Random(seed).shuffle(out)
    return out


def document(lines: list[str], chars: int, start: int = 0) -> list[str]:
    out: list[str] = []
    k = start
    while sum(len(x) + 1 for x in out) < chars:
        out.append(lines[k % len(lines)])
        k += 1
    return out


def edit(lines: list[str], spare: list[str], rng: random.Random) -> tuple[list[str], dict[str, int]]:
    """Drop, reword, renumber, move and add lines; count each kind of edit made."""
    made = dict.fromkeys(("dropped", "reworded", "renumbered", "moved", "added"), 0)
    out = []
    for line in lines:
        r = rng.random()
        if r < 0.04:
            made["dropped"] += 1
            continue
        if r < 0.08 and "推进" in line:
            line = line.replace("推进", "大力推进", 1)
            made["reworded"] += 1
        elif r < 0.11 and re.search(r"\d", line):
            line = re.sub(r"\d", lambda m: str((int(m.group(0)) + 1) % 10), line, count=1)
            made["renumbered"] += 1
        out.append(line)
        if rng.random() < 0.03:
            out.append(spare[rng.randrange(len(spare))])
            made["added"] += 1
    for _ in range(max(1, len(out) // 50)):
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out.insert(j, out.pop(i))
        made["moved"] += 1
    return out, made


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=30_000)
    ap.add_argument("--clauses", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    lines = corpus_lines(18)
    rng = random.Random(18)
    old_lines = document(lines, args.chars)
    spare = lines[len(old_lines):] or ["建立数字乡村建设专家咨询制度。"]
    new_lines, made = edit(old_lines, spare, rng)
    old_text, new_text = "\n".join(old_lines), to_traditional("\n".join(new_lines))

    t0 = time.perf_counter()
    plain = Pipeline(classifier=None)
    load_plain = time.perf_counter() - t0

    def analyze(p: Pipeline, text: str) -> object:
        return from_document(p.analyze_raw(RawDocument("<bench>", text, "text")))

    t_an, docs = best(lambda: (analyze(plain, old_text), analyze(plain, new_text)), args.repeat)
    old, new = docs  # type: ignore[misc]
    t_diff, result = best(lambda: diff(old, new), args.repeat)
    s = result.to_json()["summary"]  # type: ignore[attr-defined]
    print(f"pipeline without classifier loaded in {load_plain:.1f} s")
    print(f"edits made: {made}; diff found: {s}\n")
    print("| diff | characters (old / new) | clauses (old / new) | analysis of both, s | diff, s |\n|---|---|---|---|---|")
    print(f"| edited copy in the other script | {len(old_text):,} / {len(new_text):,} | {s['old_clauses']} / {s['new_clauses']} "
          f"| {t_an:.2f} | {t_diff:.3f} |")
    for factor in (1, 2, 4):  # every sentence of the new copy reworded: all clauses go through the bigram index
        a_lines = document(lines, args.chars * factor)
        a_text = "\n".join(a_lines)
        b_text = "\n".join(x.replace("。", "等。").replace("，", "，并", 1) for x in a_lines)
        a, b = analyze(plain, a_text), analyze(plain, b_text)
        dt, _ = best(lambda a=a, b=b: diff(a, b), args.repeat)  # type: ignore[misc]
        print(f"| every sentence reworded, {factor}× | {len(a_text):,} / {len(b_text):,} | {len(a.clauses)} / {len(b.clauses)} "  # type: ignore[attr-defined]
              f"| – | {dt:.3f} |")

    t0 = time.perf_counter()
    full = Pipeline()
    load_full = time.perf_counter() - t0
    national = analyze(full, QA.read_text("utf-8"))
    local_lines = [x for x in lines if len(x) > 12][: args.clauses]
    local_text = "某县数字乡村建设实施方案\n" + "\n".join(local_lines)
    t_an, local = best(lambda: analyze(full, local_text), args.repeat)
    t_al, res = best(lambda: align([local], national), args.repeat)  # type: ignore[list-item]
    summ = res["summary"]  # type: ignore[index]
    print(f"\npipeline with classifier loaded in {load_full:.1f} s")
    print("| align | local clauses | national clauses | analysis of the local plan, s | align, s | tasks covered / weak / missing |\n"
          "|---|---|---|---|---|---|")
    print(f"| {args.clauses} authored lines → action-plan Q&A | {summ['local_clauses']} | {len(national.clauses)} "  # type: ignore[attr-defined]
          f"| {t_an:.2f} | {t_al:.3f} | {summ['tasks']['covered']} / {summ['tasks']['weak']} / {summ['tasks']['missing']} |")


if __name__ == "__main__":
    main()
