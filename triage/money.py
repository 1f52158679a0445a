"""How much is owed: amounts as written (3万5, 十几万, 3.5w, 人均四千×20人), totals over monthly rates and
per-head figures, and the range a vague figure allows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.numbers import CN, DIGITS, NUM, VAGUE, _precision, chinese_number, parse_number_text

MONEY = re.compile(
    rf"(?P<pre>约|大约|大概|差不多|近|将近|共|合计|总共|一共|共计|总计|累计|加起来|加埋|成|足足|)?"
    rf"(?P<n>\d+(?:[.,]\d+)*(?:\s*[{CN}wWkK]+\s*\d?)*|[{CN}]+\d?)"
    rf"\s*(?P<vague>{VAGUE})?\s*(?P<unit>多万元|万元|万块|万多|万|元|块钱|块|蚊|文|w|W|k|K)?"
    rf"(?P<post>多|余|左右|上下)?"
)
WAGE_WORDS = r"工资|工钱|薪|人工|劳务费|血汗钱|出粮|欠|拖|没发|未发|没结|不发|不给|没拿|没给|合计|总共|一共|共计|加起来|加埋|冇"
NOT_WAGES_BEFORE = re.compile(
    r"(工程款|货款|营业额|产值|注册资[金本]|房租|学费|会员卡|罚款|押金|车票钱|油钱|退税|融资|贷款|赔偿|首付|彩礼|订金|定金)\D{0,4}$"
)
RATE_BEFORE = re.compile(
    r"(月薪|底薪|日薪|时薪|年薪|薪水是|一天|每天|一个月|每个月|每月|一月|每小时|一小时|每人每月|每人每个月)(?:是|约|大概|才|只有|只|都|有)?$"
)
RATE_AFTER = re.compile(
    r"^\s*(?:元|块)?\s*(?:/|一)(?:月|天|小时)|^\s*(?:元|块)?每(?:月|天|小时)|^\s*(?:元|块)?一个月"
)
PER_HEAD = re.compile(
    r"(人均|每人|每个人|每位|一人|每个|每名)(欠|约|大概|大约|差不多|都|被欠|少|有)?\D{0,2}$"
)
TOTAL_MARK = re.compile(r"(合计|总共|一共|共计|总计|累计|加起来|加埋|共|全部|总额|总数|涉及金额)\D{0,4}$")


@dataclass(frozen=True)
class Money:
    value: float
    approx: bool
    low: float
    high: float
    per_head: bool
    total: bool
    cut: bool = False  # cut off by a truncation (8万…): the range is known, the figure is not


def _money_mentions(text: str) -> list[Money]:
    found = []
    for match in MONEY.finditer(text):
        token, unit = match.group("n"), match.group("unit") or ""
        token = re.sub(r"\s+", "", token)
        if (
            not unit
            and len(token) > 1
            and token[-1] in DIGITS
            and token[-2] in "万千百wWkK"
            and re.match(
                r"[分毛角点个天年月人次下直样起共口半定切些]", text[match.end("n") : match.end("n") + 1]
            )
        ):
            token = token[:-1]  # 64万一分没拿到: the 一 starts 一分, it is not 64万1
        if not token or not re.search(r"\d|[一二两三四五六七八九十百千万几]", token):
            continue
        has_money_unit = bool(unit) or bool(re.search(r"[万千wWkK]", token))
        bare = not has_money_unit and re.fullmatch(r"\d{4,8}", token) is not None  # 工钱一共186000
        if not has_money_unit and not bare:
            continue
        raw = parse_number_text(token) + ("万" if unit.startswith("万") or unit in ("w", "W") else "")
        raw += "k" if unit in ("k", "K") else ""
        value = chinese_number(raw)
        if value is None and raw.startswith(("几", "成")):
            value = chinese_number("一" + raw[1:])
        if value is None or value < 100:
            continue
        before = text[max(0, match.start() - 10) : match.start()]
        after = text[match.end() : match.end() + 8]
        if re.fullmatch(r"1[3-9]\d{9}", token) or (not unit and re.fullmatch(r"(19|20)\d\d", token)):
            continue
        if (
            re.match(r"^\s*(年|月|日|号|个月|人(?!工)|名|个|位|岁|平|米|斤|亩|公里|次|台|辆|件|套|天)", after)
            and not unit
        ):
            continue
        context = text[max(0, match.start() - 14) : match.end() + 10]
        scaled = not bare and (bool(unit) or bool(re.search(r"[万wWkK]", token)))
        near_wages = re.search(WAGE_WORDS + "|人均|每人|每个人", context) or unit.startswith(
            ("元", "块", "蚊", "万元")
        )
        if not near_wages and not ((scaled or value >= 1000) and re.search(WAGE_WORDS, text)):
            continue  # kept: 18万6一分没见到, a scaled amount in a post about wages
        if NOT_WAGES_BEFORE.search(before):
            continue
        if RATE_BEFORE.search(before) or RATE_AFTER.match(after):
            continue
        vague = bool(
            match.group("vague") or match.group("post") in ("多", "余") or "多" in unit or "几" in token
        )
        about = bool(re.search(r"(约|大约|大概|差不多|近|将近)$", match.group("pre") or "")) or (
            match.group("post") in ("左右", "上下")
        )
        if vague:
            low, high = value, value + _precision(token, value) - 1  # 三十多万: 300000 … 399999
        elif about:
            low, high = value * 0.9, value * 1.1
        else:
            low = high = value
        if re.match(r"^\s*(?:…|\.{3}|全文)", text[match.end() :]):
            # cut off: 8万… may be 8万1; 15万一… may be 15万一分, so a trailing digit is not trusted
            low = value
            if len(token) > 1 and (token[-1].isdigit() or token[-1] in DIGITS) and token[-2] in "万千百wWkK":
                low = chinese_number(token[:-1] + ("万" if unit.startswith("万") else "")) or value
            high = value + _precision(token, value) * (10 if unit else 1) - 1
            found.append(Money(float(value), True, low, high, False, False, cut=True))
            continue
        per_head = bool(PER_HEAD.search(before))
        total = bool(TOTAL_MARK.search(before + (match.group("pre") or "")))
        found.append(Money(float(value), vague or about, low, high, per_head, total))
    return found


TIMES = re.compile(rf"[×xX*乘]\s*(?P<n>{NUM})\s*(?:个|名|位)?人")


def _amount(text: str, workers: int | None) -> tuple[float | None, tuple[float, float] | None]:
    mentions = _money_mentions(text)
    totals = [m for m in mentions if not m.per_head]
    marked = [m for m in totals if m.total]
    if marked:
        best = max(marked, key=lambda m: m.value)
        return best.value, (best.low, best.high)
    heads = [m for m in mentions if m.per_head]
    if heads:
        count = workers
        times = TIMES.search(text)
        if times:
            count = chinese_number(times.group("n")) or count
        if count and (not totals or max(t.value for t in totals) < heads[0].value * count * 0.5):
            each = heads[0]
            return float(each.value * count), (each.low * count, each.high * count)
    if totals:
        best = max(totals, key=lambda m: m.value)
        return (None if best.cut else best.value), (best.low, best.high)
    return None, None
