"""A linear model of a clause's function, learned from the real labeled set.

Features are hashed character n-grams (1–3) of the clause, the n-grams of its first six
characters marked as openings (为…, 当前…, 各省…：), its kind, its length bucket and whether it
holds a year or a number; with :func:`contexts`, also where it stands: the words of the heading
it sits under (保障措施, 发展目标, 法律责任 …), how the clause before it opens and ends, its place
in the document, and whether the document is a law cut into articles. A softmax layer over :data:`~policynlp.classify.structure.FUNCTIONS`
is trained with torch (``EmbeddingBag`` over the hashed ids) and applied with numpy, so tagging
needs no torch for it. The weights are ``models/clause-function/weights.npz``.

>>> m = FunctionModel.untrained(dim=64)
>>> m.proba(["加强组织领导。"], ["statement"]).shape
(1, 12)
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from policynlp.classify.model import HEADING_NUMBER
from policynlp.classify.structure import FUNCTIONS, is_law
from policynlp.errors import ModelError

_YEAR = re.compile(r"(19|20)\d\d年")
_NUM = re.compile(r"\d")
MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "clause-function"
GATE_DIR = Path(__file__).resolve().parents[3] / "models" / "clause-labelable"
GATE_CLASSES = ("none", "labeled")


class _Ids(dict[str, int]):
    """Feature name → hashed id for one ``dim``, remembered (a pure function: n-grams recur from clause
    to clause, and a dictionary lookup is several times cheaper than encoding and hashing again).
    Bounded: it starts afresh past :data:`_IDS_MAX` names."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim

    def __missing__(self, name: str) -> int:
        if len(self) >= _IDS_MAX:
            self.clear()
        v = self[name] = zlib.crc32(name.encode("utf-8")) % self.dim
        return v


_IDS_MAX = 1 << 19


@lru_cache(maxsize=8)
def _ids(dim: int) -> _Ids:
    return _Ids(dim)




def contexts(texts: Sequence[str], kinds: Sequence[str], sections: Sequence[str]) -> list[list[str]]:
    """Context feature names of each clause of one document (all in document order)."""
    n = len(texts)
    if len(sections) != n or len(kinds) != n:
        raise ValueError("contexts: texts, kinds and sections differ in length")
    law = is_law(texts)
    out: list[list[str]] = []
    for i, sec in enumerate(sections):
        parts = [p for p in sec.split(" > ") if p.strip()] if sec else []
        feats = [f"law={law}", f"pos={'first' if i == 0 else 'top' if i < 3 else 'end' if i >= n - 2 else 'mid'}",
                 f"rel={10 * i // max(1, n)}", f"depth={min(len(parts), 4)}"]
        if parts:
            head = HEADING_NUMBER.sub("", parts[-1].strip())[:12]
            feats.extend("S:" + head[j : j + 2] for j in range(max(0, len(head) - 1)))
            top = HEADING_NUMBER.sub("", parts[0].strip())[:8]
            feats.extend("T:" + top[j : j + 2] for j in range(max(0, len(top) - 1)))
        if i > 0:
            prev = texts[i - 1].strip()
            feats += [f"P^{prev[:2]}", f"Pk={kinds[i - 1]}", f"Pe={prev[-1:]}"]
        out.append(feats)
    return out


def features(text: str, kind: str, dim: int, context: Sequence[str] = ()) -> list[int]:
    """Hashed feature ids of one clause (simplified text), sorted and distinct, with its :func:`contexts` names when given."""
    _, own = own_ids([text], [kind], dim)
    ids = set(own.tolist())
    if context:
        ids.update(map(_ids(dim).__getitem__, context))
    return sorted(ids)


