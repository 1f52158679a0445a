"""The scheduler: its wiring checked without starting it, every job once (`schedule --once`), a
crawl that never overlaps itself (across processes too), surge mode, and a clean stop on SIGTERM
with the running crawl ended and recorded."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

import cli
import config
import jobs
import scheduler
import storage
from tests.smtpkit import wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_jobs_come_from_the_config_in_shanghai_time(tmp_path):
    cfg = config.load("wagewatch.example.toml")
    sched = scheduler.build_scheduler(cfg, str(tmp_path / "w.db"))
    jobs_ = {job.id: job for job in sched.get_jobs()}
    assert set(jobs_) == {"crawl:weibo-zhongshan", "crawl:tieba-zhongshan", "process", "alerts", "overdue",
                          "health", "digest", "purge", "backup", "spotcheck"}  # fmt: skip
    assert "zsnews" not in str(list(jobs_))  # disabled in the example
    assert str(sched.timezone) == "Asia/Shanghai"
    for job in jobs_.values():  # a trigger that does not carry the zone would run on the machine's clock
        assert str(job.trigger.timezone) == "Asia/Shanghai", job.id
    assert jobs_["crawl:weibo-zhongshan"].trigger.interval == timedelta(minutes=60)
    assert jobs_["crawl:tieba-zhongshan"].trigger.interval == timedelta(minutes=120)
    assert jobs_["process"].trigger.interval == timedelta(minutes=cfg["schedule"]["process_every_minutes"])
    assert str(jobs_["digest"].trigger) == "cron[hour='8', minute='0']"
    assert str(jobs_["purge"].trigger) == "cron[hour='2', minute='0']"  # personal data out before the backup
    assert str(jobs_["backup"].trigger) == "cron[hour='2', minute='30']"
    assert str(jobs_["spotcheck"].trigger) == "cron[day='1', hour='9', minute='0']"
    assert sched._job_defaults == {"coalesce": True, "max_instances": 1, "misfire_grace_time": 600}
    assert jobs_["crawl:weibo-zhongshan"].args[1:3] == ("crawl:weibo-zhongshan", jobs.tasks.crawl)


def test_surge_mode_divides_crawl_intervals_and_lowers_the_p1_threshold(tmp_path, db):
    import pipeline
    from tests.conftest import make_post

    cfg = config.validate(
        {"schedule": {"surge": True, "surge_crawl_factor": 4, "surge_p1_min_workers": 10},
         "sources": [{"name": "w", "spider": "weibo", "every_minutes": 60}]}, "test")  # fmt: skip
    sched = scheduler.build_scheduler(cfg, str(tmp_path / "w.db"))
    crawl = sched.get_job("crawl:w")
    assert crawl.trigger.interval == timedelta(minutes=15)
    assert "surge" in crawl.name

    post = make_post(1, "坦洲镇某工地拖欠我们12个工人三个月工资，老板电话不接")
    storage.upsert_posts(db, [post])
    pipeline.run_pass(db, config=config.validate({}, "test"))
    assert storage.list_leads(db)[0]["priority"] != "P1"  # 12 workers: below the usual 30
    storage.upsert_posts(db, [make_post(2, "三乡镇某厂拖欠我们12个工人两个月工资，老板跑路了")])
    pipeline.run_pass(db, config=cfg)
    surge_lead = [lead for lead in storage.list_leads(db) if lead["district"] == "三乡镇"][0]
    assert surge_lead["priority"] == "P1"
    assert [e["action"] for e in storage.lead_events(db, surge_lead["id"])].count("alert") == 1


def test_list_prints_every_job_with_its_next_run(runner, tmp_path):
    result = runner.invoke(cli.main, ["--config", "wagewatch.example.toml", "--db", str(tmp_path / "w.db"),
                                      "schedule", "--list"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 10
    digest = next(line for line in lines if line.startswith("digest "))
    assert "08:00 CST" in digest


class SlowFeed(http.server.BaseHTTPRequestHandler):
    """An RSS feed that answers after ``delay`` seconds (a crawl that is still running)."""

    delay = 0.0

    def do_GET(self):  # noqa: N802 - http.server's name
        time.sleep(self.delay)
        body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_feed():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowFeed)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()


def feed_config(tmp_path, url, extra=""):
    path = tmp_path / "c.toml"
    path.write_text(
        f"""[crawl]
