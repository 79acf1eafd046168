"""Transformer clause classifier (multi-label over domains, actions and tasks).

torch and transformers are imported only when a model is loaded or trained. The model
directory holds ``config.json`` + ``model.safetensors`` (a small BERT trained from scratch on
our corpus), ``vocab.json`` (our character vocabulary) and ``labels.json``; or, for a
fine-tuned Hugging Face checkpoint, its own tokenizer files and ``labels.json``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from policynlp.errors import ModelError

MAX_LEN = 96
# a clause is read after the heading it sits under, the two joined by this character (the ``[SEP]`` token)
SEP_CHAR = "\x1f"
HEADING_CHARS = 20  # how much of a heading the model reads
# the number that opens a heading (第三章, （二）, 3., ①), which says nothing of its topic
HEADING_NUMBER = re.compile(r"^[\s#]*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑳])\s*")


def heading_of(section: str) -> str:
    """The heading a clause sits under (the last part of its simplified section path), without its number.

    >>> heading_of("二、主要任务 > （三）发展农村电子商务")
    '发展农村电子商务'
    """
    parts = [p for p in section.split(" > ") if p.strip()] if section else []
    return HEADING_NUMBER.sub("", parts[-1].strip())[:HEADING_CHARS].rstrip("。；;") if parts else ""


def model_input(text: str, heading: str = "") -> str:
    """What a heading-reading model is given for a clause: its heading, ``[SEP]``, the clause."""
    return f"{heading}{SEP_CHAR}{text}" if heading else text


SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]


class CharTokenizer:
    """Character vocabulary built from the corpus; ``[CLS]`` first, padded to a batch."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]

    @classmethod
    def build(cls, texts: Sequence[str], *, min_count: int = 1) -> CharTokenizer:
        """Vocabulary of every character seen ``min_count`` times."""
        counts: dict[str, int] = {}
        for t in texts:
            for ch in t:
                counts[ch] = counts.get(ch, 0) + 1
        chars = sorted(ch for ch, n in counts.items() if n >= min_count)
        return cls({tok: i for i, tok in enumerate(SPECIALS + chars)})

    def encode(self, texts: Sequence[str], *, max_len: int = MAX_LEN) -> tuple[list[list[int]], list[list[int]]]:
        """Input ids and attention masks, padded to the longest text of the batch."""
        sep = self.vocab["[SEP]"]
        ids = [[self.vocab["[CLS]"]] + [sep if ch == SEP_CHAR else self.vocab.get(ch, self.unk) for ch in t[: max_len - 1]] for t in texts]
        width = max((len(x) for x in ids), default=1)
        mask = [[1] * len(x) + [0] * (width - len(x)) for x in ids]
        ids = [x + [0] * (width - len(x)) for x in ids]
        return ids, mask


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """Load a Hugging Face model without its progress bar on stderr (a library's loading bar is
    noise in a command run with ``--quiet``); the bar's previous setting comes back afterwards."""
    from transformers.utils import logging as hf_logging

    was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        if was_on:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def load_tokenizer(path: Path) -> tuple[Any, bool]:
    """The tokenizer of a model folder: our :class:`CharTokenizer` when it has ``vocab.json``, else
    its Hugging Face tokenizer (local files only); and whether it is the latter."""
    vocab_file = path / "vocab.json"
    if vocab_file.is_file():
        return CharTokenizer(json.loads(vocab_file.read_text("utf-8"))), False
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), local_files_only=True), True


