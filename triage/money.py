"""How much is owed: amounts as written (3万5, 十几万, 3.5w, 一亿多, 人均四千×20人), totals over monthly rates
and per-head figures, and the range a vague figure allows.

Not wages: supplier or rent debts (in a clause about 货款, 供应商, 房租 with no wage word), money moved or
borrowed (卷走一亿, 账上一百多万, 借了两千多块), pay levels and pay changes (工资本来就两千出头, 降一千多),
less-than figures (不到一百块), phone tails (139****2741) and the 12345 hotline. What is still owed wins
over what was paid (仲差四十万, 剩余400多万元; 11万多只结了1万多 → 10万), and one worker's own share (我一个人就
八万多) is not the group's total,
nor is another person's own (经理话佢自己都畀人拖咗四个月，成两万蚊). Money named for what it is (给每人一千元路费,
垫了几千医药费) and figures of speech (数以千万计) are not wages; wages and a deposit told together
(工资加押金大概7万5) are. Round 4: money of an injury (私了给几千块, 康复费, 截肢), raised by a family (凑了六千) or
offered once (一次性给付数千元) is not wages; a pay level named again (一个月先五百…五百块都要拖) is that level; a
Cantonese claim (走数, 攞唔返) names the sum owed."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from triage import quickscan
from triage.moneywords import (
    CURRENCY_TAIL,
    GROUP_PART_BEFORE,
    GROUP_PART_IN,
    LEFT_BEFORE,
    NOT_AMOUNT_BEFORE,
    NOT_PAID_AFTER,
    NOT_WAGES_BEFORE,
    OWN_SHARE_AFTER,
    OWN_SHARE_BEFORE,
    PAID_BEFORE,
    PART_BEFORE,
    PARTS_JOIN,
    PER_HEAD,
    RATE_AFTER,
    RATE_BEFORE,
    REMAINING_PEOPLE,
    SEVERALLY,
    STILL_OWED_BEFORE,
    WAGE_PART_AFTER,
    WAGE_PART_BEFORE,
    WAGES_WITH_COSTS,
)
from triage.numbers import CN, DIGITS, NUM, VAGUE, _precision, chinese_number, is_range, parse_number_text
from triage.wordfile import alternation, load_words

# the operator-editable word lists (data/money_words.toml): what a figure is, by the words around it
WORDS = load_words("money_words")


# (the lookahead first: a figure, or a word before it, starts with one of these characters; said first it lets the
# regex engine skip to such a character instead of trying every position of the text, issue 12)
MONEY_PRE = "约|大约|大概|差不多|差唔多|近|将近|共|合计|总共|一共|共计|总计|累计|加起来|加埋|成|足足"
MONEY = quickscan.compile(
    rf"(?=[\d{CN}{''.join(sorted({w[0] for w in MONEY_PRE.split('|')}))}])"
    rf"(?P<pre>{MONEY_PRE}|)?"
    rf"(?P<n>\d+(?:[.,]\d+)*(?:\s*[{CN}wWkK]+\s*\d{{0,4}}(?![\d年月号日点]))*|[{CN}]+\d?)"
    rf"\s*(?P<vague>{VAGUE})?\s*(?P<unit>多万元|万元|万块|万多|万|元|块钱|块|蚊|文|w|W|k|K)?"
    rf"(?P<post>多|余|左右|上下)?"
)
WAGE_WORDS = (
    r"工资|工钱|薪|人工|劳务费|血汗钱|出粮|欠|拖|没发|未发|没结|不发|不给|没拿|没给|合计|总共|一共|共计|加起来|加埋|冇|"
    r"未找|找数|未收|"  # Cantonese: 仲有二百几万未找 (still unpaid)
    r"没领|未领|没收到|未收到|粮(?!食|油|仓|站)"  # round 8b: 一分钱没领到, 当出咗二月粮
)
# a post about a boss gone or a claim under way: its scaled figures are the wages (21个人13万多)
CLAIM_WORDS = (
    WAGE_WORDS
    + r"|讨|走佬|跑路|跑了|失联|着落|收到钱|等钱|要钱|拿不到|走数|攞唔返|攞唔到|拿不回|要不回|追不回"
    # round 10: a boss who cannot be found (老板还是没露面, 联系不上)
    + r"|没露面|不露面|联系不上|找不到老板|玩失踪|失踪"
    # xk15: the money never seen (一分钱没见着, 派费就没再见过)
    + r"|没见着|没见过|没再见过|未见过|都未见"
)
NUMERIC = re.compile(r"\d|[一二两三四五六七八九十百千万几]")
SCALED = re.compile(r"[万千亿wWkK]")
SCALED_W = re.compile(r"[万wWkK]")
BARE = re.compile(r"\d{4,8}")
NEAR_WAGES = re.compile(WAGE_WORDS + "|人均|每人|每个人")
CLAIMS = re.compile(CLAIM_WORDS)
# (xk15: 两百五十个工友，一千三百万 — the head count told by a people word too)
PEOPLE_BEFORE = re.compile(
    rf"(?:{NUM})(?:多|余|来|几)?(?:个|名|号)?(?:人|工友|工人|员工|师傅|兄弟|伙计|农民工|民工)[,，、]?$"
)
NOT_WAGE_DEBT = quickscan.compile(
    r"遣散费|遣散|代通知金|补偿金|赔偿金|货款|供应商|加工费|工程款|房租|租金|贷款|借款|首付|营业额|产值|账上|账户|(?:供应商|商户|银行|货|房东|借)[^，,。]{0,6}欠款"
)
FIRMS_DEBT = re.compile(r"工程款|工程费|货款|加工费|材料款")
WORKERS_NAMED = re.compile(
    r"工人|农民工|民工|员工|工友|师傅|班组|伙计|职工|老乡|乡亲|手下"
)  # 手下五十多个老乡 (round 10)
WAGE_IN_CLAUSE = re.compile(
    r"工资|工钱|人工|薪|劳务费|血汗钱|出粮|粮|(?:工人|农民工|民工|工友)的"
)  # 应给工人的8万元
PAY_CHANGE = re.compile(
    r"降薪|降低|要降|下调|减薪|加薪|涨薪|涨了|扣减|" + alternation(WORDS["pay_change"]["words"])
)
# 17万棵树, 3万人: a scaled figure of things or people, not money (round 8b)
CURRENCY_UNIT = re.compile(r"元|块|蚊")
NOT_MONEY_AFTER = re.compile(
    rf"(?:多|余|来|几)?(?:{alternation(WORDS['not_money_after']['words'])})(?!工|民币)"
)
# money named for what it is, which is not wages: 给每人一千元路费, 垫了5万多医药费
NOT_WAGES_AFTER = re.compile(
    rf"^\s*(?:元|块|蚊)?(?:的)?(?:{alternation(WORDS['not_wages']['after'])})"
    r"|^\s*(?:元|块|蚊)?(?:钱)?(?:一次性|私了|了结)"
)
# any word ending in 费 names a fee (200元信息费, 保养费1万多元, 买工费逾100万元), except the pay ones (am11)
PAY_FEES = alternation(WORDS["fees"]["pay"])
FEE_AFTER = re.compile(
    rf"\s*(?:元|块|蚊)?(?:的)?[「“\"]?(?!{PAY_FEES}|工资|工钱|人工|薪)(?:(?![和及与加连同的元块蚊])[\u4e00-\u9fff]){{1,3}}费"
)
FEE_BEFORE = quickscan.compile(
    "".join(f"(?<!{re.escape(w[:-1])})" for w in WORDS["fees"]["pay"] if w.endswith("费"))
    + r"费(?:用)?[」”\"]?(?:约|逾|达|高达|共|合计|合共|总计|是|为|有|了|要|就|都)?$"
)
# a sentence that tallies cases (受理投诉684件, 查处欠薪案件130宗) is a report's statistics (am11)
TALLY = re.compile(
    rf"(?:\d[万千]?|[{CN}]{{2}})(?:余|多)?(?:{alternation(WORDS['tally']['units'])})"
    rf"(?!{alternation(WORDS['tally']['not_after'])})"
)
CASES = re.compile(alternation(WORDS["tally"]["cases"]))
# 全省共…, 全市累计…: a whole region's work summed, in one sentence
SCOPE = re.compile(rf"(?:{alternation(WORDS['tally']['scope'])})[^。！!？?；;\n\d]{{0,6}}?(?:共|累计)")
TALLY_CHARS = frozenset(w[-1] for w in WORDS["tally"]["units"])  # (件 宗 起 次: cheap to look for)
# Cantonese slang for sums after a numeral (三嚿水 300, 两撇水 2000, 五皮嘢 50000), read as units of the same length
SLANG_UNITS = WORDS["cantonese_units"]["units"]
assert all(len(k) == len(v) for k, v in SLANG_UNITS.items()), "a slang unit and its reading must be as long"
SLANG_CHARS = frozenset(k[0] for k in SLANG_UNITS)
SLANG = re.compile(
    rf"(?P<n>[\d{CN}]+)(?P<unit>{alternation(list(SLANG_UNITS))})"
    rf"(?!{alternation(WORDS['cantonese_units']['not_after'])})"
)
# 万科, 万幸, 千万别: a lone scale word with no numeral is no figure, unless a word before makes it one (成万, 过万,
# 上万, 近千万)
LONE_SCALE = frozenset({"万", "千", "百", "亿", "千万", "百万"})
LONE_SCALE_BEFORE = frozenset("上过成几近逾数超")
LONE_SCALE_NOT_AFTER = frozenset("别不要唔莫记小注分")  # 千万别去, 千万唔好: an adverb
WAGES_AND = re.compile(r"(?:工资|人工|工钱|薪水)(?:加上|加|和|连同|连|及)[^，,。]{0,6}$")
# 积欠薪资及资遣费约6500万元, 连欠薪带遣散费: wages lumped with a fee named (severance, notice pay) count (q. 8, am11)
WAGES_AND_FEE = re.compile(
    r"(?:工资|人工|工钱|薪水|薪资|薪金|欠薪)(?:加上|加埋|加|和|连同|连|带|及|与|同|、)[^，,。]{0,8}$"
)
SENTENCE_END = re.compile(r"[。！!？?；;\n]")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
PHONE_BEFORE = re.compile(r"电话|热线|号码|手机|联系方式|致电|拨打")
# 60到80万: the low end of a range told with its unit only once (round 8)
RANGE_LOW_BEFORE = quickscan.compile(
    rf"(?<![\d.{CN}])(?P<lo>\d+(?:\.\d+)?|[{CN}]{{1,3}})\s*(?:到|至|-|~|～|—)\s*$"
    # 三、四万: two one-digit numerals told with a pause mark (am11)
    rf"|(?<![\d.{CN}])(?P<one>[1-9一二两三四五六七八九])、$"
)
RANGE_START = re.compile(r"[\d零〇一二两三四五六七八九十百千几]+(?:块|元|蚊)?(?:到|至|-|~)$")
RANGE_TAIL = tuple(c + end for c in "到至-~" for end in ("", "\n"))  # (where RANGE_START may match, issue 12)
RANGE_JOIN = re.compile(r"\s*(?:至|到|-|~|～|—|－)\s*")
TOTAL_MARK = re.compile(r"(合计|总共|一共|共计|总计|累计|加起来|加埋|共|全部|总额|总数|涉及金额)\D{0,4}$")

# patterns used for every figure, compiled once (issue 12)
MOBILE = re.compile(r"1[3-9]\d{9}")
YEAR = re.compile(r"(19|20)\d\d")
ABOUT_PRE = re.compile(r"(约|大约|大概|差不多|差唔多|近|将近)$")
CUT_AFTER = re.compile(r"^\s*(?:…|\.{3}|全文)")
TEN_THOUSANDS_END = re.compile(r"[万wW]$")
PAY_LEVEL_AFTER = re.compile(r"^(?:的|嘅)(?:工资|人工|月薪)")


@dataclass(frozen=True)
class Money:
    value: float
    approx: bool
    low: float
    high: float
    per_head: bool
    total: bool
    cut: bool = False  # cut off by a truncation (8万…): the range is known, the figure is not
    at: int = 0  # where it is written
    paid: bool = False  # already paid (只结了1万多, 攞咗十万)
    still_owed: bool = False  # what is still missing (仲差四十万, 剩余400多万元)
    own_share: bool = False  # one worker's own share (我一个人就八万多)
    wage_part: bool = False  # the wages within a larger sum told beside it (其中97万元是员工薪水)


def _money_mentions(text: str) -> list[Money]:
    if SLANG_CHARS.intersection(text):
        text = SLANG.sub(
            lambda m: m.group("n") + SLANG_UNITS[m.group("unit")], text
        )  # 两皮人工 → 两万人工 (am11)
    if FIRMS_DEBT.search(text) and not WAGE_IN_CLAUSE.search(text) and not WORKERS_NAMED.search(text):
        return []  # 积欠工程款共130万: a contract debt between firms, no wage and no worker named anywhere
    # CURRENCY_TAIL is looked for only where a currency's last characters are written (most posts: none, issue 12)
    currency = "币" in text or "港元" in text or "澳门元" in text or "$" in text
    found = []
    ends: list[int] = []  # where each figure found ends
    # pay levels named (一个月就五百块): the same figure again is that level (五百块都要拖)
    rates: set[float] = set()
    rate_end = 0  # where the last pay level named ends
    statistics = _tallied_sentences(text)
    for match in MONEY.finditer(text):
        token, unit = match.group("n"), match.group("unit") or ""
        token = "".join(token.split())  # (\s+ taken out: str.split's whitespace is re's \s)
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
        if not token or not NUMERIC.search(token):
            continue
        if (
            token in LONE_SCALE
            and not (match.group("pre") or (match.group("vague") and unit))  # 百多万, 千余元: a figure
            and text[match.start() - 1 : match.start()] not in LONE_SCALE_BEFORE
            and (
                text[match.end() : match.end() + 1] in LONE_SCALE_NOT_AFTER
                if len(token) > 1
                else not text.startswith("把", match.end())  # 万把块, 千把块: about ten / one thousand
            )
        ):
            continue  # 万科, 万幸, 千万别: no numeral, no figure (欠薪千万 is one, am11)
        if token in LONE_SCALE and text[match.start() - 1 : match.start()] == "数":
            token = (
                "几" + token
            )  # 两人数万元 (数 left as written after 人): 几万, read at 20000 as 几十 is 20 (am11)
        if statistics and any(start <= match.start() < end for start, end in statistics):
            continue  # 受理投诉684件，为2417名农民工追回工资513万元: a report's statistics (am11)
        # HK$35,000, 新台币8000: a currency before the figure is its unit (round 7)
        has_money_unit = (
            bool(unit)
            or bool(SCALED.search(token))
            or (currency and bool(CURRENCY_TAIL.search(text, max(0, match.start() - 6), match.start())))
        )
        # 工钱一共186000 (BARE: 4 to 8 digits)
        bare = (
            not has_money_unit
            and 4 <= len(digits := token.replace(",", "")) <= 8
            and BARE.fullmatch(digits) is not None
        )
        if not has_money_unit and not bare:
            continue
        raw = parse_number_text(token) + ("万" if unit.startswith("万") or unit in ("w", "W") else "")
        raw += "k" if unit in ("k", "K") else ""
        value = chinese_number(raw)
        if value is None and raw.startswith(("几", "成")):
            value = chinese_number("一" + raw[1:])
        if value is None and raw.startswith(("千万", "百万")):
            value = chinese_number("一" + raw)  # 近千万元: ten million
        if value is None or value < 100:
            continue
        before = text[max(0, match.start() - 10) : match.start()]
        before = CURRENCY_TAIL.sub("", before) if currency else before
        after = text[match.end() : match.end() + 8]
        if MOBILE.fullmatch(token) or (not unit and YEAR.fullmatch(token)):
            continue
        if (
            (unit or SCALED.search(token))
            and not CURRENCY_UNIT.search(unit)
            and NOT_MONEY_AFTER.match(text, match.end())
        ):
            continue  # 17万棵树, 3万人: things or people counted, not money (round 8b)
        if before.endswith("*") or (token == "12345" and not unit):
            continue  # the tail of a masked phone (139****2741), the 12345 hotline
        if bare and (
            PHONE_BEFORE.search(text, max(0, match.start() - 24), match.start())
            or (7 <= len(token) <= 8 and PHONE_BEFORE.search(text))  # 和平区23315128；南开区27377282 (am11)
        ):
            continue  # 投诉电话：…南开区27377282 (round 8): a phone number, not money
        if not unit and re.match(
            r"^\s*(?:[\u4e00-\u9fff]{1,2}籍)?(年|月|日|号|个月|人(?!工(?!资|钱))|名|个|位|岁|平|米|斤|亩|公里|次|台|辆|件|套|天|工人|员工|工友|民工|"
            r"方(?!面|案|法|式|向)|立方|吨|"
            r"农民工|师傅|职工|家)",
            after,
        ):
            continue
        if NOT_AMOUNT_BEFORE.search(before + (match.group("pre") or "")) or text.startswith(
            "计", match.end()
        ):
            continue  # 卷走, 借了; 数以千万计 is no figure
        clause = _clause(text, match.start(), match.end())
        if (NOT_WAGE_DEBT.search(clause) and not WAGE_IN_CLAUSE.search(clause)) or PAY_CHANGE.search(clause):
            continue
        if "费" in text and WAGES_WITH_COSTS.search(
            text, _sentence(text, match.start(), match.end())[0], match.start()
        ):
            continue  # 人工加工程费欠成七千万, 工程的工资及费用…涉款逾七千万元: wages lumped with costs (xk15)
        if "不等" in clause:
            continue  # 欠的从几千到一万多不等: how much each one is owed, no total
        pay_level = not unit and value < 10_000 and PAY_LEVEL_AFTER.match(after)
        if pay_level and not PER_HEAD.search(before):
            continue  # 2900的工资: a pay level (每人5500的工资 is each one's arrears)
        context = text[max(0, match.start() - 14) : match.end() + 10]
        scaled = not bare and (bool(unit) or bool(SCALED_W.search(token)))
        near_wages = (
            NEAR_WAGES.search(context)
            or unit.startswith(("元", "块", "蚊", "万元"))
            or (scaled and PEOPLE_BEFORE.search(before))
            or STILL_OWED_BEFORE.search(before + (match.group("pre") or ""))
        )
        if not near_wages and not ((scaled or value >= 1000) and CLAIMS.search(text)):
            continue  # kept: 18万6一分没见到, a scaled amount in a post about wages
        if (NOT_WAGES_BEFORE.search(before) and not WAGES_AND.search(before)) or (
            FEE_BEFORE.search(before) and not WAGES_AND_FEE.search(before)
        ):
            continue  # 押金, not wages; 工资加押金大概7万5 is both
        # a pay level, also one told as a range (每月只兑几百到一千多块: RANGE_START taken off first)
        if (
            RATE_BEFORE.search(before)
            or (before.endswith(RANGE_TAIL) and RATE_BEFORE.search(RANGE_START.sub("", before)))
            or RATE_AFTER.match(after)
            or (rate_end and RANGE_JOIN.fullmatch(text[rate_end : match.start()]))
        ):
            rates.add(value)  # … and the top of a range of pay (一个月最多三千多到四千块)
            rate_end = match.end()
            continue
        if NOT_WAGES_AFTER.match(after) or FEE_AFTER.match(after):
            if found and RANGE_JOIN.fullmatch(text[ends[-1] : match.start()]):
                found.pop()  # 2万至100万元罚锾: a range takes the name told after its top end (am11)
                ends.pop()
            continue
        if value in rates and value < 10_000:
            continue
        vague = bool(
            match.group("vague")
            or match.group("post") in ("多", "余")
            or "多" in unit
            or "几" in token
            or is_range(token)
        )
        about = bool(ABOUT_PRE.search(match.group("pre") or "")) or (match.group("post") in ("左右", "上下"))
        if vague:
            low, high = value, value + _precision(token, value) - 1  # 三十多万: 300000 … 399999
        elif about:
            low, high = value * 0.9, value * 1.1
        elif TEN_THOUSANDS_END.search(token + unit.rstrip("元块")) and value % 10_000 == 0:
            # 十三万 may be 13万1千多 or 12万8千 rounded up: 123500 … 139999
            low, high = value * ROUNDED_DOWN, value + _precision(token, value) - 1
        else:
            low = high = value
        if CUT_AFTER.match(text[match.end() :]):
            # cut off: 8万… may be 8万1; 15万一… may be 15万一分, so a trailing digit is not trusted
            low = value
            if len(token) > 1 and (token[-1].isdigit() or token[-1] in DIGITS) and token[-2] in "万千百wWkK":
                low = chinese_number(token[:-1] + ("万" if unit.startswith("万") else "")) or value
            high = value + _precision(token, value) * (10 if unit else 1) - 1
            found.append(Money(float(value), True, low, high, False, False, cut=True))
            ends.append(match.end())
            continue
        range_low = RANGE_LOW_BEFORE.search(text, max(0, match.start() - 6), match.start())
        if (
            range_low
            and re.search(r"[万wW]", token + unit)
            and not re.search(r"[万wW千百]", range_low.group("lo") or "")
        ):
            lo = chinese_number(range_low.group("lo") or range_low.group("one"))
            if lo and 0 < lo * 10_000 < value:
                value, low, vague = float(lo * 10_000), float(lo * 10_000), True  # 60到80万 → 600000 … 800000
        per_head = bool(PER_HEAD.search(before))
        lead = before + (match.group("pre") or "")
        total = bool(TOTAL_MARK.search(lead)) and not GROUP_PART_BEFORE.search(
            text, max(0, match.start() - 24), match.start()
        )
        sentence = text[
            max((m.end() for m in SENTENCE_END.finditer(text, 0, match.start())), default=0) : match.start()
        ]
        if found and PARTS_JOIN.fullmatch(text[ends[-1] : match.start()]) and SEVERALLY.search(sentence):
            # 分别支付二原告7905元和7826元, 分别涉及…追讨总额约296万及370万元: the parts added up (round 8b)
            last = found[-1]
            found[-1] = replace(last, value=last.value + value, low=last.low + low, high=last.high + high)
            ends[-1] = match.end()
            continue
        if found and RANGE_JOIN.fullmatch(text[ends[-1] : match.start()]):
            # 约500万至600万: one figure told as a range, its lower bound first (as 五六百万)
            found[-1] = replace(found[-1], approx=True, high=max(found[-1].high, high))
            ends[-1] = match.end()
            continue
        # 预支了500元和5000元: a part told with a paid one was paid too (am11)
        paid_part = bool(found and found[-1].paid and PARTS_JOIN.fullmatch(text[ends[-1] : match.start()]))
        still_owed = _still_owed(text, match, lead, after) and not (found and GROUP_PART_IN.search(sentence))
        own_share = bool(
            OWN_SHARE_BEFORE.search(
                text[max(0, match.start() - 24) : match.start()] + (match.group("pre") or "")
            )
        ) or bool(OWN_SHARE_AFTER.match(text, match.end()))
        ends.append(match.end())
        found.append(
            Money(
                float(value), vague or about, low, high, per_head, total, at=match.start(),
                paid=bool(PAID_BEFORE.search(lead)) or paid_part, still_owed=bool(still_owed),
                own_share=own_share,
                wage_part=_wage_part(text, match, lead),
            )
        )  # fmt: skip
    return found


def _tallied_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a report's statistics: those that tally cases (受理投诉684件, 查处欠薪案件130宗, 化解75起)
    and those that sum a whole region's work (全省共支持600余名农民工起诉讨薪1200余万元), am11."""
    spans = []
    if any(ch in text for ch in TALLY_CHARS) and CASES.search(text):
        for tally in TALLY.finditer(text):
            start, end = _sentence(text, tally.start(), tally.end())
            # (接获二十多宗求助，其中一个地盘拖欠…涉款约500万元: one case told after 其中 is no statistic)
            one_case = text.find("其中", tally.end(), end)
            end = one_case if one_case >= 0 else end
            if tally.group().endswith("次") or CASES.search(text, start, end):
                spans.append((start, end))
    if "共" in text or "累计" in text:
        spans += [_sentence(text, scope.start(), scope.end()) for scope in SCOPE.finditer(text)]
    return spans


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around text[start:end] starts and ends (。！？； and line breaks end one)."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = SENTENCE_END.search(text, end)
    return left, stop.start() if stop else len(text)


