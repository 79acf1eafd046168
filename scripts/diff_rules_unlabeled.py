"""What a change of the rules' data files does to real text no label was chosen on.

    python scripts/diff_rules_unlabeled.py --base REV [--now REV2] [--actions] [--sample 20]
    python scripts/diff_rules_unlabeled.py --base-dir DIR [--sample 20]

Cuts ../shared/unlabeled into sentences and compares, sentence by sentence, the base version of
taxonomy.json, lexicon.json and functions.json (from git revision REV, or the files in DIR) with the
working tree's (or revision ``REV2``'s): the domains the rules give (at their thresholds; with
``--actions`` the actions too) and the function the patterns give. It prints how many sentences
gain or lose a label or change function, and a random sample of each kind to read by eye. Skips
with a message without ../shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from policynlp.classify.realset import UNLABELED, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.classify.structure import FunctionRules
from policynlp.taxonomy import parse_taxonomy

RESOURCES = Path(__file__).resolve().parents[1] / "src" / "policynlp" / "resources"
FILES = ("taxonomy.json", "lexicon.json", "functions.json")
SENTENCE_END = re.compile(r"(?<=[。；！？\n])")


def _read(name: str, rev: str | None, base_dir: Path | None) -> dict[str, Any]:
    if base_dir is not None:
        return json.loads((base_dir / name).read_text("utf-8"))  # type: ignore[no-any-return]
    if rev is not None:
        text = subprocess.run(["git", "show", f"{rev}:src/policynlp/resources/{name}"], check=True,
                              capture_output=True, text=True, cwd=RESOURCES).stdout
        return json.loads(text)  # type: ignore[no-any-return]
    return json.loads((RESOURCES / name).read_text("utf-8"))  # type: ignore[no-any-return]


def version_at(rev: str | None, base_dir: Path | None) -> tuple[RuleClassifier, FunctionRules]:
    """The rule classifier and function patterns of the data files at git revision ``rev``, in
    ``base_dir``, or (both None) in the working tree."""
    tax, lex, funcs = (_read(n, rev, base_dir) for n in FILES)
    return RuleClassifier(parse_taxonomy(tax, lex)), FunctionRules.parse(funcs)


def add_base_arguments(ap: argparse.ArgumentParser) -> None:
    """``--base REV | --base-dir DIR``: where the base version of the data files comes from."""
    base = ap.add_mutually_exclusive_group(required=True)
    base.add_argument("--base", metavar="REV", help="git revision of the base data files")
    base.add_argument("--base-dir", type=Path, metavar="DIR", help="a folder with the base taxonomy.json, lexicon.json, functions.json")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_base_arguments(ap)
    ap.add_argument("--now", metavar="REV2", help="git revision of the new data files (default: the working tree)")
    ap.add_argument("--actions", action="store_true", help="compare the actions as well as the domains")
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--shared")
    args = ap.parse_args()
    shared = shared_root(args.shared)
    if shared is None:
        print("skipped: the unlabeled text is read from ../shared, which is not here", file=sys.stderr)
        return 0
    (rules_a, funcs_a), (rules_b, funcs_b) = version_at(args.base, args.base_dir), version_at(args.now, None)
    what = "label" if args.actions else "domain"
    changes: dict[str, list[str]] = {f"gained a {what}": [], f"lost a {what}": [], "changed function": []}
    n = 0
    with gzip.open(shared / UNLABELED, "rt", encoding="utf-8") as fh:
        for row in map(json.loads, fh):
            for sent in (s.strip() for s in SENTENCE_END.split(row["text"])):
                if len(sent) < 8:
                    continue
                n += 1
                (dom_a, act_a, _), (dom_b, act_b, _) = rules_a.predict([sent])[0], rules_b.predict([sent])[0]
                a = {x.id for x in dom_a} | ({x.id for x in act_a} if args.actions else set())
                b = {x.id for x in dom_b} | ({x.id for x in act_b} if args.actions else set())
                if b - a:
                    changes[f"gained a {what}"].append(f"+{sorted(b - a)} {sent}")
                if a - b:
                    changes[f"lost a {what}"].append(f"-{sorted(a - b)} {sent}")
                fa, fb = funcs_a.function(sent, "statement"), funcs_b.function(sent, "statement")
                if fa != fb:
                    changes["changed function"].append(f"{fa} -> {fb} {sent}")
    print(f"{n:,} sentences of {UNLABELED}: " + ", ".join(f"{len(v):,} {k}" for k, v in changes.items()))
    rng = random.Random(0)
    for kind, lines in changes.items():
        for line in rng.sample(lines, min(args.sample, len(lines))):
            print(f"[{kind}] {line[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
