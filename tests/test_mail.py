"""Sending the digest to a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives (MIME structure,
recipients, each 镇街's own leads, masked phones, escaped post text, the inline chart), and that
nothing is lost or doubled through an outage, a refused recipient, a dropped connection or a crash
between "built" and "accepted"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

import cli
import storage
from tests.smtpkit import (
    CITY,
    TANZHOU,
    XIAOLAN,
    Handler,
    SmtpServer,
    free_port,
    seed_leads,
    wait_for,
    write_config,
)

CLI = [sys.executable, "-c", "import cli; cli.main()"]
ALL = CITY + TANZHOU + XIAOLAN


@pytest.fixture
def seeded(db):
    return seed_leads(db)


def send(runner, db_path, config_path, *args):
    return runner.invoke(cli.main, ["--db", str(db_path), "--config", config_path, "digest", *args])


def deliveries(db):
    return {row["recipient"]: row for row in storage.recent_deliveries(db, 100)}


def test_each_group_gets_its_own_digest_as_multipart_mail(runner, db, db_path, tmp_path, seeded):
    with SmtpServer() as smtp:
        result = send(runner, db_path, write_config(tmp_path / "c.toml", smtp.port))
        assert result.exit_code == 0, result.output
        got = smtp.handler
        assert sorted(a.rcpt_tos[0] for a in got.accepted) == sorted(ALL)  # one transaction per recipient
        assert all(a.mail_from == "wagewatch@zs.example" for a in got.accepted)

        city = got.to("city@zs.example")[0].message
        assert city.get_content_type() == "multipart/alternative"
        plain, related = city.get_payload()
        assert plain.get_content_type() == "text/plain"
        assert related.get_content_type() == "multipart/related"
        html_part, image = related.get_payload()
        assert (html_part.get_content_type(), image.get_content_type()) == ("text/html", "image/png")
        assert image.get_payload(decode=True)[:8] == b"\x89PNG\r\n\x1a\n"
        html = html_part.get_content()
        assert (
            f'src="cid:{image["Content-ID"].strip().strip("<>")}"' in html
        )  # the HTML shows the attached chart
        assert "欠薪舆情日报" in city["Subject"]
        assert "全市" in city["Subject"]
        assert city["To"] == "city@zs.example, duty@zs.example"
        assert city["Message-ID"]

        # the city sees both 镇街; each 镇街 sees only its own leads
        assert "坦洲镇" in html
        assert "小榄镇" in html
        tanzhou = got.to("tanzhou@zs.example")[0].message
        tz_html = tanzhou.get_body(("html",)).get_content()
        assert "坦洲镇" in tz_html
        assert "小榄" not in tz_html
        xiaolan = got.to("xiaolan@zs.example")[0].message.get_body(("html",)).get_content()
        assert "小榄五金厂" in xiaolan
        assert "坦洲镇工地" not in xiaolan
        assert f"http://review.zs.example:8000/leads/{seeded['坦洲镇']}" in tz_html

        # scraped text: phones masked, markup escaped, in both parts
        for text in (html, tz_html, plain.get_content(), tanzhou.get_body(("plain",)).get_content()):
            assert "13800001234" not in text
            assert "138****1234" in text
        for text in (html, tz_html, xiaolan):
            assert "<script>" not in text
            assert "<img src=x" not in text
        assert "&lt;script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "javascript:" not in html

        # recorded: every delivery sent, the digests too; a second run sends nothing more
        db_rows = deliveries(db)
        assert {r["status"] for r in db_rows.values()} == {"sent"}
        assert {r["status"] for r in db.query("SELECT status FROM digests")} == {"sent"}
        again = send(runner, db_path, write_config(tmp_path / "c.toml", smtp.port))
        assert again.exit_code == 0, again.output
        assert "(built before)" in again.output
        assert len(got.accepted) == len(ALL)


def test_smtp_down_then_up_loses_nothing_and_doubles_nothing(
    runner, db, db_path, tmp_path, seeded, fault_report
):
    port = free_port()  # nothing listens there yet
    config_path = write_config(tmp_path / "c.toml", port)
    down = send(runner, db_path, config_path)
    assert down.exit_code == 1
    assert f"SMTP server 127.0.0.1:{port} did not accept" in down.output
    assert "retried on the next run" in down.output
    assert {r["status"] for r in deliveries(db).values()} == {"failed"}

    with SmtpServer(port=port) as smtp:
        up = send(runner, db_path, config_path)
        assert up.exit_code == 0, up.output
        assert sorted(a.rcpt_tos[0] for a in smtp.handler.accepted) == sorted(ALL)
        assert send(runner, db_path, config_path).exit_code == 0
        assert len(smtp.handler.accepted) == len(ALL)
    assert {r["status"] for r in deliveries(db).values()} == {"sent"}
    fault_report("SMTP server down, then up (digest)", 3, 0, 0, down.output.strip().splitlines()[-1])


def test_a_refused_recipient_does_not_stop_the_others_and_is_retried_once_accepted(
    runner, db, db_path, tmp_path, seeded, fault_report
):
    handler = Handler(refuse={"duty@zs.example"})
    with SmtpServer(handler=handler) as smtp:
        config_path = write_config(tmp_path / "c.toml", smtp.port)
        first = send(runner, db_path, config_path)
        assert first.exit_code == 1
        assert "refused recipient duty@zs.example" in first.output
        assert "User unknown" in first.output
        assert sorted(a.rcpt_tos[0] for a in handler.accepted) == sorted(set(ALL) - {"duty@zs.example"})
        assert deliveries(db)["duty@zs.example"]["status"] == "failed"

        second = send(runner, db_path, config_path)  # still refused: retried, nobody else doubled
        assert second.exit_code == 1
        assert len(handler.accepted) == len(ALL) - 1

        handler.refuse.clear()  # the mailbox exists now
        third = send(runner, db_path, config_path)
        assert third.exit_code == 0, third.output
        assert len(handler.to("duty@zs.example")) == 1
        assert len(handler.accepted) == len(ALL)
    row = deliveries(db)["duty@zs.example"]
    assert (row["status"], row["attempts"]) == ("sent", 3)
    fault_report("a recipient the SMTP server refuses", 3, 0, 0, first.output.strip().splitlines()[-1])


def test_a_connection_dropped_after_data_is_retried_and_delivered_once(runner, db, db_path, tmp_path, seeded):
    handler = Handler(drop_after_data=1)
    with SmtpServer(handler=handler) as smtp:
        result = send(runner, db_path, write_config(tmp_path / "c.toml", smtp.port))
        assert result.exit_code == 0, result.output
    assert handler.dropped == 1
    assert sorted(a.rcpt_tos[0] for a in handler.accepted) == sorted(ALL)


def test_a_crash_between_built_and_accepted_is_resent_once(
    runner, db, db_path, tmp_path, seeded, fault_report
):
    """The sending process is killed (SIGKILL) while the server holds its first message
    unanswered: that message was never accepted, so the next run sends it, and every other one,
    exactly once."""
    handler = Handler(hold=threading.Event())
    with SmtpServer(handler=handler) as smtp:
        config_path = write_config(tmp_path / "c.toml", smtp.port)
        env = {**os.environ, "PYTHONPATH": os.getcwd()}
        proc = subprocess.Popen([*CLI, "--db", str(db_path), "--config", config_path, "digest"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            wait_for(handler.data_seen.is_set, 60, "the first message's DATA")
            assert {r["status"] for r in deliveries(db).values()} == {"built"}  # built, none accepted
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=10)
        wait_for(lambda: handler.dropped == 1, 10, "the server to see the client gone")
        handler.hold.set()
        assert handler.accepted == []

        result = send(runner, db_path, config_path)  # takes over the dead process's outbox lock
        assert result.exit_code == 0, result.output
        assert sorted(a.rcpt_tos[0] for a in handler.accepted) == sorted(ALL)
        assert send(runner, db_path, config_path).exit_code == 0
        assert len(handler.accepted) == len(ALL)
    fault_report("kill -9 of a digest send between built and accepted", 1, 0, 0,
                 f"resent once: {len(ALL)} messages accepted in all")  # fmt: skip


def test_login_uses_the_password_from_the_environment_only(
    runner, db, db_path, tmp_path, seeded, monkeypatch
):
    with SmtpServer(login=("wagewatch", "s3cret")) as smtp:
        config_path = write_config(tmp_path / "c.toml", smtp.port, 'smtp_user = "wagewatch"')
        monkeypatch.delenv("WAGEWATCH_SMTP_PASSWORD", raising=False)
        missing = send(runner, db_path, config_path)
        assert missing.exit_code == 1
        assert "WAGEWATCH_SMTP_PASSWORD is not set" in missing.output

        monkeypatch.setenv("WAGEWATCH_SMTP_PASSWORD", "wrong")
        wrong = send(runner, db_path, config_path)
        assert wrong.exit_code == 1
        assert "refused the login of 'wagewatch'" in wrong.output
        assert smtp.handler.accepted == []

        monkeypatch.setenv("WAGEWATCH_SMTP_PASSWORD", "s3cret")
        ok = send(runner, db_path, config_path)
        assert ok.exit_code == 0, ok.output
        assert len(smtp.handler.accepted) == len(ALL)


def test_no_password_is_sent_unencrypted_to_a_remote_server(tmp_path, monkeypatch):
    from digest.transport import Misconfigured, Retry, SmtpTransport

    monkeypatch.setenv("WAGEWATCH_SMTP_PASSWORD", "s3cret")
    transport = SmtpTransport("mail.example.gov.cn", 25, "none", "wagewatch", "s3cret", "", 5,
                              Retry(1, 0, lambda s: False))  # fmt: skip
    with pytest.raises(Misconfigured, match="unencrypted"):
        transport.send("a@zs.example", "b@zs.example", b"x")


@pytest.mark.parametrize(
    ("digest", "message"),
    [
        ('to_addrs = ["city@zs.example", "not an address"]', "digest.to_addrs[1]: 'not an address' is not an email address"),
        ('from_addr = "wagewatch"', "digest.from_addr: 'wagewatch' is not an email address"),
        ('smtp_ssl = true\nsmtp_starttls = true', "digest.smtp_ssl and digest.smtp_starttls are both true"),
        ('[[digest.recipients]]\ndistrict = "坦州镇"\nto = ["a@zs.example"]', "digest.recipients[0].district '坦州镇' is not one of the 23 镇街"),
        ('[[digest.recipients]]\ndistrict = "坦洲镇"\nto = ["a@zs"," b@zs.example"]', "digest.recipients[0].to[1]: ' b@zs.example' is not an email address"),
        ('[[digest.recipients]]\ndistrict = "坦洲镇"\nto = []', "digest.recipients[0].to must be a list of email addresses"),
        ('review_url = "javascript:alert(1)"', "digest.review_url must be an http:// or https:// address"),
    ],
)  # fmt: skip
def test_a_bad_address_in_the_config_is_named_with_its_key(tmp_path, runner, digest, message):
    path = tmp_path / "bad.toml"
    path.write_text(f"[digest]\n{digest}\n", encoding="utf-8")
    result = runner.invoke(
        cli.main, ["--config", str(path), "--db", str(tmp_path / "x.db"), "digest", "--dry-run"]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert str(path) in result.output


def test_no_recipients_means_a_clear_message_and_nothing_sent(runner, db_path, tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("sources = []\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["--db", str(db_path), "--config", str(path), "digest"])
    assert result.exit_code == 1
    assert "no recipients configured" in result.output
    assert "--dry-run" in result.output
