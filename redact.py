"""Personal data and secrets kept out of what wagewatch shows and writes to its logs.

- ``mask_phones``: mobile and Zhongshan landline numbers → ``138****1234`` (the lead page shows them
  in full to duty officers only); ``mask_ids``: 18-digit resident ID numbers → ``4420**********123X``.
- ``RedactingFilter``: a logging filter that masks phone and ID numbers in every record and replaces
  the values of the secret environment variables (cookie, SMTP password, web secret, webhook URL)
  wherever one would appear. ``install()`` puts it on every handler of the root logger: the CLI, the
  scheduler and each crawl process call it once their logging is set up.

Imports nothing from the rest of wagewatch: the spiders, the CLI and triage all use it.
"""

from __future__ import annotations

import logging
import os
import re

# (?<!\d) written after each branch's first character (1(?<!\d1): no digit before the 1), so that the engine skips
# straight to a 1 or a 0 instead of trying every position: the same matches (issue 12)
PHONE = re.compile(r"(1(?<!\d1)[3-9]\d[\d*]{4}\d{4}|0(?<!\d0)760-?\d{8})(?!\d)")
RESIDENT_ID = re.compile(r"(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")
SECRET_VARIABLES = (
    "WEIBO_COOKIE",
    "WAGEWATCH_SMTP_PASSWORD",
    "WAGEWATCH_SECRET_KEY",
    "WAGEWATCH_WEBHOOK_URL",
)


def mask_phone(phone: str) -> str:
    """13800001234 → 138****1234 (phones are shown in full only on the lead detail)."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else phone


def mask_phones(text: str) -> str:
    """Every phone number in ``text`` masked (for lists, digests, anything but the lead detail).

    >>> mask_phones("王先生 13800001234")
    '王先生 138****1234'
    """
    return PHONE.sub(lambda m: mask_phone(m.group(0)), text or "")


def mask_ids(text: str) -> str:
    """Every 18-digit resident ID number masked but its region and last four.

    >>> mask_ids("身份证 44200019900101123X")
    '身份证 4420**********123X'
    """
    return RESIDENT_ID.sub(lambda m: m.group(1)[:4] + "*" * 10 + m.group(3)[-4:], text or "")


def mask_personal(text: str) -> str:
    """Phones and resident ID numbers masked."""
    return mask_phones(mask_ids(text))


# C0 controls but tab and line breaks, DEL, C1 controls: nothing a reader needs, and a NUL byte in HTML
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# bidirectional embeddings, overrides and isolates: they would reorder the text around them on screen
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def inert(value: object) -> object:
    r"""Text as the web UI and the digest show it (their Jinja ``finalize``): control characters
    dropped, bidi overrides written out (``\u202e``) so they cannot reorder what surrounds them;
    anything that is not text passes unchanged. Escaping markup stays autoescape's job.

    >>> inert("gnp.\u202eexe\x00!")
    'gnp.\\u202eexe!'
    """
    if not isinstance(value, str) or hasattr(value, "__html__"):
        return value  # not text, or markup a template already built (its own values went through here)
    return BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", CONTROLS.sub("", value))


def secrets_in_environment() -> list[str]:
    """The values of the secret environment variables that are set (long enough to be recognised)."""
    return [value for name in SECRET_VARIABLES if len(value := os.environ.get(name) or "") >= 6]


class RedactingFilter(logging.Filter):
    """Masks phones and ID numbers and hides secret values in every record it sees (the message is
    formatted once, here, so arguments are covered too)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = secrets_in_environment()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's problem, not ours
            return True
        clean = mask_personal(message)
        for secret in self.secrets:
            clean = clean.replace(secret, "[secret]")
        if clean != message:
            record.msg, record.args = clean, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Put a ``RedactingFilter`` on every handler of ``logger`` (default: the root logger) that has
    none yet."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
