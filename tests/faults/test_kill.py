"""``kill -9`` at random points (#13): of an ``ingest`` of 5,000 posts, of a pipeline pass, of a
crawl. The points are drawn from a seeded generator over the time an uninterrupted run takes; after
each crash the same command is run again, and the database must then hold exactly what one
uninterrupted run leaves: the same posts, leads (with their posts), ledger entries and analyses —
nothing lost, nothing doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

import storage
from records import post_from_record
from tests.faults.conftest import CLI, compare, corpus_posts, state_of

SEED = 20261206
POINTS = 3


def cli(db_path, *args, timeout=600):
    return subprocess.run([sys.executable, *CLI, "--db", str(db_path), *args], capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def crash(db_path, *args, after: float) -> None:
    """Start the command and SIGKILL its whole process group ``after`` seconds later (no cleanup runs)."""
    proc = subprocess.Popen([sys.executable, *CLI, "--db", str(db_path), *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        proc.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="module")
def reference(posts_file, tmp_path_factory):
    """One uninterrupted ingest: its state and how long it took."""
    db_path = tmp_path_factory.mktemp("reference") / "w.db"
    started = time.monotonic()
    result = cli(db_path, "ingest", str(posts_file))
    assert result.returncode == 0, result.stderr
    return state_of(db_path), time.monotonic() - started


def points(duration: float, salt: str) -> list[float]:
    rng = random.Random(f"{SEED}-{salt}")
    return sorted(rng.uniform(0.3, 0.95 * duration) for _ in range(POINTS))


def test_kill_9_of_an_ingest_of_5000_posts(posts_file, reference, tmp_path, fault_report):
    want, duration = reference
    totals = [0, 0]
    for n, after in enumerate(points(duration, "ingest")):
        db_path = tmp_path / f"run{n}.db"
        crash(db_path, "ingest", str(posts_file), after=after)
        rerun = cli(db_path, "ingest", str(posts_file))
        assert rerun.returncode == 0, rerun.stderr
        assert "ingested 5000 line(s)" in rerun.stdout
        lost, doubled = compare(state_of(db_path), want)
        assert (lost, doubled) == (0, 0), f"killed after {after:.1f} s: {lost} lost, {doubled} doubled"
        totals[0] += lost
        totals[1] += doubled
    fault_report("kill -9 of ingest (5,000 posts)", POINTS, *totals, rerun.stdout.strip())


def test_kill_9_of_a_pipeline_pass(posts_file, reference, tmp_path, fault_report):
    want, duration = reference
    records = [(n, r) for n, r in enumerate(corpus_posts(5000), start=1)]
    totals = [0, 0]
    for n, after in enumerate(points(duration, "process")):
        db_path = tmp_path / f"run{n}.db"
        db = storage.open_db(db_path)
        storage.upsert_posts(
            db, [post_from_record(r, str(r["id"]), "ingest") for _, r in records], source="ingest"
        )
        db.close()
        crash(db_path, "process", after=after)
        rerun = cli(db_path, "process")
        assert rerun.returncode == 0, rerun.stderr
        lost, doubled = compare(state_of(db_path), want)
        assert (lost, doubled) == (0, 0), f"killed after {after:.1f} s: {lost} lost, {doubled} doubled"
        totals[0] += lost
        totals[1] += doubled
    fault_report("kill -9 of a pipeline pass", POINTS, *totals, rerun.stdout.strip())
