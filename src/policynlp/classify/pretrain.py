"""Masked-language-model pretraining of a small character BERT on real policy text.

The encoder learns policy language from text nobody labeled (``../shared/unlabeled`` and the
real documents of ``../shared/realworld`` and ``realworld-dv``, minus the documents of the
real test split), so that the clause classifier fine-tuned from it starts from the register of
real notices rather than from the sentence frames of our composed corpus.

Everything is simplified script (OpenCC t2s, the view every stage analyses), one character a
token. The text is cut into windows of ``seq_len - 1`` characters at sentence ends where one is
near. 15 % of the tokens are chosen; of those 80 % become ``[MASK]``, 10 % a random character
and 10 % stay. Training stops at ``minutes`` (wall clock) or ``max_steps`` and the encoder is
saved every ``save_every`` steps, so a stopped run still leaves a usable encoder.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from policynlp.classify.model import CharTokenizer
from policynlp.clean import to_simplified

MLM_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
_SENTENCE_END = "。！？；\n"


@dataclass(frozen=True, slots=True)
class PretrainConfig:
    """Size of the encoder and of the run (the defaults fit about 90 minutes on 2 CPU cores)."""

    hidden_size: int = 256
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 768
    seq_len: int = 128
    batch_size: int = 48
    lr: float = 6e-4
    warmup_steps: int = 300
    max_steps: int = 20_000
    minutes: float = 85.0
    min_char_count: int = 3
    save_every: int = 500
    seed: int = 13
    threads: int = 2


def windows(text: str, length: int) -> Iterator[str]:
    """Cut ``text`` into pieces of at most ``length`` characters, preferring sentence ends.

    >>> list(windows("一二三。四五六。七", 4))
    ['一二三。', '四五六。', '七']
    """
    i, n = 0, len(text)
    while i < n:
        j = min(n, i + length)
        if j < n:
            cut = max(text.rfind(ch, i + length // 2, j) for ch in _SENTENCE_END)
            if cut > i:
                j = cut + 1
        piece = text[i:j].strip()
        if piece:
            yield piece
        i = j


def build_vocab(texts: Sequence[str], *, min_count: int) -> CharTokenizer:
    """Characters seen at least ``min_count`` times, after the MLM specials."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(t)
    chars = sorted(ch for ch, n in counts.items() if n >= min_count and not ch.isspace())
    return CharTokenizer({tok: i for i, tok in enumerate(MLM_SPECIALS + chars)})


def mask_tokens(ids: list[list[int]], *, vocab_size: int, mask_id: int, rng: random.Random,
                n_special: int = len(MLM_SPECIALS), rate: float = 0.15) -> tuple[list[list[int]], list[list[int]]]:
    """Inputs and labels for MLM (label -100 where nothing is predicted); padding and ``[CLS]`` are never chosen."""
    inputs, labels = [], []
    for row in ids:
        x, y = list(row), [-100] * len(row)
        for k, tok in enumerate(row):
            if tok < n_special or rng.random() >= rate:
                continue
            y[k] = tok
            r = rng.random()
            if r < 0.8:
                x[k] = mask_id
            elif r < 0.9:
                x[k] = rng.randrange(n_special, vocab_size)
        inputs.append(x)
        labels.append(y)
    return inputs, labels


