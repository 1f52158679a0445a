"""How much of ``analyze``'s judging could run in the workers against the leads as each batch found them? (#12)

    python bench/batch_staleness.py 20000            # the configured batch size (200)
    BS=50 python bench/batch_staleness.py 20000      # another batch size

The storing half (serial, in the parent) bounds ``analyze`` and a pass; judging a post against its candidate leads
is about half of it. If the workers judged each post against the leads as they stood when its batch began, the parent
would only have to judge again against the candidates created or changed earlier in the same batch. This counts, over
the bench posts (``bench/analyze.py``), the candidate leads handed to the judging (``lead_facts_for_keys``: the
same-case path; ``lead_facts``: the near-duplicate path) and how many of them an earlier post of the same batch had
created or changed (its facts, keys, posts or a merge). An estimate for planning: nothing here changes the pipeline;
the storing half is replayed with its lookups watched (the output is checked equal to a plain run).

Measured 2026-12-07 (main after round 15, 20,000 posts, 10,397 lead posts): batch 200 (the default) 35.7 % of the
230,599 same-case candidates were created or changed earlier in their batch (near-duplicate path 3.3 %); batch 50:
17.7 % (0.9 %).
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import config  # noqa: E402
import pipeline  # noqa: E402
import storage  # noqa: E402
from bench.analyze import Recorder, Replay, varied_posts  # noqa: E402
from preparing import Preparer  # noqa: E402
from triage import memcases  # noqa: E402

# the MemoryCases methods that create or change a lead, and the lead ids each touches (its arguments, its result)
CHANGES = {
    "_set": lambda args, out: [args[0].id],
    "create_lead": lambda args, out: [out],
    "merge": lambda args, out: [args[0], args[1]],
    "set_case_facts": lambda args, out: [args[0]],
    "add_lead_keys": lambda args, out: [args[0]],
    "attach": lambda args, out: [args[1]],
}
LOOKUPS = ("lead_facts_for_keys", "lead_facts")  # where the judging gets its candidate leads


def watch(counts: collections.Counter) -> None:
    """Count, from now on, every candidate lead and whether its batch had created or changed it before."""
    changed: set[int] = set()
    cases = memcases.MemoryCases
    store = memcases.store_leads

    def store_leads(index, posts, prepared):
        changed.clear()
        counts["batches"] += 1
        counts["lead posts"] += len(posts)
        return store(index, posts, prepared)

    memcases.store_leads = store_leads
    for name, touched in CHANGES.items():
        real = getattr(cases, name)

        def changing(self, *args, _real=real, _touched=touched, **kwargs):
            out = _real(self, *args, **kwargs)
            changed.update(_touched(args, out))
            return out

        setattr(cases, name, changing)
    for name in LOOKUPS:
        real = getattr(cases, name)

        def looking(self, *args, _real=real, _name=name, **kwargs):
            out = _real(self, *args, **kwargs)
            counts[f"{_name}: candidates"] += len(out)
            counts[f"{_name}: changed earlier in the batch"] += len(changed.intersection(out))
            return out

        setattr(cases, name, looking)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    cfg = config.defaults()
    cfg["pipeline"]["batch_size"] = int(os.environ.get("BS", cfg["pipeline"]["batch_size"]))
    lines, recorded = list(enumerate(varied_posts(n), start=1)), []
    classifier, rules = pipeline.configured_classifier(cfg), config.priority_rules(cfg)
    with Preparer(classifier, rules, 2, explain=False) as preparer:
        plain = list(
            pipeline._analyze_chunks(
                storage.scratch_db(), iter(lines), cfg, Recorder(preparer, recorded), 1000
            )
        )
    counts: collections.Counter = collections.Counter()
    watch(counts)
    again = list(pipeline._analyze_chunks(storage.scratch_db(), iter(lines), cfg, Replay(recorded), 1000))
    print(
        f"{n:,} posts, batch {cfg['pipeline']['batch_size']}; output the same as a plain run: {again == plain}"
    )
    for key, value in sorted(counts.items()):
        print(f"  {key:48} {value:>9,}")
    for name in LOOKUPS:
        total, stale = counts[f"{name}: candidates"], counts[f"{name}: changed earlier in the batch"]
        print(
            f"{name}: {stale / max(1, total):.1%} of the candidates were created or changed earlier in their batch"
        )


if __name__ == "__main__":
    main()
