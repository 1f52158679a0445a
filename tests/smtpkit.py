"""A real SMTP server (aiosmtpd) and a robot webhook server on 127.0.0.1 for the mail tests, with
the faults a real server shows: refused recipients, a dropped connection after DATA, a message
held until the client dies, a login that is refused."""

from __future__ import annotations

import asyncio
import email
import email.policy
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A port nothing listens on now (aiosmtpd cannot bind port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Accepted:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class Handler:
    accepted: list[Accepted] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    drop_after_data: int = 0  # this many DATA commands: the connection is closed instead of "250"
    hold: threading.Event | None = None  # DATA waits until set, then refuses that message
    data_seen: threading.Event = field(default_factory=threading.Event)
    dropped: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook name
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.data_seen.set()
        if self.drop_after_data > 0:
            self.drop_after_data -= 1
            self.dropped += 1
            server.transport.close()
            return "421 4.3.0 closing"
        if self.hold is not None and not self.hold.is_set():
            try:
                while not self.hold.is_set():
                    await asyncio.sleep(0.05)
            except asyncio.CancelledError:  # aiosmtpd cancels the handler when the client is gone
                self.dropped += 1
                raise
            # released: the held message is refused (its client was killed meanwhile), never queued
            self.dropped += 1
            if server.transport is not None:
                server.transport.close()
            return "421 4.3.0 closing"
        self.accepted.append(Accepted(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Ok: queued"

    def to(self, address: str) -> list[Accepted]:
        return [a for a in self.accepted if address in a.rcpt_tos]


class SmtpServer:
    """``with SmtpServer() as smtp:`` an SMTP server on 127.0.0.1:``smtp.port``."""

    def __init__(
        self, port: int | None = None, handler: Handler | None = None, login: tuple[str, str] | None = None
    ):
        self.port = port or free_port()
        self.handler = handler or Handler()
        kwargs: dict[str, Any] = {}
        if login:

            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = (
                    isinstance(auth_data, LoginPassword)
                    and (auth_data.login.decode(), auth_data.password.decode()) == login
                )
                return AuthResult(success=ok, handled=False)

            kwargs = {"authenticator": authenticator, "auth_require_tls": False, "auth_required": True}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def mail_config(port: int, **digest: Any) -> dict[str, Any]:
    """A validated config sending to 127.0.0.1:``port`` without waiting between retries."""
    import config

    raw = {"digest": {"smtp_host": "127.0.0.1", "smtp_port": port, "retry_backoff_s": 0, "from_addr": "wagewatch@zs.example",
                      "smtp_timeout_s": 5, **digest}, "sources": []}  # fmt: skip
    return config.validate(raw, "test")


@dataclass
class Webhook:
    port: int
    posts: list[dict[str, Any]]
    paths: list[str]
    answer: dict[str, Any]


class WebhookServer:
    """A robot webhook on 127.0.0.1 that records each POST and answers ``answer`` (JSON)."""

    def __init__(self, answer: dict[str, Any] | None = None):
        self.posts: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.answer = answer or {"errcode": 0, "errmsg": "ok"}
        outer = self

        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append(json.loads(body))
                outer.paths.append(self.path)
                data = json.dumps(outer.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=test"

    def __enter__(self) -> WebhookServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def wait_for(predicate, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


HOSTILE = "<script>alert('x')</script>"
SEED_POSTS = [
    (1, f"坦洲镇工地拖欠我们二十多个工友工资{HOSTILE} 电话13800001234", {"url": "javascript:alert(1)"}),
    (2, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪<img src=x onerror=alert(1)>", {}),
    (3, "急招普工，工资月结不拖欠", {}),
]


def seed_leads(db) -> dict[str, int]:
    """Two leads (坦洲镇 P2 with hostile text and a phone; 小榄镇 P1, a collective action) and a
    non-lead, through the real pipeline. Returns ``{"坦洲镇": id, "小榄镇": id}``."""
    import pipeline
    import storage
    from tests.conftest import make_post

    storage.upsert_posts(db, [make_post(n, text, **extra) for n, text, extra in SEED_POSTS])
    pipeline.run_pass(db)
    return {lead["district"]: lead["id"] for lead in storage.list_leads(db)}


CITY = ["city@zs.example", "duty@zs.example"]
TANZHOU = ["tanzhou@zs.example"]
XIAOLAN = ["xiaolan@zs.example"]


def write_config(
    path, port: int, extra: str = "", to=CITY, recipients=(("坦洲镇", TANZHOU), ("小榄镇", XIAOLAN))
) -> str:
    """A TOML config sending to 127.0.0.1:``port``, the city list and two 镇街 groups."""
    groups = "".join(
        f'\n[[digest.recipients]]\ndistrict = "{d}"\nto = {json.dumps(list(a))}\n' for d, a in recipients
    )
    path.write_text(
        f"""sources = []
[digest]
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_timeout_s = 5
retry_backoff_s = 0
from_addr = "wagewatch@zs.example"
review_url = "http://review.zs.example:8000"
to_addrs = {json.dumps(list(to))}
{extra}
{groups}""",
        encoding="utf-8",
    )
    return str(path)