obey_robots = false
download_delay = 0
download_timeout_s = 60
timeout_s = 120
[schedule]
run_at_start = true
{extra}
[[sources]]
name = "slow"
spider = "rss"
every_minutes = 60
args = {{ url = "{url}" }}
""",
        encoding="utf-8",
    )
    return str(path)


def test_once_runs_every_job_in_order_and_records_each(runner, tmp_path, slow_feed, clean_crawl_env):
    db_path = tmp_path / "w.db"
    result = runner.invoke(cli.main, ["--db", str(db_path), "--config", feed_config(tmp_path, slow_feed),
                                      "schedule", "--once"])  # fmt: skip
    assert result.exit_code == 0, result.output
    db = storage.open_db(db_path)
    runs = list(reversed(storage.recent_job_runs(db, 50)))
    order = [r["job"] for r in runs]
    assert order == ["crawl:slow", "process", "alerts", "overdue", "health", "digest", "purge", "backup",
                     "spotcheck"]  # fmt: skip
    status = {r["job"]: r["status"] for r in runs}
    assert status["digest"] == "skipped"  # no recipients configured
    assert "no recipients configured" in {r["job"]: r["error"] for r in runs}["digest"]
    assert status["crawl:slow"] == status["process"] == status["backup"] == "ok"
    assert status["spotcheck"] == "skipped"  # no lead was closed last month
    assert len(list((tmp_path / "backups").glob("w-*.db"))) == 1
    listing = runner.invoke(cli.main, ["--db", str(db_path), "jobs", "--limit", "3"])
    assert "shown 3 of 9" in listing.output
    assert "spotcheck" in listing.output


def test_a_crawl_already_running_elsewhere_is_refused_and_recorded(
    runner, tmp_path, slow_feed, clean_crawl_env
):
    db_path = tmp_path / "w.db"
    config_path = feed_config(tmp_path, slow_feed)
    SlowFeed.delay = 30
    env = {**os.environ, "PYTHONPATH": ROOT}
    first = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "--db", str(db_path), "--config",
                              config_path, "crawl", "slow"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        db = storage.open_db(db_path)
        wait_for(lambda: storage.recent_runs(db, "slow", 1), 120, "the first crawl to start")
        second = runner.invoke(cli.main, ["--db", str(db_path), "--config", config_path, "crawl", "slow"])
        assert second.exit_code == 1
        assert "not crawled: crawl:slow is already running (pid" in second.output
        skipped = storage.recent_job_runs(db, 1, "crawl:slow")[0]
        assert skipped["status"] == "skipped"
        assert str(first.pid) in skipped["error"]
    finally:
        SlowFeed.delay = 0
        first.send_signal(signal.SIGINT)
        first.wait(60)
    # the first one ended (interrupted: its crawl process killed and its run closed); the lock is free
    assert storage.get_lock(db, "crawl:slow") is None
    assert storage.recent_runs(db, "slow", 1)[0]["status"] != "running"


def test_a_lock_left_by_a_dead_process_is_taken_over(db):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    db.execute(
        "INSERT INTO job_locks VALUES ('crawl:x', 'h:1:t', ?, ?, '2026-01-01T00:00:00+08:00', '2099-01-01T00:00:00+08:00')",
        [dead.pid, __import__("socket").gethostname()],
    )
    token, holder = storage.acquire_lock(db, "crawl:x", 60)
    assert token
    assert holder is None
    assert storage.acquire_lock(db, "crawl:x", 60)[0] is None  # ours now, alive


def test_sigterm_stops_the_scheduler_cleanly_and_records_the_running_crawl(
    tmp_path, slow_feed, clean_crawl_env
):
    db_path = tmp_path / "w.db"
    SlowFeed.delay = 60  # the crawl will still be running when the signal comes
    env = {**os.environ, "PYTHONPATH": ROOT}
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "scheduler.py"), "--config",
                             feed_config(tmp_path, slow_feed), "--db", str(db_path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        wait_for(db_path.exists, 60, "the database")
        db = storage.open_db(db_path)
        try:
            wait_for(
                lambda: any(r["status"] == "running" for r in storage.recent_runs(db, "slow")),
                180,
                "the crawl",
            )
        except AssertionError:
            proc.kill()
            raise AssertionError(
                f"the crawl never started; the scheduler said:\n{proc.communicate()[0]}"
            ) from None
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
    finally:
        SlowFeed.delay = 0
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, output
    assert "stopped cleanly" in output
    crawl_job = storage.recent_job_runs(db, 1, "crawl:slow")[0]
    assert crawl_job["status"] == "error"
    assert "shutting down" in crawl_job["error"]
    assert crawl_job["ended_at"]
    run = storage.recent_runs(db, "slow", 1)[0]
    assert run["status"] != "running"  # the crawl process was ended and its run closed
    assert storage.get_lock(db, "crawl:slow") is None
    assert all(r["status"] != "running" for r in storage.recent_job_runs(db, 50))
