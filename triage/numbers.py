"""Numbers as posts write them: Arabic digits (3.5, 35,000), Chinese numerals with units (三十七万五千,
十几万, 廿几), mixes (3万5, 18万6千, 12.6万, 3.5w), and how precise a vague figure is.

Vague figures read as their lower bound with the range they leave open: a trailing 几/多/余 is the floor
(十几 → 10 … 19, 三十几万 → 300000 … 399999), a leading 几 means "several", at least two (几十 → 20 … 99,
几百万 → 2000000 …), and two neighbouring digits are a range (四五十万 → 400000 … 599999, 六七十 → 60 … 79), as is a count from the
teens to the twenties (十几廿 → 10 … 29)."""

from __future__ import annotations

import re
from functools import lru_cache

from triage import quickscan

DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "俩": 2, "三": 3, "叁": 3, "仨": 3,
          "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
          "九": 9, "玖": 9, "几": 0}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000}
BIG_UNITS = {"万": 10_000, "w": 10_000, "亿": 100_000_000}
CN = "零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖几十拾百佰千仟万亿廿卅卌"
# 廿几个人 = 二十几个人; 卌 is forty (卌几个兄弟, 卌个师傅: Cantonese posts write it, xk15)
TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}
# two neighbouring digits: a range (四五十万, 十四五万, 六七十个)
PAIR = quickscan.compile(
    "(?<![一二两三四五六七八九])([一二两三四五六七八])([二两三四五六七八九])(?![一二两三四五六七八九])"
)
# a count from the teens to the twenties (十几廿, 十几二十个, 廿几卅万): the low end before 几, the next ten after it
TENS_SPAN = re.compile("(?P<low>(?:[一二两三四五六七八九]?十|廿|卅))几(?P<high>廿|卅|[二两三四五六七八九]十)")
# a number: Arabic digits (3.5, 35,000) and/or Chinese numerals with units, e.g. 18万6千, 3万5, 十几万
NUM = rf"(?:\d+(?:[.,]\d+)*(?:[{CN}wk]+\d?)*|[{CN}]+(?:\d+)?)"
VAGUE = r"(?:多|余|来|几|出头)"

SEVERAL_OF = re.compile(r"几[十百千万]")  # a leading 几: "several" (compiled once, issue 12)


@lru_cache(maxsize=1 << 16)  # the same few tokens (一, 两, 三万) again and again; a number is immutable
def chinese_number(token: str) -> float | None:
    """A number written in digits, Chinese numerals or both; 几 counts as 0 (十几 → 10, the floor).

    A bare digit after the last unit is one order below it (3万5 → 35000, 一万二 → 12000,
    三千五 → 3500).

    >>> chinese_number("二十三"), chinese_number("十几"), chinese_number("3.5"), chinese_number("两千")
    (23, 10, 3.5, 2000)
    >>> chinese_number("18万6千"), chinese_number("3万5"), chinese_number("三十七万五千"), chinese_number("3.5w")
    (186000, 35000, 375000, 35000)
    >>> chinese_number("百二万"), chinese_number("千五万"), chinese_number("一百零二万")
    (1200000, 15000000, 1020000)
    """
    token = re.sub(r"(?<=\d)几", "", (token or "").strip().replace(",", "").lower())  # 30几 → 30
    token = re.sub(
        r"(?<=[十百千万][一二两三四五六七八九])几(?=[万亿])", "", token
    )  # 百二几万 → 百二万 (round 8b)
    token = _pair(token)[0]
    for short, long in TENS.items():
        token = token.replace(short, long)
    if not token:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", token):
        value = float(token)
        return int(value) if value.is_integer() else value
    parts = re.findall(rf"\d+(?:\.\d+)?|[{CN}wk]", token)
    if "".join(parts) != token:
        return None
    total = 0.0  # finished 万/亿 sections
    section = 0.0  # the part below the current big unit
    number: float | None = None
    last_unit: float | None = None  # the unit just before a trailing bare digit
    previous_was_unit = zero_seen = False
    for i, part in enumerate(parts):
        if (
            part == "几"
            and not section
            and number is None
            and i + 1 < len(parts)
            and (parts[i + 1] in SMALL_UNITS or parts[i + 1] in BIG_UNITS)
        ):
            part = "二"  # a leading 几 is "several": 几十 → 20, 几百万 → 2000000 (at least two)
        if part in BIG_UNITS:
            unit = BIG_UNITS[part]
            if (
                number is not None
                and last_unit
                and 100 <= last_unit < 10_000
                and not zero_seen
                and 0 < number < 10
            ):
                number = (
                    number * last_unit / 10
                )  # 百二万, 千五万: one order below the unit before (120万, 1500万)
            section += number if number is not None else (1 if not section and not total else 0)
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, number, last_unit, previous_was_unit, zero_seen = 0.0, None, unit, True, False
        elif part in SMALL_UNITS:
            unit = SMALL_UNITS[part]
            section += (number if number is not None else 1) * unit
            number, last_unit, previous_was_unit = None, unit, True
        else:
            value = float(part) if part[0].isdigit() else DIGITS[part]
            if part in ("零", "〇"):
                zero_seen = True
            if number is not None and not previous_was_unit:
                if number == 0 and not part[0].isdigit():
                    number = value  # 一百零五: the 零 only holds a place
                    continue
                return None  # digits side by side (二〇二六, 1 2): not an amount
            number, previous_was_unit = value, False
    if number is not None:
        if (
            last_unit
            and last_unit >= 100
            and not previous_was_unit
            and not zero_seen
            and number < 10
            and len(parts) > 1
        ):
            section += number * last_unit / 10  # 3万5, 三千五: one order below the last unit
        else:
            section += number
    value = total + section
    return int(value) if float(value).is_integer() else value


