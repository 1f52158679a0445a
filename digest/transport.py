"""Handing one message to a server: SMTP (plain, STARTTLS or SSL; the password from
``WAGEWATCH_SMTP_PASSWORD`` only) and the WeCom / DingTalk / Feishu robot webhooks (the URL from
``WAGEWATCH_WEBHOOK_URL``, DingTalk and Feishu signing from ``WAGEWATCH_WEBHOOK_SECRET``).

Errors come in three kinds, and the outbox treats each its own way:

- :class:`Rejected`: the server refused this recipient or this message (5xx, a bad address);
  the rest still go; this one is retried on a later run.
- :class:`Unavailable`: the server could not be reached or dropped us, after the retries with
  backoff; nothing more is tried this run, everything stays owed.
- :class:`Misconfigured`: a login refused, a sender refused, a missing password or URL; nothing
  more is tried this run, and the message says what to fix.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import config as config_module

PASSWORD_ENV = "WAGEWATCH_SMTP_PASSWORD"
WEBHOOK_URL_ENV = "WAGEWATCH_WEBHOOK_URL"
WEBHOOK_SECRET_ENV = "WAGEWATCH_WEBHOOK_SECRET"


class DeliveryError(Exception):
    """A message was not accepted."""


class Rejected(DeliveryError):
    """This recipient or this message was refused; others may still go."""


class Unavailable(DeliveryError):
    """The server is unreachable or failing; try again on a later run."""


class Misconfigured(DeliveryError):
    """Our side is wrong (login, sender, missing secret); fix the configuration."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Retry:
    attempts: int
    backoff_s: float
    sleep: Callable[[float], bool]  # sleeps; True when asked to stop meanwhile

    def run(self, what: str, action: Callable[[], Any], transient: tuple[type[BaseException], ...]) -> Any:
        """``action()``, retried on ``transient`` errors with a doubling backoff; Unavailable after
        the last attempt (or at once when a stop is asked)."""
        for attempt in range(1, self.attempts + 1):
            try:
                return action()
            except transient as exc:
                if attempt == self.attempts:
                    raise Unavailable(f"{what}: {_reason(exc)} (after {attempt} attempt(s))") from exc
                if self.sleep(self.backoff_s * 2 ** (attempt - 1)):
                    raise Unavailable(f"{what}: {_reason(exc)} (stopped while waiting to retry)") from exc
        raise AssertionError("unreachable")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {text}".strip()
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class SmtpTransport:
    """One SMTP session reused for many messages (reconnecting when the server drops it).

    >>> with SmtpTransport.from_config(config, retry) as smtp:  # doctest: +SKIP
    ...     smtp.send("wagewatch@example.gov.cn", "duty@example.gov.cn", message_bytes)
    """

    def __init__(self, host: str, port: int, security: str, user: str, password: str | None,
                 cafile: str, timeout: float, retry: Retry):  # fmt: skip
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.cafile, self.timeout, self.retry = (
            user,
            password,
            cafile,
            timeout,
            retry,
        )
        self._smtp: smtplib.SMTP | None = None

    @classmethod
    def from_config(cls, config: dict[str, Any], retry: Retry) -> SmtpTransport:
        digest = config["digest"]
        security = "ssl" if digest["smtp_ssl"] else "starttls" if digest["smtp_starttls"] else "none"
        return cls(digest["smtp_host"], digest["smtp_port"], security, digest["smtp_user"],
                   config_module.secret(PASSWORD_ENV), digest["smtp_cafile"], digest["smtp_timeout_s"], retry)  # fmt: skip

    @property
    def where(self) -> str:
        return f"SMTP server {self.host}:{self.port}"

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile or None)

    def _connect(self) -> smtplib.SMTP:
        if self.user and not self.password:
            raise Misconfigured(
                f"digest.smtp_user is {self.user!r} but {PASSWORD_ENV} is not set in the environment"
            )
        if self.user and self.security == "none" and not _loopback(self.host):
            raise Misconfigured(
                f"refusing to send the SMTP password to {self.host} unencrypted: "
                "set digest.smtp_starttls or digest.smtp_ssl"
            )
        try:
            if self.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except ssl.SSLCertVerificationError as exc:
            raise self._untrusted(exc) from None
        try:
            smtp.ehlo()
            if self.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise Misconfigured(
                        f"{self.where} does not offer STARTTLS (digest.smtp_starttls is true)"
                    )
                try:
                    smtp.starttls(context=self._context())
                except ssl.SSLCertVerificationError as exc:
                    raise self._untrusted(exc) from None
                smtp.ehlo()
            if self.user:
                try:
                    smtp.login(self.user, self.password or "")
                except smtplib.SMTPAuthenticationError as exc:
                    raise Misconfigured(
                        f"{self.where} refused the login of {self.user!r} ({_reason(exc)}); check {PASSWORD_ENV}"
                    ) from None
                except smtplib.SMTPNotSupportedError:
                    raise Misconfigured(
                        f"{self.where} offers no login (AUTH); leave digest.smtp_user empty"
                    ) from None
        except BaseException:
            _quietly_close(smtp)
            raise
        return smtp

    def _untrusted(self, exc: ssl.SSLCertVerificationError) -> Misconfigured:
        return Misconfigured(
            f"{self.where}: its TLS certificate is not trusted ({exc.verify_message}); "
            "give its CA certificate in digest.smtp_cafile"
        )

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def check(self) -> str:
        """Connect, greet, STARTTLS and log in as configured, then quit without sending anything;
        raises DeliveryError (Misconfigured, Unavailable) with what went wrong. Returns what the
        server said of itself."""

        def attempt() -> str:
            smtp = self._connect()
            try:
                return (smtp.ehlo_resp or b"").decode("utf-8", "replace").splitlines()[0][:80]
            finally:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    _quietly_close(smtp)

        return self.retry.run(f"{self.where} did not answer", attempt,
                              (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))  # fmt: skip

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                _quietly_close(self._smtp)
            self._smtp = None

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        """Hand ``data`` for ``recipient`` to the server; returns once the server accepted it."""

        def attempt() -> None:
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                self._smtp.sendmail(sender, [recipient], data)
            except smtplib.SMTPRecipientsRefused as exc:
                self._reset()
                code, text = exc.recipients[recipient]
                if 400 <= code < 500:
                    raise smtplib.SMTPResponseException(
                        code, text
                    ) from None  # greylisted, mailbox busy: retried
                raise Rejected(
                    f"{self.where} refused recipient {recipient}: {_reason(smtplib.SMTPResponseException(code, text))}"
                ) from None
            except smtplib.SMTPSenderRefused as exc:
                self._reset()
                if exc.smtp_code < 500:
                    raise smtplib.SMTPResponseException(exc.smtp_code, exc.smtp_error) from None
                raise Misconfigured(
                    f"{self.where} refused the sender {sender} ({_reason(exc)}); check digest.from_addr"
                ) from None
            except smtplib.SMTPDataError as exc:
                self._reset()
                if 400 <= exc.smtp_code < 500:
                    raise
                raise Rejected(f"{self.where} refused the message for {recipient}: {_reason(exc)}") from None
            except (smtplib.SMTPServerDisconnected, OSError):
                self._drop()
                raise

        self.retry.run(
            f"{self.where} did not accept the message for {recipient}",
            attempt,
            (
                smtplib.SMTPServerDisconnected,
                smtplib.SMTPResponseException,
                smtplib.SMTPConnectError,
                OSError,
            ),
        )

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            _quietly_close(self._smtp)
            self._smtp = None


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:
        pass


