"""The word lists an operator edits (``triage/data/<name>.toml``: month_words, money_words, worker_words) and the
regular-expression alternation made of a list, shared by triage/months.py, money.py and workers.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load_words(name: str) -> dict:
    """The parsed ``triage/data/<name>.toml``."""
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def alternation(words: list[str]) -> str:
    """Plain words as one regex alternation, longest first (so 还被拖欠 wins over 还欠)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
