"""镇街 accuracy of ``triage.districts.assign_district`` alone on a file of short place sentences.

    python -m evaluation.places triage/data/eval/places-real.jsonl [--errors] [--json]

One JSON object per line: ``id``, ``text``, the truth ``district`` (a canonical 镇街, ``out_of_area``, or null for
no usable place), optional ``region`` (Weibo's 发布于) and ``kind`` (what the sentence tests). The figure is the
share of sentences whose answer equals the truth, overall and by the truth's group (a 镇街 of Zhongshan,
elsewhere, none), as ``wagewatch leads evaluate`` counts its district figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from records import read_jsonl
from triage.districts import OUT_OF_AREA, assign_district


def load(path: str | Path) -> list[dict[str, Any]]:
    good, bad = read_jsonl(str(path))
    if bad:
        raise SystemExit("\n".join(bad[:20]))
    return [record for _number, record in good]


def _group(district: str | None) -> str:
    if district is None:
        return "none"
    return "elsewhere" if district == OUT_OF_AREA else "zhongshan"


def score(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The share right, overall and per group, and each miss (id, got, want, kind, reason, text)."""
    right: Counter = Counter()
    seen: Counter = Counter()
    errors = []
    for record in records:
        got = assign_district(record["text"], record.get("region"))
        want = record.get("district")
        group = _group(want)
        seen[group] += 1
        if got.name == want:
            right[group] += 1
        else:
            errors.append(
                {"id": record["id"], "got": got.name, "want": want, "kind": record.get("kind", ""),
                 "reason": got.reason, "text": record["text"]}
            )  # fmt: skip
    figures: dict[str, Any] = {
        "records": len(records),
        "district": sum(right.values()) / max(1, len(records)),
        **{f"district_{g}": right[g] / seen[g] for g in ("zhongshan", "elsewhere", "none") if seen[g]},
        **{f"records_{g}": seen[g] for g in ("zhongshan", "elsewhere", "none")},
    }
    return {"figures": figures, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.places", description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = score(load(args.file))
    figures = result["figures"]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{figures['records']} sentences: 镇街 {figures['district']:.1%}")
        for group in ("zhongshan", "elsewhere", "none"):
            if f"district_{group}" in figures:
                print(f"  {group:<10} {figures[f'district_{group}']:.1%} of {figures[f'records_{group}']}")
    if args.errors:
        for miss in result["errors"]:
            print(
                f"{miss['id']}\t{miss['got']}\t← {miss['want']}\t[{miss['kind']}]\t{miss['reason']}\t{miss['text']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
