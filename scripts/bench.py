"""Throughput and memory of `policynlp tag` against plain jieba.lcut on the same text.

Builds a synthetic corpus (default 50 MB of UTF-8) from our own corpus clauses, then measures
in one run: jieba.lcut over every text (one process, the reference), and the full pipeline
(ingest, clean, segment, classify, extract, write) with 1 and 2 worker processes.

    python scripts/bench.py [--mb 50] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADS = ["一、总体要求", "二、重点任务", "（一）夯实数字基础", "（二）发展智慧农业", "三、保障措施", "（三）强化组织实施"]
GOALS = ["到2025年，全县数字乡村建设取得重要进展，行政村5G通达率达到90%以上，农产品网络零售额突破20亿元。",
         "到2027年底，建成智慧农场30个，农业生产信息化率提高到35%。", "2026年6月底前，完成村级便民服务站数字化改造。"]


def build_corpus(folder: Path, mb: float, seed: int = 7) -> int:
    """Write ~``mb`` MB of notices made of our corpus clauses; return the number of characters."""
    rows = []
    for split in ("train", "dev", "test", "seed"):
        rows += [json.loads(x)["text"] for x in (ROOT / "corpus" / "labeled" / f"{split}.jsonl").read_text("utf-8").splitlines()]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total_bytes, chars, i = 0, 0, 0
    while total_bytes < mb * 1024 * 1024:
        lines = [f"某县数字乡村发展实施方案（{i}）"]
        for h in HEADS:
            lines.append(h)
            lines.append(rng.choice(GOALS))
            lines.append("".join(rng.choice(rows) for _ in range(rng.randint(2, 6))))
            lines.extend(rng.choice(rows) for _ in range(rng.randint(8, 20)))
        text = "\n".join(lines) + "\n"
        data = text.encode("utf-8")
        (folder / f"notice_{i:05d}.txt").write_bytes(data)
        total_bytes += len(data)
        chars += len(text)
        i += 1
    return chars


def bench_jieba(folder: Path) -> dict[str, float]:
    code = f"""
import jieba, json, resource, time, pathlib, logging
jieba.setLogLevel(logging.WARNING)
texts = [p.read_text('utf-8') for p in sorted(pathlib.Path({str(folder)!r}).glob('*.txt'))]
jieba.initialize()
t = time.perf_counter()
n = sum(len(jieba.lcut(x)) for x in texts)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "chars": sum(map(len, texts)), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])


def bench_pipeline(folder: Path, workers: int) -> dict[str, float]:
    code = f"""
import json, resource, time, tempfile
from policynlp.batch import tag_paths
out = tempfile.mkdtemp()
t = time.perf_counter()
s = tag_paths([{str(folder)!r}], out, workers={workers}, force=True)
dt = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = s.peak_worker_mb
print(json.dumps({{"seconds": dt, "documents": s.documents, "clauses": s.clauses, "peak_mb_main": me, "peak_mb_worker": kids}}))
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        chars = build_corpus(folder, args.mb)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1024 / 1024
        print(f"corpus: {len(list(folder.iterdir()))} files, {size:.1f} MB, {chars:,} characters", flush=True)
        jb = bench_jieba(folder)
        jieba_rate = jb["chars"] / jb["seconds"]
        print("| run | seconds | chars/s | clauses/s | peak MB (main / per worker) | ratio to jieba.lcut |")
        print("|---|---|---|---|---|---|")
        print(f"| jieba.lcut, 1 process | {jb['seconds']:.1f} | {jieba_rate:,.0f} | – | {jb['peak_mb']:.0f} | 1.00 |", flush=True)
        for w in args.workers:
            r = bench_pipeline(folder, w)
            rate = chars / r["seconds"]
            worker_mb = r["peak_mb_worker"] if w > 1 else r["peak_mb_main"]
            print(f"| policynlp tag, {w} worker(s) | {r['seconds']:.1f} | {rate:,.0f} | {r['clauses'] / r['seconds']:,.0f} | "
                  f"{r['peak_mb_main']:.0f} / {worker_mb:.0f} | {rate / jieba_rate:.2f} |", flush=True)


if __name__ == "__main__":
    main()
