"""Print per-label precision/recall/F1 for rules, model and combination on a labeled set.

    python scripts/eval.py corpus/labeled/test.jsonl
"""

from policynlp.cli import main

if __name__ == "__main__":
    import sys

    raise SystemExit(main(["eval", *(sys.argv[1:] or ["corpus/labeled/test.jsonl"])]))