def pretrain(texts: Sequence[str], out: str | Path, *, config: PretrainConfig | None = None,
             log: Callable[[str], None] = print, excluded: Sequence[str] = ()) -> dict[str, Any]:
    """Train a BertForMaskedLM on ``texts`` and save it (config, weights, ``vocab.json``) to ``out``.

    ``excluded`` names the documents kept out of ``texts`` (the real test split); ``pretraining.json``
    records them, so a later split can be checked against the encoder it would be measured with.
    """
    import torch
    from transformers import BertConfig, BertForMaskedLM

    cfg = config or PretrainConfig()
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    simp = [to_simplified(t) for t in texts]
    tok = build_vocab(simp, min_count=cfg.min_char_count)
    pieces = [p for t in simp for p in windows(t, cfg.seq_len - 1) if len(p) >= 16]
    rng.shuffle(pieces)
    n_chars = sum(len(p) for p in pieces)
    log(f"pretrain: {len(pieces):,} windows, {n_chars:,} characters, vocabulary {len(tok.vocab):,}")
    bert = BertConfig(vocab_size=len(tok.vocab), hidden_size=cfg.hidden_size, num_hidden_layers=cfg.layers,
                      num_attention_heads=cfg.heads, intermediate_size=cfg.intermediate_size,
                      max_position_embeddings=cfg.seq_len, type_vocab_size=1, pad_token_id=0)
    model = BertForMaskedLM(bert)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    steps_per_epoch = max(1, len(pieces) // cfg.batch_size)
    total = min(cfg.max_steps, steps_per_epoch * 100)
    t0 = time.monotonic()
    warm_s = 0.0  # seconds the warm-up took: the clock-based decay starts after it (set in the loop)

    def lr_at(step: int) -> float:
        if step < cfg.warmup_steps:
            return (step + 1) / cfg.warmup_steps
        # the decay follows whichever budget runs out first, steps or wall clock, so a run stopped by
        # the clock ends annealed instead of at near-peak learning rate
        by_steps = (step - cfg.warmup_steps) / max(1, total - cfg.warmup_steps)
        by_clock = (time.monotonic() - t0 - warm_s) / max(1.0, cfg.minutes * 60 - warm_s)
        return max(0.02, 0.5 * (1 + math.cos(math.pi * min(1.0, max(by_steps, by_clock)))))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    step, seen, losses = 0, 0, []
    history: list[dict[str, float]] = []
    model.train()
    while step < total and time.monotonic() - t0 < cfg.minutes * 60:
        k = (step % steps_per_epoch) * cfg.batch_size
        batch = pieces[k : k + cfg.batch_size]
        ids, mask = tok.encode(batch, max_len=cfg.seq_len)
        x, y = mask_tokens(ids, vocab_size=len(tok.vocab), mask_id=tok.vocab["[MASK]"], rng=rng)
        loss = model(input_ids=torch.tensor(x), attention_mask=torch.tensor(mask), labels=torch.tensor(y)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        losses.append(loss.item())
        seen += sum(len(b) for b in batch)
        step += 1
        if step == cfg.warmup_steps:
            warm_s = time.monotonic() - t0
        if step % 100 == 0:
            mean = sum(losses[-100:]) / len(losses[-100:])
            history.append({"step": step, "loss": round(mean, 4), "minutes": round((time.monotonic() - t0) / 60, 2),
                            "lr": round(float(sched.get_last_lr()[0]), 7)})
            log(f"step {step}  loss {mean:.3f}  {seen:,} characters  {(time.monotonic() - t0) / 60:.1f} min")
        if step % cfg.save_every == 0:
            _save(model, tok, out, cfg, step, seen, n_chars, history, excluded)
    summary = _save(model, tok, out, cfg, step, seen, n_chars, history, excluded)
    log(f"pretrain: saved {out} after {step} steps")
    return summary


def _save(model: Any, tok: CharTokenizer, out: Path, cfg: PretrainConfig, step: int, seen: int, n_chars: int,
          history: list[dict[str, float]], excluded: Sequence[str] = ()) -> dict[str, Any]:
    model.save_pretrained(str(out), safe_serialization=True)
    (out / "vocab.json").write_text(json.dumps(tok.vocab, ensure_ascii=False), "utf-8")
    summary = {"config": asdict(cfg), "steps": step, "characters_seen": seen, "corpus_characters": n_chars,
               "excluded_documents": sorted(excluded), "history": history}
    (out / "pretraining.json").write_text(json.dumps(summary, indent=1), "utf-8")
    return summary


def read_unlabeled(path: str | Path, *, exclude_ids: set[str] = frozenset()) -> Iterator[tuple[str, str]]:  # type: ignore[assignment]
    """``(id, text)`` of every document of ``policy_text.jsonl.gz`` except ``exclude_ids``."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] not in exclude_ids:
                yield row["id"], row["text"]
