"""Exact-match rates of the extracted facts (workers, amount, months unpaid) on a file of phrasings.

    python -m evaluation.extraction eval/extraction/phrasings.jsonl [--half odd|even] [--errors] [--json]

One JSON object per line: ``id``, ``text``, the truth ``workers`` (int or null), ``amount_yuan`` (the owed
total, or null) and ``months_unpaid`` (or null), optional ``posted_at`` (resolves 去年10月至今) and ``form`` (what
the phrasing tests; errors are counted per form word). Null must stay null: a figure read where the truth
has none is a miss, as in ``wagewatch leads evaluate``. ``--half odd`` keeps the records whose id ends in an
odd number, ``--half even`` the others, so that one half can be worked on and the other kept unseen.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from records import read_jsonl
from triage.extract import extract_facts

FIELDS = ("workers", "amount_yuan", "months_unpaid")


def load(path: str | Path, half: str | None = None) -> list[dict[str, Any]]:
    """The records of a phrasings file (``half``: ``odd`` or ``even`` by the number the id ends in)."""
    good, bad = read_jsonl(str(path))
    if bad:
        raise SystemExit("\n".join(bad[:20]))
    records = [record for _number, record in good]
    if half:
        want = 1 if half == "odd" else 0
        records = [r for r in records if int(re.search(r"(\d+)$", str(r["id"])).group(1)) % 2 == want]
    return records


def _same(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(float(got) - float(want)) < 1e-6


def score(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per field: the share exact, and each miss (id, got, want, form, text)."""
    figures: dict[str, Any] = {"records": len(records)}
    errors: dict[str, list[dict[str, Any]]] = {field: [] for field in FIELDS}
    for record in records:
        facts = extract_facts(record["text"], record.get("posted_at")).as_dict()
        for field in FIELDS:
            if not _same(facts[field], record.get(field)):
                errors[field].append(
                    {"id": record["id"], "got": facts[field], "want": record.get(field),
                     "form": record.get("form", ""), "text": record["text"]}
                )  # fmt: skip
    for field in FIELDS:
        figures[field] = 1 - len(errors[field]) / max(1, len(records))
    figures["all_three"] = sum(
        all(record["id"] not in {e["id"] for e in errors[f]} for f in FIELDS) for record in records
    ) / max(1, len(records))
    figures["errors"] = errors
    return figures


def report(figures: dict[str, Any], show_errors: bool) -> str:
    n = figures["records"]
    lines = [f"{n} phrasings"]
    for field in FIELDS:
        missed = len(figures["errors"][field])
        lines.append(f"  {field:14} exact {figures[field]:6.1%}  ({n - missed}/{n})")
    lines.append(f"  {'all three':14} exact {figures['all_three']:6.1%}")
    if show_errors:
        for field in FIELDS:
            if not figures["errors"][field]:
                continue
            lines.append(f"\n{field} misses:")
            for e in figures["errors"][field]:
                lines.append(f"  {e['id']}: got {e['got']} want {e['want']} [{e['form']}] | {e['text'][:90]}")
        forms = Counter(
            word.strip()
            for field in FIELDS
            for e in figures["errors"][field]
            for word in re.split(r"[;,]", e["form"])
            if word.strip()
        )
        if forms:
            lines.append("\nmisses by form: " + ", ".join(f"{k} {v}" for k, v in forms.most_common(15)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.extraction", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file")
    parser.add_argument("--half", choices=("odd", "even"))
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = score(load(args.file, args.half))
    if args.json:
        shown = {k: v for k, v in figures.items() if k != "errors" or args.errors}
        print(json.dumps(shown, ensure_ascii=False, indent=1))
    else:
        print(report(figures, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