class ModelClassifier:
    """Scores from a trained model directory; :meth:`scores` returns label → probability."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        labels_file = self.path / "labels.json"
        if not labels_file.is_file():
            raise ModelError(f"{self.path}: no labels.json (train with `policynlp train`)")
        self._head: Any = None
        try:
            meta = json.loads(labels_file.read_text("utf-8"))
            self.labels: list[str] = meta["labels"]
            # trained on model_input(text, heading): it reads each clause after its heading
            self.heading_context = bool(meta.get("heading_context", False))
            if (self.path / "head.json").is_file():
                # a linear head over n-grams or over the frozen policy encoder (classify/heads.py)
                from policynlp.classify.heads import load_head

                self._head = load_head(self.path)
                if list(self._head.labels) != self.labels:
                    raise ModelError(f"{self.path}: head.json and labels.json name different labels")
                return
            import torch
            from transformers import AutoModelForSequenceClassification

            self._torch = torch
            with quiet_loading():
                self.model: Any = AutoModelForSequenceClassification.from_pretrained(str(self.path), local_files_only=True)
            self.model.eval()
            self.tok, self._hf_tok = load_tokenizer(self.path)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"{self.path}: cannot load the classifier model ({type(exc).__name__}: {exc})") from exc
        if self.model.config.num_labels != len(self.labels):
            raise ModelError(f"{self.path}: model has {self.model.config.num_labels} outputs, labels.json {len(self.labels)}")

    def scores(self, texts: Sequence[str], *, batch_size: int = 32, headings: Sequence[str] | None = None) -> list[dict[str, float]]:
        """Per-text probability of every label (``headings``: the heading each text sits under, read by a
        model trained with them and ignored by the others)."""
        if self._head is not None:
            return self._head.scores(list(texts))  # type: ignore[no-any-return]
        if self.heading_context and headings is not None:
            texts = [model_input(t, h) for t, h in zip(texts, headings, strict=True)]
        torch = self._torch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: dict[int, dict[str, float]] = {}
        with torch.inference_mode():
            for k in range(0, len(order), batch_size):
                idx = order[k : k + batch_size]
                batch = [texts[i] for i in idx]
                if self._hf_tok:
                    enc = self.tok(batch, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
                    logits = self.model(**enc).logits
                else:
                    ids, mask = self.tok.encode(batch)
                    logits = self.model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask)).logits
                probs = torch.sigmoid(logits).tolist()
                for i, row in zip(idx, probs, strict=True):
                    results[i] = dict(zip(self.labels, row, strict=True))
        return [results[i] for i in range(len(texts))]


def mean_scores(runs: Sequence[dict[str, float]]) -> dict[str, float]:
    """Each label's mean probability over several models' scores of one text."""
    return {lab: sum(r[lab] for r in runs) / len(runs) for lab in runs[0]}


class AveragedModel:
    """Several fine-tuned classifier folders as one: each label's probability is the mean of theirs.

    ``combine.json`` names the extra members (``"members": ["members/unbalanced"]``, relative to
    the classifier's folder); the blend was chosen on real-dev from their averaged out-of-fold
    scores (``scripts/finetune.py --member``).
    """

    def __init__(self, members: Sequence[ModelClassifier]) -> None:
        if not members:
            raise ModelError("an averaged model needs at least one member")
        self.members = list(members)
        self.path = self.members[0].path
        self.labels = self.members[0].labels
        for m in self.members[1:]:
            if m.labels != self.labels:
                raise ModelError(f"{m.path}: its labels.json differs from {self.path}'s")

    def scores(self, texts: Sequence[str], *, batch_size: int = 32, headings: Sequence[str] | None = None) -> list[dict[str, float]]:
        """Per-text mean probability of every label over the members."""
        each = [m.scores(texts, batch_size=batch_size, headings=headings) for m in self.members]
        return [mean_scores(per_text) for per_text in zip(*each, strict=True)]


def load_members(path: Path, members: Sequence[str]) -> ModelClassifier | AveragedModel:
    """The classifier folder ``path`` alone, or averaged with the ``members`` folders under it."""
    first = ModelClassifier(path)
    if not members:
        return first
    extra = []
    for rel in members:
        sub = (path / rel).resolve()
        if path.resolve() not in sub.parents:
            raise ModelError(f"{path}/combine.json: member {rel!r} is not a folder inside the classifier's folder")
        extra.append(ModelClassifier(sub))
    return AveragedModel([first, *extra])
