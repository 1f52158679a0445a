"""The vocabulary ids of the word and word-pair features of many texts at once (the fast model's hot path, #12).

Each token is looked up once, in one dict (``Codes``), for one integer: -1 for a token that is no word (blank,
punctuation: ``text._is_word``), else its word feature's id (0: none) in the high 32 bits and its pair code in the
low ones (0: the word is in no pair feature; else a number of its own). A pair of words is then one integer, the
two codes side by side, looked up for a whole batch in a few vectorised steps (``grams.Table``), without making a
tuple or a string per pair. The ids come out in the order ``FastClassifier._word_ids`` gives them, text by text:
its words, then its pairs, then its skip-pairs; so the model's sums, and its logits, are the same to the bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from classifier.grams import Table
from classifier.text import _is_word

HALF = 32  # bits of the pair code; the word feature's id sits above them
LOW = (1 << HALF) - 1


class Codes(dict):
    """token → its code (above), the vocabulary's words filled in, any other token worked out on first sight and
    kept (past ``LIMIT`` such tokens, the kept ones are dropped and the vocabulary's filled in again)."""

    LIMIT = 1 << 17

    def __init__(self, known: Mapping[str, int]):
        super().__init__(known)
        self._known = known

    def __missing__(self, token: str) -> int:
        if len(self) > len(self._known) + self.LIMIT:
            self.clear()
            self.update(self._known)
        code = self[token] = 0 if _is_word(token) else -1
        return code


class WordIds:
    """Word, word-pair and skip-pair features → vocabulary ids, looked up a batch of texts at a time.

    ``kinds``: ``FastClassifier._kinds()``: ``"w"`` word → id, ``"B"`` and ``"S"`` (first, second) → id."""

    def __init__(self, kinds: Mapping[str, Mapping[Any, int]]):
        pair_code: dict[str, int] = {}
        for kind in ("B", "S"):
            for first, second in kinds[kind]:
                pair_code.setdefault(first, len(pair_code) + 1)
                pair_code.setdefault(second, len(pair_code) + 1)
        known: dict[str, int] = {}
        for word in {*kinds["w"], *pair_code}:
            # a token that is no word is never looked up (``_word_ids`` drops it first), whatever the vocabulary says
            known[word] = (kinds["w"].get(word, 0) << HALF) | pair_code.get(word, 0) if _is_word(word) else -1
        self.codes = Codes(known)
        self.tables = {
            kind: Table([((pair_code[a] << HALF) | pair_code[b], i) for (a, b), i in kinds[kind].items()])
            for kind in ("B", "S")
        }

    def parts(
        self, tokens: list[str], counts: Sequence[int], word_bigrams: bool, skip_window: int
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """(ids, sizes) of the words, then of the pairs if ``word_bigrams``, then of the skip-pairs of each gap up to
        ``skip_window``: ``tokens`` are the tokens of the texts one after another, ``counts[t]`` of them text
        ``t``'s; within a part, text ``t``'s ids are its ``sizes[t]`` in order (every id 1 or more), as
        ``grams.rows`` takes them."""
        n = len(counts)
        codes = np.fromiter(map(self.codes.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        text = np.repeat(np.arange(n), counts)
        words = codes >= 0
        codes, text = codes[words], text[words]
        ids = codes >> HALF
        found = ids != 0
        out = [(ids[found], np.bincount(text[found], minlength=n))]
        paired = (codes & LOW).astype(np.uint64)
        gaps = ([(1, "B")] if word_bigrams else []) + [(gap, "S") for gap in range(2, skip_window + 1)]
        for gap, kind in gaps:
            first, second = paired[:-gap], paired[gap:]
            at = text[:-gap]
            both = (at == text[gap:]) & (first != 0) & (second != 0)
            pair_ids = self.tables[kind].get((first[both] << np.uint64(HALF)) | second[both])
            found = pair_ids != 0
            out.append((pair_ids[found], np.bincount(at[both][found], minlength=n)))
        return out
