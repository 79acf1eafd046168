"""Linear label heads over two kinds of clause features, trained in seconds on cached features.

* :class:`NgramHead`: hashed character n-grams (the features of the function model) → 40 sigmoid
  outputs. No encoder; numpy at run time.
* :class:`BagHead`: a bag of hashed character n-grams (1–4) of the simplified clause, each an
  embedding row, averaged and read by a linear layer (fastText's shape). Trained with sparse
  updates in about two minutes; numpy at run time. An optional member averaged with the
  fine-tuned encoder (``scripts/train_bag.py``); measured at stop 12 and not shipped (README).
* :class:`EncoderHead`: the mean-pooled last layer of the pretrained policy encoder
  (``models/policy-encoder``, frozen) → 40 sigmoid outputs. A linear probe: the encoder's
  features are computed once and the head trains in seconds. The shipped classifier is the
  encoder fine-tuned end to end instead (``finetune.fit``, about 3 minutes on two free cores),
  which scored higher alone and in the blend (README "Ablation").

All expose ``scores(texts) -> [{label: probability}]`` like
:class:`~policynlp.classify.model.ModelClassifier`, so the blend treats them alike.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from policynlp.classify.function_model import features as ngram_features
from policynlp.clean import to_simplified

NGRAM_DIM = 1 << 17


def train_head(x: Any, y: np.ndarray, *, epochs: int = 200, lr: float = 0.05, weight_decay: float = 1e-4,
               offsets: Any = None, dim: int | None = None, seed: int = 13) -> tuple[np.ndarray, np.ndarray]:
    """Multi-label logistic regression (positive weights capped at 20); dense ``x`` or hashed ids with ``offsets``."""
    import torch

    torch.manual_seed(seed)
    yt = torch.tensor(y, dtype=torch.float32)
    n_out = y.shape[1]
    if offsets is not None:
        layer: Any = torch.nn.EmbeddingBag(int(dim or 0), n_out, mode="sum")
        torch.nn.init.zeros_(layer.weight)
        inputs: tuple[Any, ...] = (torch.tensor(x, dtype=torch.long), torch.tensor(offsets, dtype=torch.long))
    else:
        layer = torch.nn.Linear(x.shape[1], n_out, bias=False)
        torch.nn.init.zeros_(layer.weight)
        inputs = (torch.tensor(x, dtype=torch.float32),)
    bias = torch.nn.Parameter(torch.zeros(n_out))
    pos = yt.sum(0).clamp(min=1.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(y) - pos) / pos).clamp(max=20.0))
    opt = torch.optim.Adam([*layer.parameters(), bias], lr=lr, weight_decay=weight_decay)
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(layer(*inputs) + bias, yt)
        loss.backward()
        opt.step()
    w = layer.weight.detach().numpy()
    return (w if offsets is not None else w.T).astype(np.float32), bias.detach().numpy().astype(np.float32)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


class NgramHead:
    """Sigmoid outputs over hashed character n-grams."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, labels: Sequence[str]) -> None:
        self.weights, self.bias, self.labels = weights, bias, list(labels)

    @staticmethod
    def encode(texts: Sequence[str], dim: int = NGRAM_DIM) -> tuple[list[int], list[int]]:
        ids: list[int] = []
        offsets: list[int] = []
        for t in texts:
            offsets.append(len(ids))
            ids.extend(ngram_features(t, "statement", dim))
        return ids, offsets

    @classmethod
    def train(cls, texts: Sequence[str], y: np.ndarray, labels: Sequence[str], **kw: Any) -> NgramHead:
        ids, offsets = cls.encode(texts)
        w, b = train_head(np.asarray(ids), y, offsets=np.asarray(offsets), dim=NGRAM_DIM, **kw)
        return cls(w, b, labels)

    def scores(self, texts: Sequence[str], **_: Any) -> list[dict[str, float]]:
        out = []
        dim = self.weights.shape[0]
        for t in texts:
            p = _sigmoid(self.weights[ngram_features(t, "statement", dim)].sum(0) + self.bias)
            out.append(dict(zip(self.labels, map(float, p), strict=True)))
        return out

    def save(self, path: str | Path) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(p / "head.npz", weights=self.weights.astype(np.float16), bias=self.bias)
        (p / "head.json").write_text(json.dumps({"kind": "ngram", "labels": self.labels}), "utf-8")


def bag_ids(text: str, buckets: int, nmax: int = 4) -> list[int]:
    """Hashed ids (crc32 modulo ``buckets``) of every character n-gram, 1 to ``nmax``, of the simplified text."""
    t = to_simplified(text)
    ids = [zlib.crc32(t[i : i + n].encode("utf-8")) % buckets for n in range(1, nmax + 1) for i in range(len(t) - n + 1)]
    return ids or [0]


