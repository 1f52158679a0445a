"""How long the wages are owed (``months_unpaid``), read from the words of a post (issue 11).

How posts say it, and what is not it, is written at the top of ``data/month_words.toml`` (the words an operator
can add to); the ways are tried in this order, the first that finds a length giving it: a count of months beside
the owing, the count told first (两个月人工冇出 before another person's 四个月; 三个几月人工 → 3); a count of years
(讨薪两年多了, 五年冇正式出过粮, 一年白干); the widest span of named months however it is said (4月到7月都没发,
三月做到六月…未收, 二三四月, 去年11月至今年2月); since a month, season or festival up to ``posted_at`` (自去年9月
停工至今, 由六月拖到而家, 过完年就没发过); days (53天工资 → 1.8); one named month's wages (一月粮, 十月份人工,
上个月工资 → 1); and, when nothing else is said, the months worked while something is still owed.
"""

from __future__ import annotations

import re
from datetime import datetime

from triage import quickscan
from triage.numbers import CN, NUM, chinese_number
from triage.wordfile import alternation, load_words

# the operator-editable word lists (data/month_words.toml)
WORDS = load_words("month_words")


COUNT_WORDS = WORDS["count"]
OWED_BEFORE = alternation(COUNT_WORDS["owed_before"])
OWED_AFTER = alternation(COUNT_WORDS["owed_after"])
NOT_OWED_AFTER = alternation(COUNT_WORDS["not_owed_after"])
OWED_THEN_LENGTH = alternation(COUNT_WORDS["owed_then_length"])
NOT_OWED_ABSENT = alternation(COUNT_WORDS["not_owed_absent"])
WORK_ENDED = alternation(COUNT_WORDS["work_ended"])
FOR_NOTHING = alternation(COUNT_WORDS["for_nothing"])
CHASED = alternation(WORDS["years"]["chased"])
WORKED_VERBS = alternation(WORDS["worked"]["verbs"])

