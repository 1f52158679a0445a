"""The scheduler's wiring, checked without starting it."""

from __future__ import annotations

import config
import scheduler


def test_jobs_for_enabled_sources_processing_and_digest(tmp_path):
    cfg = config.load("wagewatch.example.toml")
    sched = scheduler.build_scheduler(cfg, str(tmp_path / "w.db"))
    jobs = {job.id: job for job in sched.get_jobs()}
    assert set(jobs) == {"crawl:weibo-zhongshan", "crawl:tieba-zhongshan", "process", "digest"}
    assert "zsnews" not in str(list(jobs))  # disabled in the example
    assert jobs["crawl:weibo-zhongshan"].trigger.interval.total_seconds() == 3600
    assert str(jobs["digest"].trigger) == "cron[hour='8', minute='0']"


def test_digest_job_writes_a_file_and_records_it(tmp_path):
    import storage

    db_path = tmp_path / "w.db"
    storage.open_db(db_path).close()
    scheduler.digest_job(str(db_path), str(tmp_path / "out"))
    assert len(list((tmp_path / "out").glob("digest-*.html"))) == 1
    assert storage.open_db(db_path)["digests"].count == 1