def _still_owed(text: str, match: re.Match, lead: str, after: str) -> bool:
    """仍欠8万, 尚欠逾579万, 还有5万元没给: what is still missing, unless it is one part of a total told
    before it (总额近40万元，其中陈老板那笔还欠8万元)."""
    left = (
        STILL_OWED_BEFORE.search(lead)
        or (LEFT_BEFORE.search(lead) and NOT_PAID_AFTER.match(after))
        or REMAINING_PEOPLE.search(_clause(text, match.start(), match.start()))
    )
    return bool(left) and not PART_BEFORE.search(text[max(0, match.start() - 14) : match.start()])


def _wage_part(text: str, match: re.Match, lead: str) -> bool:
    """其中九十七万元是员工薪水, 其中农民工工资数百万元: the wages within a larger sum told beside them."""
    wide = text[max(0, match.start() - 24) : match.start()] + (match.group("pre") or "")
    if WAGE_PART_BEFORE.search(lead) or WAGE_PART_BEFORE.search(
        wide
    ):  # 其中老吴等二十名工人的工资合计… (round 10)
        return True
    return bool(
        PART_BEFORE.search(text[max(0, match.start() - 6) : match.start()])
        and WAGE_PART_AFTER.match(text[match.end() : match.end() + 10])
    )


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end] (between commas, full stops, line breaks)."""
    ends = _clause_ends(text)
    before = bisect_left(ends, start)  # the marks before start (each one character)
    left = ends[before - 1] + 1 if before else 0
    after = bisect_left(ends, end)
    return text[left : ends[after] if after < len(ends) else len(text)]


@lru_cache(maxsize=8)
def _clause_ends(text: str) -> list[int]:
    """Where a post's clauses end, found once for all its figures (issue 12)."""
    return [m.start() for m in CLAUSE_END.finditer(text)]


