"""Our jieba tokenizer's dictionary (jieba's own words with the domain user dictionary added) kept on disk in a
form quick to read back, as jieba keeps its own (#12).

jieba's cache is its prefix dictionary marshalled as one dict: reading it back makes 500,000 strings and
numbers one by one, ~0.9 s of CPU at every start of a command that segments text, before the ~1,000 user
words are added. Here the words are one string (split in C) and the frequencies one block of 64-bit integers:
the same dictionary, the same total, in ~0.25 s. The file is named by a checksum of jieba's dictionary, our
user dictionary and jieba's version, so a changed word list is never read from a stale file; it lives in
``$WAGEWATCH_CACHE`` (else the temporary directory, as jieba's), is written atomically and is read only when
this user owns it. Any trouble reading or writing it and the dictionary is built as before.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from array import array
from pathlib import Path

import jieba

log = logging.getLogger("wagewatch.classifier")
FORMAT = 1  # bump when what is stored changes


def cache_file(userdict: Path | None) -> Path | None:
    """Where the dictionary built with ``userdict`` (None: jieba's alone) is kept (None: jieba's dictionary
    file is not found)."""
    source = Path(jieba.__file__).parent / "dict.txt"
    try:
        digest = hashlib.sha1(f"{FORMAT} {jieba.__version__}\n".encode())
        digest.update(source.read_bytes())
        digest.update(b"\0" + (userdict.read_bytes() if userdict and userdict.exists() else b""))
    except OSError:
        return None
    folder = os.environ.get("WAGEWATCH_CACHE") or tempfile.gettempdir()
    return Path(folder) / f"wagewatch-jieba-{digest.hexdigest()[:16]}.cache"


def load(path: Path | None) -> tuple[dict[str, int], int] | None:
    """(the prefix dictionary, its total) from ``path``, or None when it is missing or unreadable."""
    if path is None or not path.is_file():
        return None
    try:
        if (
            hasattr(os, "getuid") and path.stat().st_uid != os.getuid()
        ):  # a shared temporary directory: ours only
            return None
        with path.open("rb") as stream:
            words, freqs, total = marshal.load(stream)
        counts = array("q")
        counts.frombytes(freqs)
        names = words.split("\n")
        if len(names) != len(counts):
            return None
        return dict(zip(names, counts.tolist(), strict=True)), total
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.info("jieba dictionary cache %s unreadable (%s); building it again", path, exc)
        return None


def save(path: Path | None, freq: dict[str, int], total: int) -> None:
    """Keep ``freq`` and ``total`` in ``path`` (atomically; nothing happens when it cannot be written)."""
    if path is None or any("\n" in word for word in freq):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = ("\n".join(freq), array("q", freq.values()).tobytes(), total)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            marshal.dump(body, stream)
        os.replace(temporary, path)
    except (OSError, OverflowError) as exc:
        log.info("jieba dictionary cache %s not written (%s)", path, exc)