def _distinct(a: np.ndarray) -> np.ndarray:
    """The distinct values of ``a`` in ascending order (a sort, much faster here than ``np.unique``'s hashing)."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


# The character n-grams of all clauses are hashed at once, with numpy, to exactly the ids
# ``zlib.crc32(ngram.encode("utf-8")) % dim`` gives them one by one (the ids the shipped weights were
# trained on): CRC-32 reads a string a byte at a time through a 256-entry table, so the state after an
# n-gram's first characters is where its (n+1)-gram goes on from, and every position takes each step together.
# The table is zlib's own: one byte read from a zero register (zlib's start and end inversions undone).
_CRC_TABLE = np.array([zlib.crc32(bytes([i]), 0xFFFFFFFF) ^ 0xFFFFFFFF for i in range(256)], np.uint32)
_HEAD = 6  # the opening: n-grams within a clause's first six characters count again, marked with ^


def _crc_step(state: np.ndarray, data: np.ndarray, used: np.ndarray) -> np.ndarray:
    """The CRC-32 states after reading one more character (its UTF-8 bytes ``data``, ``used`` of them) each."""
    for j in range(4):
        nxt = _CRC_TABLE[(state ^ data[:, j]) & 0xFF] ^ (state >> 8)
        state = np.where(used > j, nxt, state)
    return state


def own_ids(texts: Sequence[str], kinds: Sequence[str], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """The hashed ids of each clause's own words and shape, as (row, id) pairs (rows index ``texts``;
    ids repeat where a clause repeats an n-gram): its kind, length bucket, year and number flags and
    last character by name, and its character 1–3-grams, those of its first six characters twice."""
    n = len(texts)
    if len(kinds) != n:
        raise ValueError("own_ids: texts and kinds differ in length")
    stripped = [t.strip() for t in texts]
    names = _ids(dim)
    shape = np.fromiter((names[f] for t, k in zip(stripped, kinds, strict=True)
                         for f in (f"k={k}", f"len={min(len(t) // 15, 8)}", f"year={bool(_YEAR.search(t))}",
                                   f"num={bool(_NUM.search(t))}", f"end={t[-1:]}")), np.int64, 5 * n)
    rows = [np.repeat(np.arange(n, dtype=np.int64), 5)]
    ids = [shape]
    lens = np.fromiter(map(len, stripped), np.int64, n)
    raw = np.frombuffer("".join(stripped).encode("utf-8"), np.uint8)
    first = np.flatnonzero((raw & 0xC0) != 0x80)  # where each character's UTF-8 bytes begin
    if len(first):
        used = np.diff(np.append(first, len(raw)))  # its bytes (1 to 4)
        data = raw[np.minimum(first[:, None] + np.arange(4), len(raw) - 1)].astype(np.uint32)  # unused ones masked by ``used``
        ends = np.cumsum(lens)
        row_of = np.repeat(np.arange(n, dtype=np.int64), lens)
        end_of = np.repeat(ends, lens)
        pos = np.arange(len(first), dtype=np.int64)
        head_end = np.minimum(end_of, np.repeat(ends - lens, lens) + _HEAD)
        caret = np.uint32(zlib.crc32(b"^") ^ 0xFFFFFFFF)  # the state after the opening mark
        for start, bound in ((np.uint32(0xFFFFFFFF), end_of), (caret, head_end)):
            at = pos[pos < bound]  # where each n-gram starts
            state = np.full(len(at), start, np.uint32)
            for order in range(1, 4):
                nxt = at + order - 1  # the character read at this step
                ok = nxt < bound[at]
                at, state, nxt = at[ok], state[ok], nxt[ok]
                state = _crc_step(state, data[nxt], used[nxt])
                rows.append(row_of[at])
                ids.append(((state ^ np.uint32(0xFFFFFFFF)) % np.uint32(dim)).astype(np.int64))
    return np.concatenate(rows), np.concatenate(ids)


@dataclass
class FunctionModel:
    """Softmax regression over hashed features."""

    weights: np.ndarray  # (dim, n_classes)
    bias: np.ndarray  # (n_classes,)
    classes: tuple[str, ...] = FUNCTIONS
    context: bool = False  # trained with :func:`contexts` features: give them at prediction too

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    @classmethod
    def untrained(cls, *, dim: int = 1 << 16) -> FunctionModel:
        return cls(np.zeros((dim, len(FUNCTIONS)), np.float32), np.zeros(len(FUNCTIONS), np.float32))

    def proba(self, texts: Sequence[str], kinds: Sequence[str], ctx: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Class probabilities, one row per clause (``ctx``: :func:`contexts` of each, used when the model has them)."""
        if not texts:
            return np.empty((0, len(self.classes)), np.float32)
        dim, n = self.dim, len(texts)
        own_rows, own = own_ids(texts, kinds, dim)
        parts, rows = [own], [own_rows]
        if self.context and ctx is not None:
            if len(ctx) != n:
                raise ValueError("proba: texts and ctx differ in length")
            ids = _ids(dim)
            parts.append(np.fromiter((ids[c] for cs in ctx for c in cs), np.int64))
            rows.append(np.repeat(np.arange(n, dtype=np.int64), [len(cs) for cs in ctx]))
        # each clause's distinct ids in ascending order (as :func:`features` gives them), all clauses at once:
        # one sort of row * dim + id, one gather of the weights and one sum per row (each row has its kind feature)
        key = _distinct(np.concatenate(rows) * dim + np.concatenate(parts))
        row = key // dim
        starts = np.searchsorted(row, np.arange(n, dtype=np.int64))
        z = np.add.reduceat(self.weights[key - row * dim], starts, axis=0) + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        out: np.ndarray = (z / z.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def save(self, path: str | Path) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(p / "weights.npz", weights=self.weights.astype(np.float16), bias=self.bias)
        (p / "classes.json").write_text(json.dumps(list(self.classes)), "utf-8")
        (p / "model.json").write_text(json.dumps({"context": self.context}), "utf-8")

    @classmethod
    def load(cls, path: str | Path = MODEL_DIR) -> FunctionModel | None:
        """The saved model, or None when there is none."""
        p = Path(path)
        if not (p / "weights.npz").is_file():
            return None
        try:
            data = np.load(p / "weights.npz")
            classes = tuple(json.loads((p / "classes.json").read_text("utf-8")))
            meta = json.loads((p / "model.json").read_text("utf-8")) if (p / "model.json").is_file() else {}
            weights, bias = data["weights"].astype(np.float32), data["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{p}: cannot load the model ({type(exc).__name__}: {exc})") from exc
        if weights.ndim != 2 or weights.shape[1] != len(classes) or bias.shape != (len(classes),):
            raise ModelError(f"{p}: weights {weights.shape} and bias {bias.shape} do not fit {len(classes)} classes")
        return cls(weights, bias, classes, bool(meta.get("context", False)))


def label_context(scores: Mapping[str, tuple[float, tuple[str, ...]]], *, floor: float = 0.3) -> list[str]:
    """Feature names of what the rules said about a clause: its best score (of any label) and the labels scoring ``floor``."""
    best = max((v[0] for v in scores.values()), default=0.0)
    return [f"rmax={min(int(best * 10), 10)}", *(f"rl={k}" for k, v in scores.items() if v[0] >= floor)]


def train_function_model(texts: Sequence[str], kinds: Sequence[str], labels: Sequence[str], *, dim: int = 1 << 16,
                         epochs: int = 30, lr: float = 0.5, weight_decay: float = 1e-4, seed: int = 13,
                         ctx: Sequence[Sequence[str]] | None = None, classes: Sequence[str] = FUNCTIONS) -> FunctionModel:
    """Fit the softmax layer (full-batch Adam on hashed features) over ``classes`` (the functions by default)."""
    import torch

    torch.manual_seed(seed)
    classes = tuple(classes)
    ids = [features(t, k, dim, c) for t, k, c in zip(texts, kinds, ctx or [()] * len(texts), strict=True)]
    flat = torch.tensor([i for row in ids for i in row], dtype=torch.long)
    offsets = torch.tensor([0, *np.cumsum([len(r) for r in ids])[:-1].tolist()], dtype=torch.long)
    y = torch.tensor([classes.index(lab) for lab in labels], dtype=torch.long)
    bag = torch.nn.EmbeddingBag(dim, len(classes), mode="sum")
    torch.nn.init.zeros_(bag.weight)
    bias = torch.nn.Parameter(torch.zeros(len(classes)))
    # rarer functions weigh more, so that 'task' does not swallow them
    counts = torch.bincount(y, minlength=len(classes)).float().clamp(min=1)
    loss_fn = torch.nn.CrossEntropyLoss(weight=(counts.sum() / counts / len(classes)).clamp(max=10.0))
    opt = torch.optim.Adam([*bag.parameters(), bias], lr=lr * 0.1, weight_decay=weight_decay)
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(bag(flat, offsets) + bias, y)
        loss.backward()
        opt.step()
    return FunctionModel(bag.weight.detach().numpy().astype(np.float32), bias.detach().numpy().astype(np.float32), classes,
                         ctx is not None)


def train_gate_model(texts: Sequence[str], kinds: Sequence[str], labeled: Sequence[bool], ctx: Sequence[Sequence[str]], *,
                     dim: int = 1 << 16, epochs: int = 150, lr: float = 0.05, weight_decay: float = 1e-4, seed: int = 13) -> FunctionModel:
    """Fit a logistic "carries a label" model (classes :data:`GATE_CLASSES`); positives weigh as much as negatives."""
    import torch

    torch.manual_seed(seed)
    ids = [features(t, k, dim, c) for t, k, c in zip(texts, kinds, ctx, strict=True)]
    flat = torch.tensor([i for row in ids for i in row], dtype=torch.long)
    offsets = torch.tensor([0, *np.cumsum([len(r) for r in ids])[:-1].tolist()], dtype=torch.long)
    y = torch.tensor([1.0 if x else 0.0 for x in labeled])
    bag = torch.nn.EmbeddingBag(dim, 1, mode="sum")
    torch.nn.init.zeros_(bag.weight)
    bias = torch.nn.Parameter(torch.zeros(1))
    pos = y.sum().clamp(min=1.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(y) - pos) / pos).clamp(max=20.0))
    opt = torch.optim.Adam([*bag.parameters(), bias], lr=lr, weight_decay=weight_decay)
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn((bag(flat, offsets) + bias).squeeze(1), y)
        loss.backward()
        opt.step()
    w = bag.weight.detach().numpy().astype(np.float32)
    # softmax over (0, z) is the sigmoid of z
    return FunctionModel(np.concatenate([np.zeros_like(w), w], axis=1), np.array([0.0, float(bias.detach()[0])], np.float32),
                         GATE_CLASSES, True)