# 只付了6千元，剩下的说没钱一直没给: the rest said to be unpaid (am11)
REST_UNPAID = re.compile(
    r"[^。；;]{0,12}?(?:剩下|余下|其余|剩余|余款)[^。；;]{0,12}?(?:没|未|冇|不)(?:有)?(?:给|付|发|结|支付)"
)
ROUNDED_DOWN = 0.99  # a round figure (三十万) may be a figure a little below it rounded up (29万8千)
TIMES = re.compile(rf"[×xX*乘]\s*(?P<n>{NUM})\s*(?:个|名|位)?人")


def _rest_owed(text: str, best: Money, paid: list[Money]) -> tuple[float, tuple[float, float]] | None:
    """The total less the one part paid, when the part is told right after it (11万多的工钱只结了1万多) or the rest
    is said to be unpaid after it (共计6万元，后来只付了6千元，剩下的一直没给, am11)."""
    if len(paid) != 1 or not paid[0].value < best.value or best.cut:
        return None
    gap = paid[0].at - best.at
    if not (0 < gap <= 14 or (gap > 0 and REST_UNPAID.match(text, paid[0].at, paid[0].at + 40))):
        return None
    rest = round(best.value - paid[0].value, 2)
    return rest, (max(0.0, best.low - paid[0].high), best.high - paid[0].low)


