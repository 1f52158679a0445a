"""Refresh the place names of the jieba user dictionary (``data/userdict.txt``) from triage's data.

The user dictionary is a snapshot: ``classifier/text.py`` segments with it and masks every name
tagged ``ns`` (a place says nothing about the label). Its hand-written head (Cantonese, labour
vocabulary) is kept as it is; the place block below ``PLACES_MARK`` is rewritten from
``triage/data/gazetteer.tsv`` (every 镇街, alias, 村/社区, park, road and landmark) and
``triage/data/out_of_area.txt`` (other cities and districts), read as data files (the classifier
imports nothing from triage). Tags:

- ``nz`` for signature industries (产业): they stay visible to the models;
- ``nsx`` for two-character short forms of villages and communities (烟洲, 民主, 彩虹): often an
  ordinary word too, so they are segmented but not masked;
- ``ns`` for everything else (masked); a name already in the file keeps the tag it had.

Run ``python -m classifier.userdict`` after the gazetteer changes, then retrain the models (the
segmentation and the masking change what they read).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from classifier.text import USERDICT, read_userdict

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "triage" / "data" / "gazetteer.tsv"
OUT_OF_AREA = ROOT / "triage" / "data" / "out_of_area.txt"
PLACES_MARK = "# ---- places"
SHORT_FORM_KINDS = ("村", "社区")


def gazetteer_rows(path: Path = GAZETTEER) -> list[tuple[str, str]]:
    """(name, kind) of every gazetteer row, in file order."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.reader(stream, delimiter="\t") if r and not r[0].startswith("#")]
    return [(r[0].strip(), r[2].strip()) for r in rows if r[0] != "name" and len(r) >= 3 and r[0].strip()]


def out_of_area_names(path: Path = OUT_OF_AREA) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def place_tag(name: str, kind: str) -> str:
    """The tag of a gazetteer name that is not in the dictionary yet."""
    if kind == "产业":
        return "nz"
    if kind in SHORT_FORM_KINDS and not name.endswith(SHORT_FORM_KINDS) and len(name) <= 2:
        return "nsx"
    return "ns"


def refreshed(
    userdict: Path = USERDICT, gazetteer: Path = GAZETTEER, out_of_area: Path = OUT_OF_AREA
) -> tuple[str, int]:
    """The new text of the user dictionary and how many names it adds."""
    lines = userdict.read_text(encoding="utf-8").splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith(PLACES_MARK)), len(lines))
    head = lines[:cut]
    old = {word: tag for word, _freq, tag in read_userdict(userdict)}
    head_words = {word for word, _freq, _tag in _rows(head)}
    places: dict[str, str] = {}
    for name, kind in gazetteer_rows(gazetteer):
        if len(name) >= 2 and name not in head_words:
            places.setdefault(name, old.get(name) or place_tag(name, kind))
    elsewhere: dict[str, str] = {}
    for name in out_of_area_names(out_of_area):
        if len(name) >= 2 and name not in head_words and name not in places:
            elsewhere.setdefault(name, old.get(name) or "ns")
    # names of the old place block that neither file lists any more (中山, 中山市 …) are kept
    kept = {
        w: t for w, t in old.items() if w not in head_words and w not in places and w not in elsewhere and t
    }
    added = len(set(places) | set(elsewhere)) - len((set(places) | set(elsewhere)) & set(old))
    body = [
        *head,
        f"{PLACES_MARK}: the 23 镇街, their aliases, every 村/社区, parks, roads and landmarks",
        "# ---- (triage/data/gazetteer.tsv) and signature industries (nz); written by",
        "# ---- `python -m classifier.userdict`: edit the gazetteer, not this block",
        *(f"{w} {t}" for w, t in places.items()),
        *(f"{w} {t}" for w, t in kept.items()),
        "# ---- places outside Zhongshan (triage/data/out_of_area.txt)",
        *(f"{w} {t}" for w, t in elsewhere.items()),
    ]
    return "\n".join(body) + "\n", added


def _rows(lines: list[str]) -> list[tuple[str, int | None, str | None]]:
    out = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            parts = line.split()
            out.append((parts[0], None, parts[-1] if len(parts) > 1 else None))
    return out


def main(argv: list[str] | None = None) -> int:
    text, added = refreshed()
    USERDICT.write_text(text, encoding="utf-8")
    print(f"wrote {USERDICT}: {added} new place name(s); retrain the models (tokenisation changed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