def parse_number(token: str) -> float | None:
    """``chinese_number`` of the longest prefix that parses (2万8一分 → 28000: the regex over-reads)."""
    for end in range(len(token), max(0, len(token) - 3), -1):
        value = chinese_number(token[:end])
        if value is not None:
            return value
    return None


def parse_number_text(token: str) -> str:
    """The longest prefix of ``token`` that ``chinese_number`` can read (or the token itself)."""
    for end in range(len(token), max(0, len(token) - 3), -1):
        if chinese_number(token[:end]) is not None:
            return token[:end]
    return token


def _pair(token: str) -> tuple[str, str | None]:
    """A token with a range of two neighbouring digits read at its low end, and the high end as written
    (四五十万 → 四十万, 五十万; 十几廿万 → 十几万, 廿万); the token itself and None when it holds no such range."""
    span = TENS_SPAN.search(token or "") if "几" in (token or "") else None
    if span:  # 十几廿万 → 十几万, 廿万 (round 13)
        return token[: span.start()] + span.group("low") + "几" + token[span.end() :], (
            token[: span.start()] + span.group("high") + token[span.end() :]
        )
    match = PAIR.search(token or "")
    if not match or DIGITS[match.group(2)] != DIGITS[match.group(1)] + 1:
        return token, None
    low = token[: match.start()] + match.group(1) + token[match.end() :]
    return low, token[: match.start()] + match.group(2) + token[match.end() :]


def is_range(token: str) -> bool:
    """Whether a number token is vague by itself: a leading 几 (几十, 几百万) or two neighbouring digits."""
    return _pair(token)[1] is not None or bool(SEVERAL_OF.match(token or ""))


def _precision(token: str, value: float) -> float:
    """The step a vague figure leaves open: 十几万 → 100000, 18万多 → 10000, 二十多 → 10, 8千多 → 1000;
    a range's whole width: 几十 → 80 (20 … 99), 四五十万 → 200000 (400000 … 599999)."""
    high = _pair(token)[1]
    if high is not None:
        top = chinese_number(high)
        if top is not None and top > value:
            return top - value + _precision(high, top)
    if SEVERAL_OF.match(token or "") and value > 0:
        return value * 4  # 2u … 10u - 1
    if value <= 0:
        return 1.0
    digits = f"{int(value)}".rstrip("0")
    return float(10 ** (len(f"{int(value)}") - len(digits))) if digits else 1.0


# ---- workers -----------------------------------------------------------------------------------
