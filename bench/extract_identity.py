"""Extraction's outputs before and after a speed change, and its CPU per post (#12).

    python bench/extract_identity.py --save /tmp/before.json     # every result, on the code as it is
    python bench/extract_identity.py --check /tmp/before.json    # the same texts again: any difference?
    python bench/extract_identity.py --cpu                       # CPU of extract_facts, best of 3

The texts: every post of the development sets (eval/realworld, -b … -f; never the blind -g), the
phrasings of eval/extraction, the labelled corpus, the holdout, the demo, and 5,000 bench posts
(``bench/analyze.py``'s varied posts). Each goes through ``extract_facts`` and ``triage_post``; the
results are compared in full (every field, as JSON).

Last measured (2026-12-07 12:40 UTC, h-sp12c against its base 5ac5d29, load 1.3–2.4, three alternating pairs, each
the best of 3): 2.78–2.79 s before (0.195 ms a post), 2.13–2.22 s after (0.150 ms; 0.77–0.80×); callgrind over every
5th text 2.21 → 1.77 M instructions a post (0.80×); all 14,221 results identical. (Before: h-sp10c, 06:30 UTC,
0.279–0.306 → 0.192–0.239 ms a post, load 7–8.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # (after the root: bench/triage.py is no package)

SETS = ["realworld", "realworld-b", "realworld-c", "realworld-d", "realworld-e", "realworld-f"]


def posts() -> list[dict]:
    """(no eval/realworld-g or -h: the blind sets)"""
    files = [ROOT / "eval" / name / "posts.jsonl" for name in SETS]
    files += sorted((ROOT / "eval" / "extraction").glob("*.jsonl"))
    files += sorted((ROOT / "classifier" / "data" / "corpus").glob("part_*.jsonl"))
    files += [
        ROOT / "classifier" / "data" / "holdout" / "posts.jsonl",
        ROOT / "demo" / "data" / "posts.jsonl",
    ]
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                post = json.loads(line)
                found.append(
                    {"text": post["text"], "posted_at": post.get("posted_at"), "region": post.get("region")}
                )
    from analyze import varied_posts

    return found + varied_posts(5000)


def results(items: list[dict]) -> list[str]:
    from triage.analyze import triage_post
    from triage.extract import extract_facts

    out = []
    for post in items:
        facts = extract_facts(post["text"], post.get("posted_at")).as_dict()
        analysis = triage_post(post, "wage_arrears")
        out.append(json.dumps([facts, analysis], ensure_ascii=False, sort_keys=True, default=str))
    return out


def cpu(items: list[dict], rounds: int = 3) -> float:
    """Best CPU seconds of ``extract_facts`` over all the texts (after one warm-up pass)."""
    from triage.extract import extract_facts

    texts = [(post["text"], post.get("posted_at")) for post in items]
    for text, at in texts:
        extract_facts(text, at)
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for text, at in texts:
            extract_facts(text, at)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save")
    parser.add_argument("--check")
    parser.add_argument("--cpu", action="store_true")
    args = parser.parse_args()
    items = posts()
    if args.save:
        Path(args.save).write_text(json.dumps(results(items), ensure_ascii=False), encoding="utf-8")
        print(f"saved {len(items)} results to {args.save}")
    if args.check:
        before = json.loads(Path(args.check).read_text(encoding="utf-8"))
        after = results(items)
        differ = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        print(f"{len(items)} posts, {len(differ)} differ")
        for i in differ[:10]:
            print(items[i]["text"][:80], "\n  before", before[i][:400], "\n  after ", after[i][:400])
        if differ:
            sys.exit(1)
    if args.cpu:
        seconds = cpu(items)
        print(
            f"extract_facts: {seconds:.3f} s CPU over {len(items)} posts, {seconds / len(items) * 1000:.4f} ms/post"
        )


if __name__ == "__main__":
    main()
