"""A long post read in windows of whole sentences (the ``fast`` model's ``window_chars``; #11): a complaint buried
after greetings and background is read in a window of its own, not only averaged into the whole text."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")


def windows(text: str, size: int) -> list[tuple[int, str]]:
    """(start, window) pieces of ``text``: from each sentence on, whole sentences until the piece
    has at least ``size`` characters (the last pieces may be shorter); repeats dropped.

    >>> windows("第一句。第二句话。第三句。", 6)
    [(0, '第一句。第二句话。'), (4, '第二句话。第三句。'), (9, '第三句。')]
    """
    sentences, position = [], 0
    for piece in SENTENCE_END.split(text):
        if piece.strip():
            sentences.append((position, position + len(piece)))
        position += len(piece)
    out, seen = [], set()
    for i, (start, end) in enumerate(sentences):
        for _, end in sentences[i:]:
            if end - start >= size:
                break
        if (start, end) not in seen:
            seen.add((start, end))
            out.append((start, text[start:end]))
    return out
