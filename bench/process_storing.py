"""CPU of a ``wagewatch process`` pass's storing half alone (the serial part, issue 12).

    python bench/process_storing.py --posts 20000 --record /tmp/x.pickle   # prepare once (two workers), keep
    python bench/process_storing.py --posts 20000 --record /tmp/x.pickle --rounds 3   # replay: CPU, digest
    python bench/process_storing.py --posts 20000 --record /tmp/x.pickle --profile 25

The bench posts (``bench/analyze.py``) are stored in a fresh store, prepared once by the workers and their
results recorded (pickled to ``--record``); each round stores them again into a fresh copy of the store through
``pipeline.run_pass`` with the recorded results handed back in order, timing CPU of the pass alone, and prints a
digest of what a user sees (leads with their facts and statuses, lead membership, ledger, post analysis and
states, the duplicate index) so that two versions of the code can be compared. The collector is set as a pass with
workers sets it (round 12; ``--default-collector``: Python's own setting, as rounds 11 and before measured).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.analyze import Recorder, Replay, varied_posts  # noqa: E402

# (not the deadlines, stamps and ``version``: a merge compares the two leads' deadlines, made from the clock when
# each was created, and updates the kept lead, a version more, only when the other's come sooner)
DIGEST = {
    "leads": "SELECT id, case_key, label, status, priority, queue, district, district_reason, workers, amount_yuan,"
    " months_unpaid, employer, sector, group_incident, project, foreman, match_facts, post_count, heat,"
    " first_post_at, last_post_at, district_confidence, reopen_count, merged_into FROM leads ORDER BY id",
    "lead_posts": "SELECT lead_id, post_id, reason, score FROM lead_posts ORDER BY post_id",
    "events": "SELECT lead_id, who, action, from_state, to_state, note FROM lead_events ORDER BY id",
    "analysis": "SELECT post_id, label, score, district, priority, case_key, explanation FROM post_analysis"
    " ORDER BY post_id",
    "posts": "SELECT id, state, error FROM posts ORDER BY id",
    "buckets": "SELECT bucket, post_id, lead_id FROM dedup_buckets ORDER BY bucket, post_id",
    "keys": "SELECT key, lead_id FROM lead_keys ORDER BY key, lead_id",
}


def digest(db) -> dict[str, str]:
    out = {}
    for name, sql in DIGEST.items():
        h = hashlib.sha256()
        rows = db.execute(sql).fetchall()
        for row in rows:
            h.update(repr(tuple(row)).encode())
        out[name] = f"{len(rows)}:{h.hexdigest()[:12]}"
    return out


class Spy:
    """A connection that times each statement by its text (``--statements``)."""

    def __init__(self, conn):
        self.conn, self.spent, self.counts = conn, {}, {}

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def _timed(self, how, sql, *args):
        started = time.process_time()
        try:
            return getattr(self.conn, how)(sql, *args)
        finally:
            key = " ".join(sql.split())
            self.spent[key] = self.spent.get(key, 0.0) + time.process_time() - started
            self.counts[key] = self.counts.get(key, 0) + 1

    def execute(self, sql, *args):
        return self._timed("execute", sql, *args)

    def executemany(self, sql, *args):
        return self._timed("executemany", sql, *args)

    def report(self, n: int) -> None:
        print(
            f"{len(self.spent)} distinct statements, {sum(self.counts.values())} run, "
            f"{sum(self.spent.values()):.2f} s of CPU in execute (fetching not counted)"
        )
        for key, spent in sorted(self.spent.items(), key=lambda kv: -kv[1])[:n]:
            print(f"{spent:7.2f} s {self.counts[key]:7d}  {key[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--record", required=True, help="pickle of the prepared batches (made when missing)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one round, print the top N")
    parser.add_argument("--pragma", action="append", default=[], help="a PRAGMA run on the pass's connection")
    parser.add_argument(
        "--statements", type=int, metavar="N", help="the N statements of most time, with counts"
    )
    parser.add_argument(
        "--default-collector",
        action="store_true",
        help="Python's own collector setting (rounds 11 and before)",
    )
    args = parser.parse_args()

    import config
    import pipeline
    import storage
    from preparing import Preparer
    from records import post_from_record

    cfg = config.defaults()
    folder = Path(tempfile.mkdtemp(prefix="storing-"))
    base = folder / "base.db"
    db = storage.open_db(base)
    posts = varied_posts(args.posts)
    storage.upsert_posts(db, [post_from_record(p, p["id"], "bench") for p in posts], source="bench")
    db.close()
    record = Path(args.record)
    if not record.exists():
        recorded = []
        rules = config.priority_rules(cfg)
        classifier = pipeline.configured_classifier(cfg)
        with Preparer(classifier, rules, 2, "leads", columns=True) as preparer:  # as a pass makes its own
            work = folder / "record.db"
            shutil.copy(base, work)
            wdb = storage.open_db(work)
            pipeline.run_pass(wdb, classifier, config=cfg, preparer=Recorder(preparer, recorded))
            print("recorded:", digest(wdb))
            wdb.close()
        record.write_bytes(pickle.dumps(recorded))
    recorded = pickle.loads(record.read_bytes())

    import gc

    from preparing import YOUNG_THRESHOLD, warm_up

    # loaded before timing, as a real pass loads them before forking its workers; and the collector set as a pass
    # with workers sets it (``preparing.Preparer.map``: what is loaded frozen, the youngest generation examined
    # after 20,000 new objects): with Python's default the collector took ~2.4 s of a 20,000-post replay that a
    # pass does not spend (~0.5 s with the pass's setting)
    warm_up(pipeline.configured_classifier(cfg), config.priority_rules(cfg))
    if not args.default_collector:  # (the recorded results frozen too: a pass holds only the batch in hand)
        gc.collect()
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    for i in range(args.rounds):
        work = folder / f"round{i}.db"
        for leftover in folder.glob(f"round{i}.db*"):
            leftover.unlink()
        shutil.copy(base, work)
        wdb = storage.open_db(work)
        for pragma in args.pragma:
            wdb.execute(f"PRAGMA {pragma}")
        if args.statements:
            spy = Spy(wdb.conn)
            wdb.conn = spy
        started = time.process_time()
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        stats = pipeline.run_pass(wdb, config=cfg, preparer=Replay(recorded))
        if args.profile:
            prof.disable()
        spent = time.process_time() - started
        print(
            f"storing half of {args.posts:,} posts: {spent:.2f} s CPU ({spent / args.posts * 1000:.3f} ms a post)"
        )
        print("stats:", dict(sorted(stats.items())))
        print("digest:", digest(wdb))
        if args.statements:
            wdb.conn = spy.conn
            spy.report(args.statements)
        wdb.close()
        if args.profile:
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