# --- webhooks --------------------------------------------------------------------------------


def webhook_body(kind: str, text: str) -> dict[str, Any]:
    """The robot's plain-text message (plain text: scraped words cannot become markup or links).

    >>> webhook_body("feishu", "hi")
    {'msg_type': 'text', 'content': {'text': 'hi'}}
    """
    if kind == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    if kind in ("wecom", "dingtalk"):
        return {"msgtype": "text", "text": {"content": text}}
    raise ValueError(f"unknown webhook kind {kind!r}")


def _signed(
    kind: str, url: str, body: dict[str, Any], secret: str | None, now: float
) -> tuple[str, dict[str, Any]]:
    """DingTalk signs in the URL (timestamp in ms, HMAC-SHA256 of "ts\\nsecret" keyed by the secret),
    Feishu in the body (timestamp in s, HMAC-SHA256 keyed by "ts\\nsecret" of nothing)."""
    if not secret:
        return url, body
    if kind == "dingtalk":
        stamp = str(int(now * 1000))
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest))
        return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}", body
    if kind == "feishu":
        stamp = str(int(now))
        digest = hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        return url, {"timestamp": stamp, "sign": base64.b64encode(digest).decode(), **body}
    return url, body


def post_webhook(kind: str, payload: str, retry: Retry, timeout: float = 10) -> None:
    """POST the stored JSON ``payload`` to the robot at ``$WAGEWATCH_WEBHOOK_URL``; returns once
    the robot answered success (errcode/code 0)."""
    url = config_module.secret(WEBHOOK_URL_ENV)
    if not url:
        raise Misconfigured(
            f"alerts.webhook_kind is {kind!r} but {WEBHOOK_URL_ENV} is not set in the environment"
        )
    if not url.startswith(("https://", "http://")):
        raise Misconfigured(f"{WEBHOOK_URL_ENV} must be an http(s) address")
    host = urllib.parse.urlsplit(url).netloc

    def attempt() -> None:
        target, body = _signed(
            kind, url, json.loads(payload), config_module.secret(WEBHOOK_SECRET_ENV), time.time()
        )
        request = urllib.request.Request(
            target, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"}, method="POST",
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = response.read(65536).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise
            raise Rejected(f"webhook {host} answered HTTP {exc.code}") from None
        try:
            result = json.loads(answer or "{}")
        except ValueError:
            raise Rejected(f"webhook {host} answered something that is not JSON: {answer[:100]!r}") from None
        code = result.get("errcode", result.get("code", result.get("StatusCode", 0)))
        if code not in (0, None):
            message = result.get("errmsg") or result.get("msg") or result.get("StatusMessage") or ""
            raise Rejected(f"webhook {host} refused the message: {code} {message}".strip())

    retry.run(f"webhook {host} did not take the alert", attempt, (urllib.error.URLError, OSError))
