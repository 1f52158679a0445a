"""Every judgement of a post against a candidate lead (``casejudge.judge``) that ``analyze``'s storing half makes,
recorded once and replayed alone (issue 12, round 15): its CPU and whether each answer is the same.

    python bench/judgements.py --posts 20000 --record /tmp/j.pickle            # record (two workers), then replay
    python bench/judgements.py --record /tmp/j.pickle --rounds 3               # replay: best CPU of 3, answers
    python bench/judgements.py --record /tmp/j.pickle --profile 25             # the top entries of a cProfile

The bench posts (``bench/analyze.py``) are prepared by two workers and stored by ``pipeline._analyze_chunks`` into a
throwaway store, each call of ``dedupe.judge`` kept with its answer (144,898 calls for 20,000 posts on the code of
round 15); a replay judges them again in order, as the pass did (a post against its candidates one after another),
with no lead's side found yet. The recording holds the answers of the code that made it: replayed on other code it
says how many answers differ (0 for a change meant to be output-identical). Record on the code of a session's start.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def record(posts: int, path: str) -> None:
    import config
    import pipeline
    import storage
    from bench.analyze import Recorder, varied_posts
    from preparing import Preparer
    from triage import dedupe

    cfg, lines, prepared, calls = config.defaults(), list(enumerate(varied_posts(posts), start=1)), [], []
    judge = dedupe.judge

    def kept(post, lead, text=""):
        answer = judge(post, lead, text)
        calls.append((post, lead, text, answer))
        return answer

    dedupe.judge = kept
    try:
        rules = config.priority_rules(cfg)
        with Preparer(pipeline.configured_classifier(cfg), rules, 2, explain=False) as preparer:
            list(
                pipeline._analyze_chunks(
                    storage.scratch_db(), iter(lines), cfg, Recorder(preparer, prepared), 1000
                )
            )
    finally:
        dedupe.judge = judge
    _forget_sides(calls)
    with open(path, "wb") as out:
        pickle.dump(calls, out, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(calls):,} judgements of {posts:,} posts recorded to {path}")


def _forget_sides(calls: list) -> None:
    """No lead's side nor days found yet (``casesides._lead_side`` and ``casejudge.judge`` keep them on each lead's
    facts), as in a fresh pass."""
    for post, lead, _text, _answer in calls:
        for facts in (post, lead):
            facts.__dict__.pop("_side", None)
            facts.__dict__.pop("_days", None)


def replay(path: str, rounds: int, profile: int = 0) -> None:
    from triage.casejudge import judge

    with open(path, "rb") as source:
        calls = pickle.load(source)
    if profile:
        import cProfile
        import pstats

        [
            judge(p, lead, t) for p, lead, t, _ in calls
        ]  # the dictionaries and the gazetteer loaded first, not profiled
        _forget_sides(calls)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [judge(p, lead, t) for p, lead, t, _ in calls])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
        return
    best = None
    for _ in range(rounds):
        _forget_sides(calls)
        started = time.process_time()
        answers = [judge(p, lead, t) for p, lead, t, _ in calls]
        spent = time.process_time() - started
        best = spent if best is None else min(best, spent)
        print(f"{len(calls):,} judgements: {spent:.3f} s of CPU")
    differ = sum(answer != call[3] for answer, call in zip(answers, calls, strict=True))
    print(
        f"best of {rounds}: {best:.3f} s; {differ} answers differ, {sum(bool(a[0]) for a in answers):,} merge"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--record", required=True, metavar="FILE", help="the recording (made when --posts is given)"
    )
    parser.add_argument("--posts", type=int, help="record the judgements of this many bench posts first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the top N entries of a cProfile"
    )
    args = parser.parse_args(argv)
    if args.posts:
        record(args.posts, args.record)
    replay(args.record, args.rounds, args.profile)


if __name__ == "__main__":
    main()
