"""The vocabulary ids of the character n-grams of many texts at once (the fast model's hot path, #12).

Each n-gram of up to three characters is one integer: its characters' code points (21 bits each)
side by side. The vocabulary's n-grams of each size are kept in an open-addressing hash table of
such keys (numpy arrays), and a batch of texts is looked up a few vectorised steps per size, never
making a string for an n-gram that is no feature. The ids come out in the order of the n-grams in
each text, as the feature strings would give them, so the model's sums, and its logits, are the
same to the bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

BITS = 21  # every code point fits (U+10FFFF < 2**21)
LONGEST = 3  # three 21-bit code points fit a 64-bit key, with its top bit clear
EMPTY = np.uint64(2**64 - 1)  # a free slot: no key has its top bit set
BMP = 1 << 16  # code points of the Basic Multilingual Plane
SPREAD = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the slot is the top bits of key × SPREAD


def _key(gram: str) -> int:
    key = 0
    for char in gram:
        key = (key << BITS) | ord(char)
    return key


class Table:
    """key → id, open addressing with linear probing, at most a quarter full."""

    def __init__(self, pairs: list[tuple[int, int]]):
        bits = max(4, (4 * len(pairs)).bit_length())
        self.shift, self.mask = np.uint64(64 - bits), (1 << bits) - 1
        self.keys = np.full(1 << bits, EMPTY, dtype=np.uint64)
        self.ids = np.zeros(1 << bits, dtype=np.int64)
        slots = self._slots(np.array([k for k, _ in pairs], dtype=np.uint64)).tolist()
        keys, ids = self.keys, self.ids
        for (key, i), slot in zip(pairs, slots, strict=True):
            while keys[slot] != EMPTY:
                slot = (slot + 1) & self.mask
            keys[slot], ids[slot] = key, i

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * SPREAD) >> self.shift).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The id of each key, 0 where it is not in the table."""
        out = np.zeros(len(keys), dtype=np.int64)
        slots = self._slots(keys)
        todo = np.arange(len(keys))
        while len(todo):
            held = self.keys[slots]
            hit = held == keys
            out[todo[hit]] = self.ids[slots[hit]]
            going = (held != EMPTY) & ~hit  # a slot taken by another key: look in the next
            todo, keys = todo[going], keys[going]
            slots = (slots[going] + 1) & self.mask
        return out


class GramIds:
    """n-gram (1 to 3 characters) → vocabulary id, looked up a batch of texts at a time."""

    def __init__(self, grams: Mapping[str, int]):
        by_size: dict[int, list[tuple[int, int]]] = {}
        for gram, i in grams.items():
            if 1 <= len(gram) <= LONGEST:
                by_size.setdefault(len(gram), []).append((_key(gram), i))
        self.sizes = {n: Table(pairs) for n, pairs in by_size.items()}
        # the single characters of the Basic Multilingual Plane by code point, looked up by indexing (#12)
        self.chars = np.zeros(BMP, dtype=np.int64)
        keys, ids = np.array(by_size.get(1, []), dtype=np.int64).reshape(-1, 2).T
        self.chars[keys[keys < BMP - 1]] = ids[keys < BMP - 1]

    @staticmethod
    def handles(ngrams: Sequence[int]) -> bool:
        return all(1 <= n <= LONGEST for n in ngrams)

    def _hits(self, texts: Sequence[str], n: int):
        """(ids of the n-grams found, where each starts in the joined text, the text it lies in, each text's start
        in the joined text) for the ``n``-grams of ``texts`` found in the vocabulary, in order; None when no
        ``n``-gram can be found. The texts are joined and looked up at once; an n-gram across two texts is never
        taken."""
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.concatenate(([0], np.cumsum(lengths)))
        table = self.sizes.get(n)
        total = int(starts[-1])
        if table is None or total < n:
            return None
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if n == 1:  # by code point; the characters past the plane's last (U+FFFF, kept free) in the table
            ids = self.chars[np.minimum(codes, BMP - 1)]
            if len(far := np.flatnonzero(codes >= BMP - 1)):
                ids[far] = table.get(codes[far].astype(np.uint64))
        else:
            codes = codes.astype(np.uint64)
            count = total - n + 1  # n-grams of the joined text
            keys = codes[:count].copy()
            for j in range(1, n):
                keys <<= np.uint64(BITS)
                keys |= codes[j : j + count]
            ids = table.get(keys)
        found = np.flatnonzero(ids)
        text = np.searchsorted(starts, found, side="right") - 1  # the text each n-gram starts in
        inside = found <= starts[text + 1] - n  # … and ends in
        found, text = found[inside], text[inside]
        return ids[found], found, text, starts

    def lookup(self, texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, ends): the ids of the ``n``-grams of ``texts`` found in the vocabulary, text after
        text, each text's in order; text ``t``'s are ``ids[ends[t - 1]:ends[t]]`` (``ends[-1]`` = 0).
        Every id is 1 or more (0 is ``<unk>``, no n-gram)."""
        hits = self._hits(texts, n)
        if hits is None:
            return np.zeros(0, dtype=np.int64), np.zeros(len(texts), dtype=np.int64)
        ids, _found, text, _starts = hits
        return ids, np.cumsum(np.bincount(text, minlength=len(texts)))

    def found_in(self, texts: Sequence[str], n: int) -> list[tuple[list[int], list[int]]]:
        """For each text, (ids, starts): the ids of its ``n``-grams found in the vocabulary and where each
        starts in it, in order (every id 1 or more); looked up for all the texts at once, as ``lookup``."""
        hits = self._hits(texts, n)
        if hits is None:
            return [([], []) for _ in texts]
        ids, found, text, starts = hits
        id_list, at_list = ids.tolist(), (found - starts[text]).tolist()
        out, first = [], 0
        for last in np.cumsum(np.bincount(text, minlength=len(texts))).tolist():
            out.append((id_list[first:last], at_list[first:last]))
            first = last
        return out


def rows(parts: Sequence[tuple[np.ndarray, np.ndarray]], count: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` rows made of parts, as EmbeddingBag input (flat ids, offsets): row ``t`` is part 0's
    values for row ``t``, then part 1's, …; each part is (values, sizes) with its values row after row,
    ``sizes[t]`` of them for row ``t``. A row with no value at all holds one 0 (``<unk>``)."""
    sizes = np.stack([size for _, size in parts]) if parts else np.zeros((0, count), dtype=np.int64)
    empty = (sizes.sum(0) == 0).astype(np.int64)
    parts = [*parts, (np.zeros(int(empty.sum()), dtype=np.int64), empty)]
    sizes = np.vstack([sizes, empty[None, :]])
    totals = sizes.sum(0)
    offsets = np.cumsum(totals) - totals
    before = np.cumsum(sizes, axis=0) - sizes  # where each part starts within its row
    flat = np.empty(int(totals.sum()), dtype=np.int64)
    for k, (values, size) in enumerate(parts):
        if len(values):
            row = np.repeat(np.arange(count), size)
            first = np.cumsum(size) - size  # where each row's values start among the part's
            flat[offsets[row] + before[k, row] + np.arange(len(values)) - first[row]] = values
    return flat, offsets