def train_bag(texts: Sequence[str], y: np.ndarray, labels: Sequence[str], *, buckets: int = 1 << 18, dim: int = 32,
              nmax: int = 4, epochs: int = 8, lr: float = 0.02, batch_size: int = 64, seed: int = 13,
              log: Any = lambda m: None) -> BagHead:
    """Fit a :class:`BagHead` on ``texts`` and their 0/1 label rows ``y`` (binary cross-entropy, Adam; the
    embedding table is updated sparsely, so an epoch over 20,000 rows takes about 20 seconds)."""
    import random

    import torch

    torch.manual_seed(seed)
    rnd = random.Random(seed)
    feats = [bag_ids(t, buckets, nmax) for t in texts]
    emb = torch.nn.EmbeddingBag(buckets, dim, mode="mean", sparse=True)
    torch.nn.init.uniform_(emb.weight, -0.05, 0.05)
    out = torch.nn.Linear(dim, y.shape[1])
    opts = [torch.optim.SparseAdam(list(emb.parameters()), lr=lr), torch.optim.Adam(out.parameters(), lr=lr)]
    yt = torch.tensor(y, dtype=torch.float32)
    order = list(range(len(feats)))
    for ep in range(epochs):
        rnd.shuffle(order)
        total = 0.0
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            flat = [i for j in idx for i in feats[j]]
            offsets = np.cumsum([0] + [len(feats[j]) for j in idx[:-1]])
            logits = out(emb(torch.tensor(flat), torch.tensor(offsets)))
            loss: Any = torch.nn.functional.binary_cross_entropy_with_logits(logits, yt[idx])
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()
            total += float(loss.detach()) * len(idx)
        log(f"bag epoch {ep + 1}/{epochs}: loss {total / max(1, len(order)):.4f}")
    return BagHead(emb.weight.detach().numpy(), out.weight.detach().numpy().T.copy(), out.bias.detach().numpy(),
                   labels, nmax=nmax)


class BagHead:
    """Sigmoid outputs over the mean embedding of a clause's hashed character n-grams."""

    def __init__(self, table: np.ndarray, weights: np.ndarray, bias: np.ndarray, labels: Sequence[str], *, nmax: int = 4) -> None:
        self.table = table.astype(np.float32)  # (buckets, dim)
        self.weights, self.bias = weights.astype(np.float32), bias.astype(np.float32)  # (dim, labels), (labels,)
        self.labels, self.nmax = list(labels), nmax

    def scores(self, texts: Sequence[str], **_: Any) -> list[dict[str, float]]:
        if not texts:
            return []
        buckets = self.table.shape[0]
        pooled = np.stack([self.table[bag_ids(t, buckets, self.nmax)].mean(0) for t in texts])
        p = _sigmoid(pooled @ self.weights + self.bias)
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in p]

    def save(self, path: str | Path) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(p / "head.npz", table=self.table.astype(np.float16), weights=self.weights, bias=self.bias)
        (p / "head.json").write_text(json.dumps({"kind": "bag", "nmax": self.nmax, "labels": self.labels}), "utf-8")
        (p / "labels.json").write_text(json.dumps({"labels": self.labels}), "utf-8")


class EncoderFeatures:
    """Mean-pooled last-layer states of a frozen encoder folder (``policynlp pretrain``)."""

    def __init__(self, encoder: str | Path, *, max_len: int = 64, layers: int | None = None) -> None:
        import torch
        from transformers import BertModel

        from policynlp.classify.model import CharTokenizer, quiet_loading

        self._torch = torch
        enc = Path(encoder)
        kw: dict[str, Any] = {"num_hidden_layers": layers} if layers else {}
        with quiet_loading():
            self.model: Any = BertModel.from_pretrained(str(enc), local_files_only=True, add_pooling_layer=False, **kw)
        self.model.eval()  # type: ignore[no-untyped-call]
        self.tok = CharTokenizer(json.loads((enc / "vocab.json").read_text("utf-8")))
        self.max_len = max_len

    def __call__(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        torch = self._torch
        out = np.zeros((len(texts), self.model.config.hidden_size), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for k in range(0, len(order), batch_size):
                idx = order[k : k + batch_size]
                ids, mask = self.tok.encode([texts[i] for i in idx], max_len=self.max_len)
                m = torch.tensor(mask, dtype=torch.float32)
                h = self.model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask)).last_hidden_state
                pooled = (h * m.unsqueeze(-1)).sum(1) / m.sum(1, keepdim=True).clamp(min=1.0)
                out[idx] = pooled.numpy()
        return out


class EncoderHead:
    """Sigmoid outputs over the encoder's pooled features (the encoder stays frozen)."""

    def __init__(self, feats: EncoderFeatures, weights: np.ndarray, bias: np.ndarray, labels: Sequence[str]) -> None:
        self.feats, self.weights, self.bias, self.labels = feats, weights, bias, list(labels)

    def scores(self, texts: Sequence[str], **_: Any) -> list[dict[str, float]]:
        p = _sigmoid(self.feats(list(texts)) @ self.weights + self.bias)
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in p]

    def save(self, path: str | Path, encoder: str) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(p / "head.npz", weights=self.weights, bias=self.bias)
        (p / "head.json").write_text(json.dumps({"kind": "encoder", "encoder": encoder, "max_len": self.feats.max_len,
                                                 "labels": self.labels}), "utf-8")


def load_head(path: str | Path) -> NgramHead | BagHead | EncoderHead:
    """A head saved by :meth:`NgramHead.save`, :meth:`BagHead.save` or :meth:`EncoderHead.save` (the encoder
    path is relative to ``path``)."""
    p = Path(path)
    meta = json.loads((p / "head.json").read_text("utf-8"))
    data = np.load(p / "head.npz")
    if meta["kind"] == "bag":
        return BagHead(data["table"], data["weights"], data["bias"], meta["labels"], nmax=int(meta.get("nmax", 4)))
    w, b = data["weights"].astype(np.float32), data["bias"].astype(np.float32)
    if meta["kind"] == "ngram":
        return NgramHead(w, b, meta["labels"])
    return EncoderHead(EncoderFeatures((p / meta["encoder"]).resolve(), max_len=int(meta.get("max_len", 64))), w, b, meta["labels"])
