"""A sentence-encoder similarity for align and diff: mean-pooled hidden states, cosine, best targets.

Reads a local encoder folder as ``policynlp pretrain`` (or ``train``) writes it: a Hugging Face
BERT checkpoint (``config.json`` + weights) with our character ``vocab.json``, or a checkpoint
with its own tokenizer files. Nothing is downloaded. Use it alone or joined to the bigrams::

    from policynlp.compare import BlendSimilarity, NgramSimilarity, align
    from policynlp.compare.encoder import EncoderSimilarity

    sim = BlendSimilarity(EncoderSimilarity("models/encoder"), NgramSimilarity(measure="containment"))
    align(local_docs, national, similarity=sim)

Cosines below 0 count as 0; each query keeps its ``top_k`` best targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policynlp.errors import ModelError

MAX_LEN = 128


class EncoderSimilarity:
    """Cosine similarity of mean-pooled encoder states (torch and transformers are needed)."""

    def __init__(self, path: str | Path, *, top_k: int = 10, batch_size: int = 32) -> None:
        self.path = Path(path)
        self.top_k = top_k
        self.batch_size = batch_size
        if not (self.path / "config.json").is_file():
            raise ModelError(f"{self.path}: no encoder here (config.json missing)")
        try:
            import torch
            from transformers import AutoModel

            self._torch = torch
            from policynlp.classify.model import load_tokenizer, quiet_loading

            with quiet_loading():
                self.model: Any = AutoModel.from_pretrained(str(self.path), local_files_only=True)
            self.model.eval()

            self.tok, self._hf_tok = load_tokenizer(self.path)
        except Exception as exc:
            raise ModelError(f"{self.path}: cannot load the encoder ({type(exc).__name__}: {exc})") from exc

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit-length mean-pooled vectors of ``texts`` (a numpy array, one row a text)."""
        import numpy as np

        torch = self._torch
        rows: list[Any] = []
        with torch.inference_mode():
            for k in range(0, len(texts), self.batch_size):
                batch = list(texts[k : k + self.batch_size])
                if self._hf_tok:
                    enc = self.tok(batch, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
                    ids, mask = enc["input_ids"], enc["attention_mask"]
                else:
                    raw_ids, raw_mask = self.tok.encode(batch, max_len=MAX_LEN)
                    ids, mask = torch.tensor(raw_ids), torch.tensor(raw_mask)
                states = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(states.dtype)
                pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)
                rows.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        width = int(self.model.config.hidden_size)
        return np.concatenate(rows) if rows else np.zeros((0, width), dtype=np.float32)

    def scores(self, queries: Sequence[str], targets: Sequence[str]) -> list[dict[int, float]]:
        """For each query, its ``top_k`` targets by cosine (at least 0, at most 1)."""
        import numpy as np

        if not queries or not targets:
            return [{} for _ in queries]
        sims = np.clip(self.embed(queries) @ self.embed(targets).T, 0.0, 1.0)
        k = min(self.top_k, len(targets))
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        return [{int(j): float(sims[i, j]) for j in row if sims[i, j] > 0} for i, row in enumerate(best)]
