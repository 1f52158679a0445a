"""The fast model's explanation, quicker (#12): which jieba words of a post pushed it towards its label.

The model is linear in the averaged feature embeddings, so each feature's margin (its push towards the label less
its push towards the runner-up) is spread over the characters it covers, and the words whose characters gather the
most are named (``FastClassifier.explain``). Done feature by feature and character by character in Python, and for
every post's features with their strings and spans (``fast.features(..., spans=True)``), that cost a ``process``
pass three times the prediction itself. Here:

- ``spans_of`` finds the vocabulary ids of a text's features with the characters each covers without making a
  feature's string (the vocabulary by kind on the bare word, pair or n-gram, as the quick prediction finds them),
  in ``features``'s order;
- ``char_scores`` adds the shares with ``numpy.add.at``, which adds in the order given: each character gets the
  same shares in the same order as the Python loop gave it, so the same sums to the bit, and the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np

from classifier.grams import GramIds
from classifier.text import _is_word, tokenizer


@dataclass(frozen=True)
class Spans:
    """The features of one text that are in the vocabulary: ``ids`` with the characters each covers
    (``starts``, ``ends``; the length feature, which covers none, left out), ``known`` every id in ``features``'s
    order (the length feature's too: what the pooling counts) and ``words`` the jieba words (word, start, end)."""

    ids: list[int]
    starts: list[int]
    ends: list[int]
    known: list[int]
    words: list[tuple[str, int, int]]


def from_features(text: str, spans: Sequence[tuple[str, int, int]], index: dict[str, int]) -> Spans:
    """``Spans`` from ``features(text, spans=True)`` (feature strings with their spans)."""
    ids, starts, ends, known = [], [], [], []
    for feature, start, end in spans:
        i = index.get(feature)
        if i is None:
            continue
        known.append(i)
        if end > start:
            ids.append(i)
            starts.append(start)
            ends.append(end)
    words = [(text[s:e], s, e) for f, s, e in spans if f.startswith("w:")]
    return Spans(ids, starts, ends, known, words)


def spans_of(
    text: str,
    folded: str,
    config: Any,
    by_kind: dict[str, dict[Any, int]],
    length_id: int | None,
    ngrams: dict[int, tuple[list[int], list[int]]] | None = None,
) -> Spans:
    """``from_features(text, features(text, config, spans=True), index)`` found without the feature strings:
    ``folded`` is ``text`` with its digits folded, ``by_kind`` the vocabulary by kind (``FastClassifier._kinds``),
    ``length_id`` the id of the text's length feature (None: not in the vocabulary); ``ngrams``: its n-grams'
    ids and starts by size when they were looked up already (``GramIds.found_in``, for a batch of texts)."""
    tokens = tokenizer().words(folded)  # (jieba's tokenize: each word from where the one before ends)
    ends = list(accumulate(map(len, tokens)))
    spans = [(word, end - len(word), end) for word, end in zip(tokens, ends, strict=True) if _is_word(word)]
    triples: list[tuple[int | None, int, int]] = [(by_kind["w"].get(w), s, e) for w, s, e in spans]
    if config.word_bigrams:
        get = by_kind["B"].get
        triples += [(get((a, b)), s, e) for (a, s, _), (b, _, e) in zip(spans, spans[1:], strict=False)]
    get = by_kind["S"].get
    for gap in range(2, config.skip_window + 1):
        triples += [(get((a, b)), s, e) for (a, s, _), (b, _, e) in zip(spans, spans[gap:], strict=False)]
    found = [t for t in triples if t[0] is not None]
    get = by_kind["c"].get  # (an n-gram holding a space is no feature, and never in the vocabulary)
    for n in config.ngrams:
        if ngrams is not None:
            ids, starts = ngrams[n]
            found += zip(ids, starts, [start + n for start in starts], strict=True)
        else:
            found += [t for i in range(len(folded) - n + 1) if (t := (get(folded[i : i + n]), i, i + n))[0]]
    ids, starts, stops = (list(column) for column in zip(*found, strict=True)) if found else ([], [], [])
    known = ids + [length_id] if length_id is not None else list(ids)
    words = [(text[s:e], s, e) for _w, s, e in spans]
    return Spans(ids, starts, stops, known, words)


def find_ngrams(grams: GramIds, folded: Sequence[str], sizes: Sequence[int]) -> dict[str, dict[int, Any]]:
    """Digit-folded text → n-gram size → (ids, starts) of its n-grams in the vocabulary (``spans_of``'s
    ``ngrams``), looked up for all ``folded`` at once."""
    found = [grams.found_in(folded, n) for n in sizes]
    return {text: dict(zip(sizes, each, strict=True)) for text, *each in zip(folded, *found, strict=True)}


def char_scores(size: int, views: Sequence[tuple[int, Spans, float]], margins: np.ndarray) -> list[float]:
    """Each of ``size`` characters' share of the margins: for each view (offset, spans, scale), in order, each
    feature's ``scale * margin / characters`` added to each character it covers, feature after feature (as
    ``for c in range(offset + start, offset + end): score[c] += share``, the same sums)."""
    scores = np.zeros(size, dtype=np.float64)
    for offset, spans, scale in views:
        if not spans.ids:
            continue
        starts = np.asarray(spans.starts, dtype=np.int64)
        widths = np.asarray(spans.ends, dtype=np.int64) - starts
        shares = scale * margins[spans.ids] / widths
        # the characters of feature k: starts[k] + offset, …, ends[k] + offset - 1, the features one after another
        firsts = np.cumsum(widths) - widths
        chars = np.arange(int(widths.sum()), dtype=np.int64) + np.repeat(starts + offset - firsts, widths)
        np.add.at(scores, chars, np.repeat(shares, widths))
    return scores.tolist()
