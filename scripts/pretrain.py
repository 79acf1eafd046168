"""Pretrain the policy encoder (masked LM) on real policy text of ../shared: `python scripts/pretrain.py [--minutes 85]`."""

from policynlp.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["pretrain", *__import__("sys").argv[1:]]))
