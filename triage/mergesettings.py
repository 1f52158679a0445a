"""The constants of the merge decision (when a post is the same case as a lead), read from the
operator-editable ``data/merge.toml`` (or the file ``$WAGEWATCH_MERGE`` names) once, at start-up.

``triage.casefacts``, ``triage.casewords`` and ``triage.dedupe`` take their module constants from here
(``TERM_KEY_WEIGHT``, ``RETOLD_SAME_TOWN``, ``NEWEST`` …: the key in upper case). Every key must be in the
file with a number of the right kind; a missing, unknown or ill-typed key stops the start with the file and
the key named. ``apply`` puts other values in force in this process (``wagewatch leads tune`` tries
settings with it) and returns the ones it replaced.

    from triage import mergesettings
    mergesettings.load()["retold_same_town"]      # 1.0
"""

from __future__ import annotations

import importlib
import math
import os
import tomllib
from functools import cache
from pathlib import Path

DEFAULT = Path(__file__).parent / "data" / "merge.toml"
ENV = "WAGEWATCH_MERGE"
# section -> key -> kind (int: a count or days; float: a weight or score)
KEYS: dict[str, dict[str, type]] = {
    "index": {"term_key_weight": float, "strong_key_weight": float, "local_keys": int, "strong_keys": int,
              "lead_terms": int},
    "candidates": {"site_key_limit": int, "word_key_limit": int, "newest": int, "related_per_key": int,
                   "thread_per_key": int, "max_candidates": int, "near_dup_checks": int,
                   "near_dup_containment": float},
    "retold": {"retold_days": int, "named_days": int, "retold_same_town": float, "retold_loose": float, "long_terms": int,
               "long_extra": float, "name_weight": float, "name_bonus": float, "same_days_bonus": float,
               "brand_weight": float, "trade_word_share": float, "story_word_share": float, "workers_ratio": float,
               "crew_max": int, "household_max": int, "group_min": int, "count_margin": float, "count_slack": int, "place_days": int,
               "share_max": float, "district_weak": float},
    "figures": {"tight": float, "amount_close": float, "amount_loose": float, "workers_many": float,
                "workers_few": float, "workers_one": float, "months_same": float, "months_common": float,
                "sector_bonus": float, "trade_bonus": float, "action_bonus": float, "phase_bonus": float,
                "village_bonus": float, "exact_count_min": int, "specific_amount": float},
    "facts": {"facts_days": int, "facts_agree": int, "facts_only": float, "facts_only_three": float},
    "thin": {"thin_days": int, "thin_agree": int, "thin_word": float, "thin_word_days": int,
             "thin_facts_days": int},
    "words": {"max_terms": int, "max_chars": int, "common_df": int, "partial_min": float, "max_figures": int},
}  # fmt: skip
KIND = {key: kind for section in KEYS.values() for key, kind in section.items()}
SECTION = {key: name for name, section in KEYS.items() for key in section}
# the modules whose constants these are (a module that imports one from another holds its own copy)
MODULES = ("triage.casefacts", "triage.caseclash", "triage.caseretold", "triage.casefigures", "triage.casejudge", "triage.casewords", "triage.dedupe",
           "triage.wordkinds")  # fmt: skip


class MergeSettingsError(ValueError):
    """A merge settings file that cannot be used; the message names the file and the key."""


def path() -> Path:
    """The settings file in use: ``$WAGEWATCH_MERGE`` when set, else the shipped ``data/merge.toml``."""
    return Path(os.environ.get(ENV) or DEFAULT)


def load(where: Path | str | None = None) -> dict[str, int | float]:
    """The settings of ``where`` (default: ``path()``), checked: every key, each a number of its kind."""
    return dict(_load(Path(where) if where else path()))


@cache
def _load(where: Path) -> tuple[tuple[str, int | float], ...]:
    try:
        raw = tomllib.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MergeSettingsError(f"{where}: cannot read the merge settings ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise MergeSettingsError(f"{where}: not valid TOML: {exc}") from None
    values: dict[str, int | float] = {}
    for section, table in raw.items():
        if section not in KEYS or not isinstance(table, dict):
            raise MergeSettingsError(f"{where}: unknown section [{section}] (known: {', '.join(KEYS)})")
        for key, value in table.items():
            if key not in KEYS[section]:
                raise MergeSettingsError(f"{where}: unknown key {key!r} in [{section}]")
            values[key] = check(key, value, where)
    missing = [f"[{SECTION[k]}] {k}" for k in KIND if k not in values]
    if missing:
        raise MergeSettingsError(f"{where}: missing {', '.join(missing)}")
    return tuple(values.items())


def check(key: str, value, where: Path | str = "merge settings") -> int | float:
    """``value`` as the kind ``key`` takes, or an error naming both."""
    kind = KIND.get(key)
    if kind is None:
        raise MergeSettingsError(f"{where}: unknown key {key!r}")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or (kind is int and not float(value).is_integer()) or not math.isfinite(value) or value < 0:
        what = "a whole number" if kind is int else "a number"
        raise MergeSettingsError(f"{where}: [{SECTION[key]}] {key} must be {what} ≥ 0, got {value!r}")
    return kind(value)


def apply(values: dict[str, int | float]) -> dict[str, int | float]:
    """Put ``values`` (keys as in the file) in force in this process; returns the values they replaced, so
    that ``apply(previous)`` restores them."""
    previous = {}
    for key, value in values.items():
        value = check(key, value)
        for name in MODULES:
            module = importlib.import_module(name)
            if hasattr(module, key.upper()):
                previous.setdefault(key, getattr(module, key.upper()))
                setattr(module, key.upper(), value)
    return previous


def in_force() -> dict[str, int | float]:
    """The values this process decides with now (the file's, unless ``apply`` changed them)."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for key in KIND:
            if key not in found and hasattr(module, key.upper()):
                found[key] = getattr(module, key.upper())
    return found


def write(values: dict[str, int | float], where: Path | str | None = None) -> Path:
    """Store ``values`` in the settings file (default: ``path()``), changing only the numbers of their lines
    so that the comments stay; returns the file written."""
    import re

    target = Path(where) if where else path()
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    left = {k: check(k, v, target) for k, v in values.items()}
    for i, line in enumerate(lines):
        match = re.match(r"(\s*)([a-z_]+)(\s*=\s*)([^\s#]+)(.*)", line, re.S)
        if match and match.group(2) in left:
            value = left.pop(match.group(2))
            shown = str(value) if isinstance(value, int) else repr(round(value, 4))
            lines[i] = f"{match.group(1)}{match.group(2)}{match.group(3)}{shown}{match.group(5)}"
    if left:
        raise MergeSettingsError(f"{target}: no line for {', '.join(sorted(left))}")
    target.write_text("".join(lines), encoding="utf-8")
    _load.cache_clear()
    load(target)  # what was written reads back
    return target