def amounts_named(mentions: list[Money]) -> list[tuple[float, float]]:
    """The ranges of every wage figure a post names (a total, one worker's share, what is still owed), so
    that a retelling naming one of them agrees with it whichever the post called its total."""
    return [(m.low, m.high) for m in mentions if not m.cut]


def _amount(
    text: str, workers: int | None, mentions: list[Money] | None = None
) -> tuple[float | None, tuple[float, float] | None]:
    mentions = _money_mentions(text) if mentions is None else mentions
    parts = [m for m in mentions if m.wage_part and not m.paid]
    if parts:
        best = max(parts, key=lambda m: m.value)
        return best.value, (best.low, best.high)
    # (not one worker's own, with others counted: 他和七八个工友…还欠他3800元, round 10)
    still = [
        m for m in mentions if m.still_owed and not m.per_head and not (m.own_share and (workers or 1) > 1)
    ]
    if still:
        best = max(still, key=lambda m: m.value)
        return best.value, (best.low, best.high)
    paid = [m for m in mentions if m.paid]
    mentions = [m for m in mentions if not m.paid]
    own = [m for m in mentions if m.own_share]
    if own and len(own) < len(mentions):
        mentions = [m for m in mentions if not m.own_share]  # the group's figure, not one worker's share
    elif own and workers and workers > 1:
        return None, None  # only one worker's share of a group's arrears
    totals = [m for m in mentions if not m.per_head]
    marked = [m for m in totals if m.total]
    if marked:
        best = max(marked, key=lambda m: m.value)
        if len(totals) == 1 and _rest_owed(text, best, paid):
            return _rest_owed(text, best, paid)  # 共计6万元，后来只付了6千，剩下的一直没给 (am11)
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
        if len(totals) == 1 and _rest_owed(text, best, paid):
            return _rest_owed(text, best, paid)  # 11万多的工钱只结了1万多: what is still owed
        return (None if best.cut else best.value), (best.low, best.high)
    return None, None