# (not 第一个月: an ordinal; 三个几月 is three and a few more, read at three; 个几月 alone is one, mo11)
# (the lookahead first: a count starts with a digit, a numeral, 个, 半 or 成, and said first it lets the regex engine
# skip to such a character instead of trying every position, issue 12)
MONTH_COUNT = rf"(?=[\d{CN}个半成])(?<!第)(?:(?P<n>{NUM})\s*(?P<half>个半|个多|个几|多个|个)\s*(?P<more>多|半)?|(?P<n2>个半|半个|成个|(?<![\d一二两三四五六七八九十几百成])个[多几]))\s*月"
# what every MONTH_COUNT writes: 个 and 月 with at most 多, 几 or 半 (and spaces) between
MONTH_COUNT_SAID = re.compile(r"个[多几半]?\s*[多半]?\s*月")
# 8至9个月: a range of counts, read at its low end; 补1个月工资, 赔两个月工资: compensation, not months unpaid
COUNT_RANGE_BEFORE = quickscan.compile(rf"(?P<lo>{NUM})\s*(?:至|到|-|~|—)\s*$")
# 等了一个月工钱: how long they waited, not months unpaid (round 10)
NOT_UNPAID_BEFORE = re.compile(rf"(?:{alternation(COUNT_WORDS['not_owed_before'])})\s*$")
MONTHS = [
    quickscan.compile(rf"(?:{OWED_BEFORE})[^。!?！？，,；;]{{0,12}}?{MONTH_COUNT}"),
    quickscan.compile(
        rf"{MONTH_COUNT}(?:(?:的|嘅|)(?:{OWED_AFTER})"
        rf"|(?:的|嘅)钱)"
    ),
    # (not the boss: 老板一个几月冇出现, 四个月没露面, mo11)
    quickscan.compile(rf"{MONTH_COUNT}(?:了|啦|咯)?(?:都|还|仍)?(?:没|未|冇|不)(?!{NOT_OWED_ABSENT})"),
    # round 10: since the work ended (完工三个月了), worked for nothing (白干四个月), the whole length (足足三个月),
    # a length then nothing paid past a comma (来了两个月，一分钱没拿到)
    quickscan.compile(rf"(?:{WORK_ENDED})(?:已经|已|都|快|了)?{MONTH_COUNT}(?:了|多了)"),
    quickscan.compile(rf"(?:{FOR_NOTHING})(?:了|咗)?{MONTH_COUNT}"),
    quickscan.compile(
        rf"(?<!走了)(?<!讨了)(?<!等了)(?:整整|足足)(?:有)?{MONTH_COUNT}"
    ),  # (not 讨薪路走了整整五个月)
    quickscan.compile(
        rf"{MONTH_COUNT}[，,]\s*(?:一分钱|一分|一蚊|一毛钱|一毛)(?:都|也)?(?:没|未|冇)(?:有)?(?:拿到|领到|收到|见到|见过|发|结)"
    ),
    # round 10: the length told after the arrears, past a comma (拖欠他的工资，到现在四个多月了; 没拿过一分钱，九个多月了)
    # or a question (mo11: 工资就可以不发？五个月了)
    quickscan.compile(
        rf"(?:{OWED_THEN_LENGTH})[^。!?！？；;]{{0,16}}?[，,？?！!]\s*(?:到现在|至今|已经|已有|已|都)?\s*"
        rf"(?:有|近|快)?{MONTH_COUNT}(?:了|之久|有余)"
    ),
    # 两个月24000块工资没发, 三个月52.5万没发
    # (not a period a report covers: 近两个月接获三十几宗…拖欠薪金求助)
    quickscan.compile(
        rf"{MONTH_COUNT}(?!{NOT_OWED_AFTER})[^。!?！？，,；;]{{0,12}}?"
        rf"(?:工资|工钱|人工|薪|没发|未发|没结|不发|没拿|没给|拖着|冇出粮|未出|拖欠|欠)"
    ),
]
# (the first characters of every form below, looked ahead for first: issue 12's quick path, mo11)
YEARS_AHEAD = rf"(?=[\d{CN}半拖欠没未已都干做搁烂完竣交盖建工人薪报白{''.join({w[0] for w in COUNT_WORDS['owed_then_length'] + WORDS['years']['chased']})}])"
YEARS = quickscan.compile(
    rf"{YEARS_AHEAD}(?:(?:拖|欠|没发|未发)[^。!?！？，,]{{0,6}}?(?P<n>{NUM}|半)年(?P<more>多)?|(?P<n2>{NUM}|半)整?年(?:多)?(?:的)?(?:工资|工钱|没发|未发)"
    # 讨薪两年多了, 活干完已经两年多了, 五年冇正式出过粮, 这五年…没有正常发过工资
    # round 7: 工程搁浅两年多了, 楼盖好都一年多了, 6年了还没领到工资; round 8b: 讨了三年还没讨回来
    rf"|(?:{CHASED}|已经|都已|干完|做完|搁浅|烂尾|完工|竣工|交工|盖好|建好)[^。!?！？，,]{{0,3}}?(?P<n3>{NUM}|半)年(?:多)?(?:了|来|还|都|仍|也|无果)"
    # round 10: 半年没领到工资, 来这里一年多了没领过工资, 6年过去了，还欠着20多万
    # xk15: 做咗两年，一直冇出粮; 两年没拿到提成 (a masseur's or a seller's pay by commission)
    rf"|(?P<n4>{NUM}|半)年(?:多)?(?:了)?(?:[，,]\s*)?(?:一直|都|还|仍|基本)?(?:没|冇|未)(?:有)?(?:正经|正常|正式)?"
    rf"(?:发|出|领|拿|收|结)(?:到)?过?(?:工资|粮|工钱|薪水|一分|提成)"
    rf"|(?P<n6>{NUM})年过去了?[，,]?[^。!?！？]{{0,4}}?(?:还|仍|都)(?:欠|拖|没)"
    # round 8: 1200多万元工资近两年没付 (not 讨了两年多: how long a claim has run, as the sets count it)
    rf"|(?:工资|工钱|人工|薪水|报酬)[^。!?！？，,]{{0,4}}?(?:近|将近|快)?(?P<n5>{NUM}|半)年(?:多)?(?:了)?(?:都|还|仍)?(?:没|未|冇|不)(?:付|给|发|结)"
    # mo11: a year for nothing (一年白干), the years told after the arrears (一直拖着我的工钱，一年多了), a length
    # then nothing paid (出海一年，二十多万工资一分没拿到)
    rf"|(?P<n7>{NUM}|半)年(?:多)?(?:都|也)?(?:白干|白做)|(?:白干|白做)(?:了|咗)?(?P<n8>{NUM}|半)年"
    rf"|(?:{OWED_THEN_LENGTH})[^。!?！？；;]{{0,16}}?[，,？?！!]\s*(?:到现在|至今|已经|已有|已|都)?\s*(?:有|近|快)?"
    rf"(?P<n9>{NUM}|半)年(?:多)?(?:了|之久|有余)"
    # a claim chased for years, told at a clause's end (工钱追了两年。; q. 3a of docs/labelling-questions.md)
    rf"|(?:{CHASED})(?P<n11>{NUM}|半)年(?:多)?(?=[。，,！!；;]|$)"
    rf"|(?P<n10>{NUM}|半)年(?:多)?[，,][^。!?！？，,；;]{{0,10}}?(?:一分钱|一分|一蚊)(?:都|也)?(?:没|未|冇)(?!拖|欠|少))"
)
YEAR_COUNT = re.compile(rf"[\d{CN}wk半]整?年")
YEAR_GROUPS = ("n", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11")
MONTH_NAME = r"(?:[一二三四五六七八九十]{1,2}|1[0-2]|[1-9])"
# a month name's first character, looked ahead for first (issue 12)
MONTH_AHEAD = r"(?=[一二三四五六七八九十1-9])"
SINCE_MONTH = quickscan.compile(
    rf"(?=[从自由去今前一二三四五六七八九十1-9])(?:从|自|由)?(?P<year>去年|今年|前年)?(?P<m>{MONTH_NAME})月(?:份)?(?:初|中|底|中旬|下旬)?"
    rf"(?:停工|停产|停发|拖欠|欠薪)?(?:开始|起|以来|至今(?!年)|(?:拖|欠|拖欠|做|干|做咗)?到(?:现在|今天|而家|今日)|一直|就)"
)
UNTIL_MONTH = re.compile(rf"(?:到|至)(?P<b>{MONTH_NAME})月(?:底|尾|份|中)?")
# 4月到7月都没发, 五到八月公资都没发, 三月做到六月…未收, 3到6月的4万块一直没结, 4月至7月工资
MONTH_RANGE = re.compile(
    rf"{MONTH_AHEAD}(?<!\d)(?P<a>{MONTH_NAME})月?(?:份|初|中|底|上旬|中旬|下旬)?(?:做|干|开工)?(?:到|至|-|~|—)"
    rf"(?P<b>{MONTH_NAME})月(?![\d一二三四五六七八九十]{{1,3}}[日号]|上旬|中旬)(?:份|初|中|底|下旬)?"
    # 3月初到9月底在工程队干活，…工钱一直没结: the months told, the pay missing later in the sentence (round 7)
    rf"(?=(?:的|嘅)?(?:全额|全部|剩余|应发|拖欠的)?(?:工资|工钱|人工|粮|薪)|[^。!?！？；;]{{0,60}}?(?:没|冇|未|不|拒)(?:获)?(?:发|出|结|收|给|拿|粮|付)|"
    rf"[^。!?！？；;]{{0,14}}?(?:一分|一蚊|一毛|拖|欠|还差|剩下)|[^。!?！？；;]{{0,60}}?(?:被拖欠|被欠|拖欠工资|拖欠工钱|欠薪))"
)
# (what MONTH_RANGE and ONE_MONTH need written, looked for first with a quick scan, issue 12)
RANGE_END_SAID = re.compile(rf"[到至\-~—]{MONTH_NAME}月")
ONE_MONTH_SAID = re.compile(r"月(?:份)?(?:的|嘅)?(?:工资|工钱|人工|粮|薪水|薪资|嘅人工)")
# one named month's wages: 九月粮都冇出, 1月工资约253万没发, 十月份人工冇咗, 11月工资加押金
# 从2024年12月到2025年3月: a span of months across a year's end (round 7), counted where the sentence owes
YEAR_MONTH_RANGE = re.compile(
    rf"(?P<y1>20\d\d|去年|前年|旧年)年?(?P<a>{MONTH_NAME})月(?:份)?(?:开工)?(?:做|干|拖欠|拖|欠)?(?:到|至|-|~|—)(?P<y2>20\d\d|去年|今年)?年?(?P<b>{MONTH_NAME})月(?!上旬|中旬)"
)  # round 10: 由去年11月至今年2月被欠薪, 由旧年十月做到一月都冇粮出
RELATIVE_YEAR = {"前年": -2, "去年": -1, "旧年": -1, "今年": 0}
SENTENCE_END = re.compile(r"[。!?！？；;\n]")
WORKED_AFTER = re.compile(r"(?:期间)?(?:在|于|喺|做|干|当|给|为|跟|到)")
ONE_MONTH = re.compile(
    rf"(?<![\d年至到、和~\-—])(?P<m>{MONTH_NAME})月(?:份)?(?:的|嘅)?(?:工资|工钱|人工|粮|薪水|薪资|嘅人工)"
)
# months worked, as the arrears when nothing else is said: 在工地干了三个月…剩下两万一直拖
WORKED_MONTHS = re.compile(
    rf"(?:{WORKED_VERBS})(?:(?P<n>{NUM})(?:多|余)?个(?P<half>半|多|几)?月|(?P<n2>个半|个多|个几)月"
    rf"|(?P<year>一整年|整整一年)|(?P<halfyear>半年))"
)  # round 10: 干了半年, 做满一个月, 修了四个月路; mo11: 做咗个半月
OWED_WORDS = re.compile(alternation(WORDS["owed"]["words"]))
MONTH_LIST = quickscan.compile(
    rf"{MONTH_AHEAD}(?P<list>(?:{MONTH_NAME}月?[、和及与,，]?\s*){{2,6}})月?(?:份)?(?:的)?(?:工资|工钱|人工|薪资|薪水|薪金|粮)"
)
# (not 每月19日发上个月工资: when pay falls due)
LAST_MONTH = quickscan.compile(
    r"(?<!日发)(?<!号发)上(?:个)?月(?:的|嘅)?(?:工资|工钱|人工|薪水|粮|钱|单钱)|上(?:个)?月欠薪"
    # xk15: 上个月冇粮, 由上个月到而家都冇出粮 (since last month, nothing paid)
    r"|上(?:个)?月(?:起|开始|到(?:而家|现在|今天|今日))?(?:都|还|仍|一直)?(?:冇|没|未)(?:有)?(?:出|发|结)?(?:粮|工资|人工|工钱)"
)  # (mo11: 涉及上月欠薪)
# days: 被欠了53天工资, 这个月干了21天的工资没结 (mo11; days ÷ 30, from 5 days up)
DAYS = quickscan.compile(rf"(?<![\d{CN}])(?P<d>{NUM})(?:多)?天(?:的|嘅)?(?:工资|工钱|人工|薪水|粮)")
# since a season or festival (data/month_words.toml [since]): 过完年就没发过工资, 由农历新年后就冇出过粮 (mo11)
SINCE_WORDS = WORDS["since"]
ANCHOR_MONTH = {a["word"]: (a["month"], a["year"]) for a in SINCE_WORDS["anchors"]}
SINCE_ANCHOR = quickscan.compile(
    rf"(?=[从自由{''.join({w[0] for w in ANCHOR_MONTH})}])(?<![\d{CN}今明前后])(?:从|自|由)?(?P<w>{alternation(list(ANCHOR_MONTH))})[^。!?！？，,；;]{{0,4}}?"
    rf"(?:{alternation(SINCE_WORDS['starts'])})"
)


# the first and last months of the lunar year by their own names (由正月到三月, 腊月工资), as the months they count
# (not 真正月薪, 公正月报: 正 ending another word, xk15)
LUNAR_NAMES = {"正月": "一月", "腊月": "十二月"}
LUNAR_MONTH = re.compile(r"(?<![真公修纠端改反])正月|腊月")


# pay put off month after month (工资一个月拖一个月, 一个月拖过一个月): how it is paid, no count of months (mo11)
MONTH_BY_MONTH = re.compile(r"一个?月(?:又)?(?:拖|欠)(?:过|了|咗)?一个?月")


def _last_number(token: str) -> float | None:
    """The number a token ends with (六七八三 → 3: a list of month names, then the count)."""
    for start in range(len(token)):
        value = chinese_number(token[start:])
        if value is not None:
            return value
    return None


def _months(text: str, posted_at: str | None) -> float | None:
    # (节: 春节前, 春节后, data/month_words.toml [since])
    if "月" not in text and "年" not in text and "节" not in text:
        return _days(text) if "天" in text else None  # most posts: nothing to read
    if "拖" in text and MONTH_BY_MONTH.search(text):
        text = MONTH_BY_MONTH.sub("逐月拖", text)
    if "正月" in text or "腊月" in text:
        text = LUNAR_MONTH.sub(lambda m: LUNAR_NAMES[m.group(0)], text)  # 由正月到三月 → 一月到三月 (xk15)
    # the count told first: 两个月人工冇出…经理自己都畀人拖咗四个月 is two months
    said = MONTH_COUNT_SAID.search(text)  # (each of MONTHS reads a MONTH_COUNT: looked for first, issue 12)
    found = [m for m in (pattern.search(text) for pattern in MONTHS) if m] if said else []
    for match in sorted(found, key=lambda m: m.start()):
        start = match.start("n") if match.group("n") else match.start()
        if NOT_UNPAID_BEFORE.search(text, max(0, start - 4), start):
            continue
        if match:
            n = match.group("n")
            low = match.group("n") and COUNT_RANGE_BEFORE.search(text, max(0, start - 8), start)
            if low and (_last_number(low.group("lo")) or 0) > 0:
                n = low.group("lo")  # 8至9个月 → 8
            if match.group("n2"):
                return {"个半": 1.5, "半个": 0.5}.get(match.group("n2"), 1.0)  # 个多月冇出粮 → 1 (round 10)
            value = _last_number(n)  # 六七八三个月 → 3
            if value and value < 120:
                if match.group("half") == "个半" or match.group("more") == "半":
                    value += 0.5
                return float(value)
    # (each of its forms writes a count or 半 right before 年, or 整年: looked for first, issue 12)
    years = YEARS.search(text) if "年" in text and YEAR_COUNT.search(text) else None
    if years:
        n = next(years.group(g) for g in YEAR_GROUPS if years.group(g))
        value = 0.5 if n == "半" else chinese_number(n)
        if value and value <= 20:  # not a calendar year (欠自2021年起)
            return float(value * 12)
    spans = []  # the widest range (one worker's 5月至7月 within the factory's 4月至7月)
    for months_range in MONTH_RANGE.finditer(text) if RANGE_END_SAID.search(text) else ():
        a, b = chinese_number(months_range.group("a")), chinese_number(months_range.group("b"))
        if a and b and 1 <= a < b <= 12:
            spans.append(float(b - a + 1))
    for span in YEAR_MONTH_RANGE.finditer(text):
        if not _owed_in_sentence(text, span.start(), span.end()) or WORKED_AFTER.match(text, span.end()):
            continue  # a span of work (2003年9月至2004年6月在小学代课) or of a contract, not of wages owed
        a, b = chinese_number(span.group("a")), chinese_number(span.group("b"))
        y1, y2 = span.group("y1"), span.group("y2")
        if y2 is None:  # 旧年十月做到一月: into this year when the month is earlier, else the same year
            if y1 not in RELATIVE_YEAR:
                if a and b and a <= b:
                    y2 = y1  # 2025年8月到10月 (mo11)
                else:
                    continue
            else:
                y2 = "今年" if (a and b and b < a and y1 != "前年") else y1
        if (y1 in RELATIVE_YEAR) != (y2 in RELATIVE_YEAR):
            continue  # 去年…到2024年: not one reckoning
        if a and b and 1 <= a <= 12 and 1 <= b <= 12:
            years = (RELATIVE_YEAR[y2] - RELATIVE_YEAR[y1]) if y1 in RELATIVE_YEAR else int(y2) - int(y1)
            months = years * 12 + b - a + 1
            if 1 <= months <= 120:
                spans.append(float(months))
    if spans:
        return max(spans)
    listed = MONTH_LIST.search(text)
    if listed and "月" in listed.group(
        0
    ):  # (not 日结649 人工: digits are no months unless 月 is written, mo11)
        names = re.findall(
            r"十[一二]|1[0-2]|[一二三四五六七八九十]|[1-9]", listed.group("list")
        )  # 二三四月: three
        values = {chinese_number(x) for x in names} - {None}
        if len(values) >= 2 and all(1 <= v <= 12 for v in values):
            return float(len(values))
    since = SINCE_MONTH.search(text)
    if since and posted_at:
        try:
            posted = datetime.fromisoformat(posted_at.replace("Z", "+00:00"))
        except ValueError:
            return None
        month = chinese_number(since.group("m"))
        if not month or not 1 <= month <= 12:
            return None
        # 从5月开始就拖…到7月底了一分没发: the months told, not those to the day of posting
        end = UNTIL_MONTH.search(text, since.end(), since.end() + 30)
        if end and month < (chinese_number(end.group("b")) or 0) <= 12:
            return float(chinese_number(end.group("b")) - month + 1)
        year = posted.year - {"去年": 1, "前年": 2}.get(since.group("year") or "", 0)
        if not since.group("year") and month > posted.month:
            year -= 1
        months = (posted.year - year) * 12 + posted.month - int(month)
        return float(months) if months > 0 else None
    if posted_at and (value := _since_anchor(text, posted_at)):
        return value
    if "天" in text and (value := _days(text)):
        return value
    if LAST_MONTH.search(text) or (ONE_MONTH_SAID.search(text) and ONE_MONTH.search(text)):
        return 1.0
    worked = WORKED_MONTHS.search(text)
    if worked and worked.group("halfyear") and not OWED_WORDS.search(text, worked.end(), worked.end() + 12):
        worked = None  # 干了半年就开始不稳定: not the arrears (干了半年，还差3万工钱 is, round 10)
    if worked and OWED_WORDS.search(text, worked.end()):
        value = (
            12
            if worked.group("year")
            else 6
            if worked.group("halfyear")
            else {"个半": 1.5}.get(worked.group("n2"), 1)
            if worked.group("n2")
            else chinese_number(worked.group("n"))
        )
        if value and value < 120:
            return float(value) + (0.5 if worked.group("half") == "半" else 0)
    return None


def _owed_in_sentence(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] says something is owed."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    return bool(OWED_WORDS.search(text, left, right.start() if right else len(text)))


def _days(text: str) -> float | None:
    """Days owed as months, one decimal (被欠了53天工资 → 1.8), where the sentence owes."""
    days = DAYS.search(text)
    if days and _owed_in_sentence(text, days.start(), days.end()):
        value = chinese_number(days.group("d"))
        if value and 5 <= value < 365:
            return round(value / 30, 1)
    return None


def _since_anchor(text: str, posted_at: str) -> float | None:
    """Months from a season or festival to the day of posting, where the sentence owes (过完年就没发过工资)."""
    anchor = SINCE_ANCHOR.search(text)
    if not anchor or not _owed_in_sentence(text, anchor.start(), anchor.end()):
        return None
    try:
        posted = datetime.fromisoformat(posted_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    month, year = ANCHOR_MONTH[anchor.group("w")]
    months = posted.month - month + 12 * -year
    return float(months) if months > 0 else None


# what each way of naming months needs at its end, found quicker than the way itself (whose search tries every
# character, #12): a text without it has no such match. MONTH_RANGE: 到 and the second month; MONTH_LIST: its last
# month right before the wages; ONE_MONTH: 月 right before the wages.
RANGE_END = re.compile(rf"(?:到|至|-|~|—){MONTH_NAME}月")
LIST_END = re.compile(
    r"[一二三四五六七八九十0-9]月?[、和及与,，]?\s*月?(?:份)?(?:的)?(?:工资|工钱|人工|薪资|薪水|薪金|粮)"
)
ONE_MONTH_END = re.compile(r"月(?:份)?(?:的|嘅)?(?:工资|工钱|人工|粮|薪水|薪资|嘅人工)")
LISTED_MONTH = re.compile(r"十[一二]|1[0-2]|[一二三四五六七八九十]|[1-9]")


def months_named(text: str) -> list[int]:
    """The calendar months whose wages a post says are owed (一月粮 → [1]; 4月到7月 → [4, 5, 6, 7]; 9月、10月的工资
    → [9, 10]): two tellings naming the same months tell one case more surely than the same count of months."""
    named: set[int] = set()
    if "月" not in text:
        return []
    for match in MONTH_RANGE.finditer(text) if RANGE_END.search(text) else ():
        a, b = chinese_number(match.group("a")), chinese_number(match.group("b"))
        if a and b and 1 <= a < b <= 12:
            named.update(range(int(a), int(b) + 1))
    for match in MONTH_LIST.finditer(text) if LIST_END.search(text) else ():
        for name in LISTED_MONTH.findall(match.group("list")):
            value = chinese_number(name)
            if value and 1 <= value <= 12:
                named.add(int(value))
    if not named and ONE_MONTH_END.search(text):
        for match in ONE_MONTH.finditer(text):
            value = chinese_number(match.group("m"))
            if value and 1 <= value <= 12:
                named.add(int(value))
    return sorted(named)
