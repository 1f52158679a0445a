"""Labelled real-text files added to the training data, as ``data/training.toml`` lists them.

An operator who holds labelled real posts (the JSONL of ``wagewatch classifier evaluate --file``:
id, text, label, hard_negative, lang ...) can train on them by naming the file and a loss weight under
``real_text`` in ``data/training.toml``. ``load_real_text`` reads them for ``train_model``:

* a file under one of the ``blind`` folders of the same file is refused: a blind set that was trained
  on can no longer measure anything;
* a post whose text repeats (near-duplicate, ``classifier.data.near_duplicates``) a post of ``held_out``
  (the dev and test splits and the fresh holdout) is left out, so no figure read on those is inflated;
* ids are prefixed with the file's name, so that two sets may reuse an id.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from classifier.data import Example, labelled_records, near_duplicates

log = logging.getLogger("wagewatch.classifier.realtext")
ROOT = Path(__file__).resolve().parent.parent
TRAINING_FILE = Path(__file__).parent / "data" / "training.toml"


def _settings(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: training settings missing (restore it from git)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None


def real_text_setting(path: Path | None = None) -> list[dict[str, Any]]:
    """The ``real_text`` list of ``training.toml``: ``[{"path": ..., "weight": ...}, ...]`` (none if
    the key is missing); raises on an entry without a path or with a weight that is not a number >= 0,
    and on a file under a ``blind`` folder."""
    path = path or TRAINING_FILE
    entries = _settings(path).get("real_text", [])
    blind = blind_setting(path)
    if not isinstance(entries, list):
        raise ValueError(f"{path}: real_text must be a list of {{ path = ..., weight = ... }}")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ValueError(f"{path}: every real_text entry needs a path, got {entry!r}")
        weight = entry.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise ValueError(f"{path}: real_text weight must be a number >= 0, got {weight!r}")
        check_not_blind(entry["path"], blind)
        out.append({"path": entry["path"], "weight": float(weight)})
    return out


def blind_setting(path: Path | None = None) -> list[str]:
    """The ``blind`` folders of ``training.toml``: real-text sets that must never be trained on."""
    path = path or TRAINING_FILE
    blind = _settings(path).get("blind", [])
    if not isinstance(blind, list) or not all(isinstance(b, str) for b in blind):
        raise ValueError(f"{path}: blind must be a list of folder paths")
    return blind


def _resolve(name: str) -> Path:
    path = Path(name)
    return (path if path.is_absolute() else ROOT / path).resolve()


def check_not_blind(name: str, blind: Sequence[str]) -> None:
    """Raise if the file ``name`` lies under one of the ``blind`` folders."""
    path = _resolve(name)
    for folder in blind:
        if path.is_relative_to(_resolve(folder)):
            raise ValueError(f"{name} lies in the blind set {folder}: it may never be trained on")


def read_real_text(path: Path, prefix: str) -> list[Example]:
    """The posts of one labelled JSONL file as training examples; raises on a bad line."""
    examples = []
    for number, record in labelled_records(path):
        ident = f"{prefix}:{record.get('id', number)}"
        text = record["text"]
        if record.get("title") and record["title"] not in text:
            text = f"{record['title']}\n{text}"
        examples.append(
            Example(
                id=ident,
                text=text,
                label=record["label"],
                story=f"{prefix}:{record.get('case') or record.get('id', number)}",
                kind=record.get("platform"),
                lang=record.get("lang"),
                hard_negative=bool(record.get("hard_negative")) and record["label"] != "wage_arrears",
                neg_type=record.get("neg_type"),
                district=record.get("district"),
                source="real_text",
            )
        )
    return examples


def load_real_text(
    entries: Sequence[dict[str, Any]],
    held_out: Sequence[Example] = (),
    blind: Sequence[str] | None = None,
) -> tuple[list[Example], list[float]]:
    """The examples of every ``entries`` file and their loss weights, less the near-duplicates of
    ``held_out``; refuses a file under a ``blind`` folder (``training.toml``'s when not given)."""
    blind = blind_setting() if blind is None else blind
    examples: list[Example] = []
    weights: list[float] = []
    for entry in entries:
        check_not_blind(entry["path"], blind)
        path = _resolve(entry["path"])
        if not path.exists():
            raise FileNotFoundError(f"real_text file {entry['path']} not found")
        prefix = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        found = read_real_text(path, prefix)
        examples += found
        weights += [float(entry.get("weight", 1.0))] * len(found)
    if not examples or not held_out:
        return examples, weights
    texts = [e.text for e in examples] + [e.text for e in held_out]
    n = len(examples)  # pairs (i, j) have i < j: a real post first, a held-out one second
    repeats = {i for i, j in near_duplicates(texts) if i < n <= j}
    if repeats:
        log.info("real_text: %d post(s) repeat a dev/test/holdout post and are left out", len(repeats))
    keep = [i for i in range(len(examples)) if i not in repeats]
    return [examples[i] for i in keep], [weights[i] for i in keep]
