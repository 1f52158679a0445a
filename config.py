"""wagewatch configuration: one TOML file, validated at start.

Where it comes from: ``--config PATH``, else env ``WAGEWATCH_CONFIG``, else the built-in defaults
below (the demo needs no file). An unknown key or a bad value stops the program with a message
naming the key and the file. Secrets never live here: they come from environment variables
(``WEIBO_COOKIE``, ``WAGEWATCH_SMTP_PASSWORD``, ``WAGEWATCH_SECRET_KEY``, ``WAGEWATCH_WEBHOOK_URL``,
``WAGEWATCH_WEBHOOK_SECRET``); a secret-looking key in
the file is refused.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from pathlib import Path
from typing import Any

SPIDERS = ("weibo", "tieba", "rss", "liuyan", "forum")
CLASSIFIERS = ("rules", "fast", "transformer", "cascade")
WEBHOOK_KINDS = ("wecom", "dingtalk", "feishu")
SECRET_WORDS = ("password", "secret", "cookie", "token", "api_key")


class ConfigError(ValueError):
    """A configuration problem; the message names the file and the key."""


def _positive(value: Any) -> str | None:
    return None if value > 0 else "must be greater than 0"


def _port(value: Any) -> str | None:
    return None if 0 < value < 65536 else "must be a TCP port (1-65535)"


def _non_negative(value: Any) -> str | None:
    return None if value >= 0 else "must be 0 or more"


def _one_of(*choices: str):
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def _band(value: list) -> str | None:
    ok = len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    return None if ok and 0 <= value[0] <= value[1] <= 1 else "must be [low, high] with 0 <= low <= high <= 1"


def _proxy(value: str) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"(https?|socks5h?)://[^\s/@]+(:\d+)?/?", value):
        return (
            "must be a proxy address like http://10.0.0.1:3128 without credentials "
            "(a proxy with a password goes in the environment: https_proxy)"
        )
    return None


def _flat_args(value: dict) -> str | None:
    bad = [k for k, v in value.items() if not isinstance(v, (str, int, float, bool))]
    return f"must hold plain values (text or numbers), not tables or lists: {', '.join(bad)}" if bad else None


def _hhmm(value: str) -> str | None:
    return None if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) else "must be a time like 08:00"


def _webhook_kind(value: str) -> str | None:
    return (
        None if value in ("", *WEBHOOK_KINDS) else f'must be one of {", ".join(WEBHOOK_KINDS)}, or "" (none)'
    )


def _at_least_one(value: Any) -> str | None:
    return None if value >= 1 else "must be 1 or more"


def _day_of_month(value: int) -> str | None:
    return None if 1 <= value <= 28 else "must be a day from 1 to 28 (every month has it)"


def _http_url(value: str) -> str | None:
    if not value or re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        return None
    return "must be an http:// or https:// address like http://10.1.2.3:8000"


# an address as mail servers take it: local@domain.tld, no display name, no spaces or commas
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*"
)


def _address_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not EMAIL.fullmatch(value):
        return f"{value!r} is not an email address (like name@example.gov.cn)"
    return None


# section -> key -> (type, default, check or None)
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], Any, Any]]] = {
    "database": {"path": (str, "wagewatch.db", None)},
    "pipeline": {
        "batch_size": (int, 200, _positive),
        "classifier": (str, "fast", _one_of(*CLASSIFIERS)),
        # processes that classify and triage beside the one that stores (0: one per processor, up to 4)
        "workers": (int, 0, _non_negative),
    },
    # model directories ("" = the model shipped in classifier/models/), see classifier/models/README.md
    "classifier": {
        "fast_path": (str, "", None),
        "transformer_path": (str, "", None),
        "pretrained_path": (str, "", None),
        "cascade_band": (list, [0.4, 0.6], _band),
    },
    "crawl": {
        "download_delay": ((int, float), 1.0, _non_negative),
        "timeout_s": (int, 600, _positive),
        "obey_robots": (bool, True, None),
        "concurrent_per_domain": (int, 1, _positive),
        "retry_times": (int, 2, _non_negative),
        "download_timeout_s": (int, 30, _positive),
        "proxy": (str, "", _proxy),
        "httpcache": (bool, False, None),
        "log_dir": (str, "", None),
    },
    "schedule": {
        "timezone": (str, "Asia/Shanghai", None),
        "process_every_minutes": (int, 10, _positive),
        "digest_time": (str, "08:00", _hhmm),
        "overdue_check_minutes": (int, 30, _positive),
        "alert_every_minutes": (int, 2, _positive),
        "health_check_minutes": (int, 60, _positive),
        "misfire_grace_s": (int, 600, _positive),
        "run_at_start": (bool, False, None),
        "purge_time": (str, "02:00", _hhmm),
        "backup_time": (str, "02:30", _hhmm),
        "backup_dir": (str, "", None),
        "backup_keep": (int, 7, _at_least_one),
        "spot_check_day": (int, 1, _day_of_month),
        "spot_check_time": (str, "09:00", _hhmm),
        "surge": (bool, False, None),
        "surge_crawl_factor": ((int, float), 3, _at_least_one),
        "surge_p1_min_workers": (int, 10, _positive),
        "surge_p1_min_amount_yuan": ((int, float), 300000, _positive),
    },
    "digest": {
        "output_dir": (str, "digests", None),
        "smtp_host": (str, "localhost", None),
        "smtp_port": (int, 25, _positive),
        "smtp_user": (str, "", None),
        "smtp_starttls": (bool, False, None),
        "smtp_ssl": (bool, False, None),
        "smtp_cafile": (str, "", None),
        "smtp_timeout_s": (int, 30, _positive),
        "send_attempts": (int, 3, _at_least_one),
        "retry_backoff_s": ((int, float), 2.0, _non_negative),
        "give_up_after_hours": (int, 72, _positive),
        "from_addr": (str, "wagewatch@localhost", None),
        "to_addrs": (list, [], None),
        "recipients": (list, [], None),
        "review_url": (str, "", _http_url),
        "chart_days": (int, 14, _positive),
    },
    "alerts": {
        "enabled": (bool, True, None),
        "to_addrs": (list, [], None),
        "webhook_kind": (str, "", _webhook_kind),
        "max_age_hours": (int, 24, _positive),
    },
    # personal data is kept no longer than needed (PIPL); days, 0 = keep; see storage/retention.py
    "retention": {
        "irrelevant_post_days": (int, 30, _non_negative),
        "dismissed_lead_days": (int, 90, _non_negative),
        "closed_lead_days": (int, 1095, _non_negative),
    },
    "review": {
        "host": (str, "127.0.0.1", None),
        "port": (int, 8000, _port),
        "threads": (int, 8, _positive),
        "session_minutes": (int, 120, _positive),
        "max_failed_logins": (int, 5, _positive),
        "lockout_minutes": (int, 15, _positive),
        "https_only": (bool, False, None),
        "page_size": (int, 50, _positive),
    },
}
SOURCE_SCHEMA: dict[str, tuple[type | tuple[type, ...], Any, Any]] = {
    "name": (str, None, None),
    "spider": (str, None, _one_of(*SPIDERS)),
    "enabled": (bool, True, None),
    "every_minutes": (int, 60, _positive),
    "quiet_hours": ((int, float), 48, _positive),
    "args": (dict, {}, _flat_args),
    # crawl health and politeness per source; None = the [crawl] section's value
    "canary": (str, "", None),
    "obey_robots": (bool, None, None),
    "download_delay": ((int, float), None, _non_negative),
}
DEFAULT_SOURCES = [
    {
        "name": "weibo",
        "spider": "weibo",
        "args": {"keywords": "欠薪,讨薪,拖欠工资,中山 工资,出粮", "max_pages": "5"},
    },
    {"name": "tieba", "spider": "tieba", "args": {"bars": "中山,小榄,古镇,坦洲", "max_pages": "2"}},
]


def defaults() -> dict[str, Any]:
    """The built-in configuration."""
    config = {
        section: {key: copy.deepcopy(spec[1]) for key, spec in keys.items()}
        for section, keys in SCHEMA.items()
    }
    config["sources"] = [_source_with_defaults(s) for s in DEFAULT_SOURCES]
    return config


def _source_with_defaults(source: dict[str, Any]) -> dict[str, Any]:
    merged = {key: copy.deepcopy(spec[1]) for key, spec in SOURCE_SCHEMA.items()}
    merged.update(copy.deepcopy(source))
    return merged


def _check_value(where: str, key: str, value: Any, spec: tuple) -> None:
    expected, _default, check = spec
    types = expected if isinstance(expected, tuple) else (expected,)
    # bool is an int in Python; a number field must not silently accept true/false
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        names = " or ".join(t.__name__ for t in types)
        raise ConfigError(f"{where}: {key} must be {names}, got {value!r}")
    problem = check(value) if check else None
    if problem:
        raise ConfigError(f"{where}: {key} {problem}, got {value!r}")


def _refuse_secrets(where: str, key: str) -> None:
    if any(word in key.lower() for word in SECRET_WORDS):
        raise ConfigError(
            f"{where}: {key} looks like a secret; secrets are read from environment variables, never from files"
        )


def validate(raw: dict[str, Any], origin: str = "<defaults>") -> dict[str, Any]:
    """Check ``raw`` (parsed TOML) against the schema and return it merged over the defaults."""
    config = defaults()
    for section, body in raw.items():
        if section == "sources":
            continue
        if section not in SCHEMA:
            raise ConfigError(
                f"{origin}: unknown section [{section}] (known: {', '.join([*SCHEMA, 'sources'])})"
            )
        if not isinstance(body, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        for key, value in body.items():
            _refuse_secrets(origin, f"{section}.{key}")
            if key not in SCHEMA[section]:
                known = ", ".join(SCHEMA[section])
                raise ConfigError(f"{origin}: unknown key {section}.{key} (known in [{section}]: {known})")
            _check_value(origin, f"{section}.{key}", value, SCHEMA[section][key])
            config[section][key] = value
    if "sources" in raw:
        if not isinstance(raw["sources"], list):
            raise ConfigError(f"{origin}: sources must be a list of [[sources]] tables")
        names = set()
        config["sources"] = []
        for index, source in enumerate(raw["sources"]):
            where = f"sources[{index}]"
            for key, value in source.items():
                _refuse_secrets(origin, f"{where}.{key}")
                if key not in SOURCE_SCHEMA:
                    raise ConfigError(
                        f"{origin}: unknown key {where}.{key} (known: {', '.join(SOURCE_SCHEMA)})"
                    )
                _check_value(origin, f"{where}.{key}", value, SOURCE_SCHEMA[key])
            for key in ("name", "spider"):
                if key not in source:
                    raise ConfigError(f"{origin}: {where} needs a {key}")
            for key in source.get("args", {}):
                _refuse_secrets(origin, f"{where}.args.{key}")
            if source["name"] in names:
                raise ConfigError(f"{origin}: {where}.name {source['name']!r} is used twice")
            names.add(source["name"])
            config["sources"].append(_source_with_defaults(source))
    _check_mail(origin, config)
    return config


def _check_mail(origin: str, config: dict[str, Any]) -> None:
    """Addresses, recipient groups and the SMTP transport, each error naming its key."""
    digest = config["digest"]
    if digest["smtp_ssl"] and digest["smtp_starttls"]:
        raise ConfigError(f"{origin}: digest.smtp_ssl and digest.smtp_starttls are both true; choose one")
    if problem := _address_problem(digest["from_addr"]):
        raise ConfigError(f"{origin}: digest.from_addr: {problem}")
    for key, addresses in (
        ("digest.to_addrs", digest["to_addrs"]),
        ("alerts.to_addrs", config["alerts"]["to_addrs"]),
    ):
        _check_addresses(origin, key, addresses)
    seen: set[str] = set()
    towns: frozenset[str] | None = None
    for index, group in enumerate(digest["recipients"]):
        where = f"digest.recipients[{index}]"
        if not isinstance(group, dict):
            raise ConfigError(f"{origin}: {where} must be a [[digest.recipients]] table with district and to")
        unknown = set(group) - {"district", "to"}
        if unknown:
            raise ConfigError(f"{origin}: unknown key {where}.{sorted(unknown)[0]} (known: district, to)")
        district = group.get("district")
        if not isinstance(district, str) or not district:
            raise ConfigError(f"{origin}: {where} needs a district (a 镇街 such as 坦洲镇)")
        if towns is None:
            from triage.districts import load_gazetteer

            towns = load_gazetteer().towns
        if district not in towns:
            raise ConfigError(
                f"{origin}: {where}.district {district!r} is not one of the 23 镇街 (known: {'、'.join(sorted(towns))})"
            )
        if district in seen:
            raise ConfigError(f"{origin}: {where}.district {district!r} is listed twice; merge its addresses")
        seen.add(district)
        if not isinstance(group.get("to"), list) or not group["to"]:
            raise ConfigError(f"{origin}: {where}.to must be a list of email addresses")
        _check_addresses(origin, f"{where}.to", group["to"])


def _check_addresses(origin: str, key: str, addresses: list) -> None:
    for index, address in enumerate(addresses):
        if problem := _address_problem(address):
            raise ConfigError(f"{origin}: {key}[{index}]: {problem}")


def load(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """The validated configuration from ``path``, else env ``WAGEWATCH_CONFIG``, else defaults."""
    path = path or os.environ.get("WAGEWATCH_CONFIG")
    if not path:
        return defaults()
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return validate(raw, str(path))


def secret(name: str) -> str | None:
    """A secret from the environment (never from a file); None when unset or empty."""
    return os.environ.get(name) or None


def review_url(config: dict[str, Any]) -> str:
    """The review UI's base address for links in mail: ``[digest] review_url``, else the
    ``[review]`` host and port."""
    url = config["digest"]["review_url"] or f"http://{config['review']['host']}:{config['review']['port']}"
    return url.rstrip("/")


def crawl_every_minutes(config: dict[str, Any], source: dict[str, Any]) -> float:
    """A source's crawl interval, divided by ``surge_crawl_factor`` in surge mode (at least 1 minute)."""
    schedule = config["schedule"]
    every = source["every_minutes"]
    return max(1.0, every / schedule["surge_crawl_factor"]) if schedule["surge"] else float(every)


def priority_rules(config: dict[str, Any]) -> dict[str, Any] | None:
    """The priority rules with the surge mode's lower P1 thresholds, or None (the data file's) when
    surge mode is off."""
    schedule = config["schedule"]
    if not schedule["surge"]:
        return None
    from triage.priority import with_p1_thresholds

    return with_p1_thresholds(schedule["surge_p1_min_workers"], schedule["surge_p1_min_amount_yuan"])
