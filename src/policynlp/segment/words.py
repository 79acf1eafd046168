"""Word segmentation with a private ``jieba.Tokenizer`` and the policy dictionary.

>>> seg = WordSegmenter()
>>> "数商兴农" in seg.lcut("深入实施数商兴农工程")
True
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from typing import Any


class WordSegmenter:
    """Owns one ``jieba.Tokenizer`` loaded with the policy dictionary; built lazily."""

    def __init__(self, *, user_dict: str | None = None) -> None:
        self._user_dict = user_dict
        self._tok: Any = None
        self._lock = threading.Lock()

    def _tokenizer(self) -> Any:
        if self._tok is None:
            with self._lock:
                if self._tok is None:
                    import jieba

                    logging.getLogger("jieba").setLevel(logging.WARNING)
                    tok = jieba.Tokenizer()
                    tok.initialize()
                    path = self._user_dict or str(resources.files("policynlp.resources").joinpath("policy_dict.txt"))
                    tok.load_userdict(path)
                    self._tok = tok
        return self._tok

    def lcut(self, text: str) -> list[str]:
        """Words of ``text`` (precise mode, HMM on)."""
        return list(self._tokenizer().lcut(text))

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """Words of ``text`` with their ``[start, end)`` offsets into ``text``."""
        return [(w, s, e) for w, s, e in self._tokenizer().tokenize(text)]
