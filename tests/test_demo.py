"""``wagewatch demo`` end to end: the local mirror, the scheduler's jobs once (real Scrapy crawls in
subprocesses, the pipeline, alerts, the digest as .eml + .html); a second run changes nothing."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys

import storage

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def run_demo(db_path, out_dir):
    # paths relative to where the user stands, as a user types them
    result = subprocess.run(
        [*CLI, "--db", db_path.name, "demo", "--out", out_dir.name],
        capture_output=True, text=True, timeout=300, cwd=db_path.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_demo_stores_posts_and_leads_and_a_rerun_adds_nothing(tmp_path):
    db_path, out_dir = tmp_path / "demo.db", tmp_path / "out"
    first = run_demo(db_path, out_dir)
    db = storage.open_db(db_path)
    posts, leads, links = db["posts"].count, db["leads"].count, db["lead_posts"].count
    assert posts >= 200
    assert leads >= 20
    assert {r["source"] for r in db.query("SELECT DISTINCT source FROM posts")} == {
        "demo-weibo", "demo-tieba", "demo-rss", "demo-liuyan", "demo-forum", "demo-12345"}  # fmt: skip
    assert {r["status"] for r in storage.recent_runs(db)} == {"ok"}
    # the digest, as a dry run: the whole MIME message and its HTML, and where they are
    emls, htmls = list(out_dir.glob("digest-*.eml")), list(out_dir.glob("digest-*.html"))
    assert len(emls) == len(htmls) == 1
    assert f"digest (dry run, nothing sent): {emls[0].resolve()}" in first
    assert f"digest (dry run, nothing sent): {htmls[0].resolve()}" in first
    preview = htmls[0].read_text(encoding="utf-8")
    assert preview.count('class="lead ') == leads
    assert "<script>" not in preview
    message = email.message_from_bytes(emls[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "wagewatch@localhost"
    assert f"新线索 {leads}" in message["Subject"]
    assert f"posts: {posts} stored" in first
    assert str(db_path.resolve()) in first
    # the scheduler's jobs ran once, in order, each recorded
    assert [r["job"] for r in reversed(storage.recent_job_runs(db, 20))][-5:] == [
        "process", "alerts", "overdue", "health", "digest"]  # fmt: skip
    assert "not sent: no alert recipients" in first

    second = run_demo(db_path, out_dir)
    assert (db["posts"].count, db["leads"].count, db["lead_posts"].count) == (posts, leads, links)
    assert "(0 new this run)" in second
    assert "new leads this run: 0" in second

    # a clean demo leaves an installation `wagewatch doctor` passes (#13)
    doctor = subprocess.run([*CLI, "--db", db_path.name, "doctor"], capture_output=True, text=True,
                            timeout=300, cwd=db_path.parent)  # fmt: skip
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "FAIL" not in doctor.stdout
    assert "ok    classifier" in doctor.stdout
