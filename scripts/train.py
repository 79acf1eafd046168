"""Train the clause classifier from corpus/labeled into models/clause-classifier.

    python scripts/train.py [--base PATH_TO_LOCAL_HF_CHECKPOINT] [--epochs N] [--out DIR]
"""

from policynlp.cli import main

if __name__ == "__main__":
    import sys

    raise SystemExit(main(["train", *sys.argv[1:]]))
