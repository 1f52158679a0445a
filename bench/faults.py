"""The fault table (#13): run every fault test (``pytest -m fault``: tests/faults/ and the mail tests)
and print, for every fault caused, how many runs, what was lost, what was doubled and the message the
user saw.

    python bench/faults.py [-k EXPR]

Every row comes from a test that caused the fault for real (kill -9 at seeded random points, a full
disk on a small tmpfs, damaged and foreign database files, hostile text …) and compared the result
with an uninterrupted run; the tests themselves fail on any loss or doubling, so a clean run prints
0 / 0 everywhere. Exit status: pytest's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", help="only the fault tests matching this pytest expression")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "faults.jsonl"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "fault",
            str(ROOT / "tests"),
        ]
        if args.k:
            command += ["-k", args.k]
        status = subprocess.run(
            command, cwd=ROOT, env={**os.environ, "WAGEWATCH_FAULT_REPORT": str(report)}
        ).returncode
        rows = (
            [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
            if report.exists()
            else []
        )
    width = max([len(r["fault"]) for r in rows] + [5])
    print(f"\n{'fault':{width}}  runs  lost  doubled  message shown")
    for r in rows:
        print(f"{r['fault']:{width}}  {r['runs']:4d}  {r['lost']:4d}  {r['doubled']:7d}  {r['message']}")
    print(f"{len(rows)} fault(s); pytest exit status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
