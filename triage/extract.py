"""The facts officers need from a post: how many workers, how much, how long, who owes (employer,
project, site, 包工头 as written), contact phones, sector, government-invested project, collective
action or escalation signals, and the 双交办 regulators.

Regular expressions over the text after NFKC and traditional → simplified conversion (opencc), with
Chinese numerals understood: 二十多个 → 20, 3万5 → 35000, 18万6千 → 186000, 十几万 → 100000,
3.5w → 35000, 人均四千×20人 → 80000. Vague figures take their lower bound and are marked
approximate, with the range they allow (``amount_range``, ``workers_range``); dedupe compares
ranges, so 18万多 and 186000 agree while 5万4 and 6万6 do not.

Months unpaid (issue 11, round 2): the count told first (两个月人工冇出 before another person's 四个月), one
named month's wages (一月粮, 十月份人工 → 1), the widest span of months however it is said (4月到7月都没发,
三月做到六月…未收, 二三四月), since a month to now (自去年9月停工至今, 由六月拖到而家), years (讨薪两年多了,
五年冇正式出过粮), and, when nothing else is said, the months worked while something is still owed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime

from redact import PHONE, mask_phone, mask_phones  # noqa: F401 - mask_phone(s) are used from here
from triage.group import group_signals
from triage.money import _amount, _money_mentions, amounts_named
from triage.numbers import CN, NUM, chinese_number
from triage.text import to_simplified
from triage.workers import GROUP_WORDS, _workers

# ---- months unpaid -----------------------------------------------------------------------------

# (not 第一个月: an ordinal)
# (the lookahead first: a count starts with a digit, a numeral, 个, 半 or 成, and said first it lets the regex engine
# skip to such a character instead of trying every position, issue 12)
MONTH_COUNT = rf"(?=[\d{CN}个半成])(?<!第)(?:(?P<n>{NUM})\s*(?P<half>个半|个多|多个|个)\s*(?P<more>多|半)?|(?P<n2>个半|半个|成个|(?<![\d一二两三四五六七八九十几百成])个多))\s*月"
# 8至9个月: a range of counts, read at its low end; 补1个月工资, 赔两个月工资: compensation, not months unpaid
COUNT_RANGE_BEFORE = re.compile(rf"(?P<lo>{NUM})\s*(?:至|到|-|~|—)\s*$")
# 等了一个月工钱: how long they waited, not months unpaid (round 10)
NOT_UNPAID_BEFORE = re.compile(r"(?:补|赔|补偿|赔偿|多发|多给|罚|奖励?|等了|等咗|守了|住了)\s*$")
MONTHS = [
    re.compile(
        rf"(?:拖|欠|压|扣|没发|未发|冇出粮|没出粮|没有发|不发|没结|没拿|没给|没有拿|拖欠)[^。!?！？，,；;]{{0,12}}?{MONTH_COUNT}"
    ),
    re.compile(
        rf"{MONTH_COUNT}(?:(?:的|嘅|)(?:工资|工钱|人工|薪水|薪资|没发|没拿|未发|冇出粮|没出粮|不发|没结|的工资|未领|一分|白干|白做|粮)"
        rf"|(?:的|嘅)钱)"
    ),
    re.compile(rf"{MONTH_COUNT}(?:了|啦|咯)?(?:都|还|仍)?(?:没|未|冇|不)"),
    # round 10: since the work ended (完工三个月了), worked for nothing (白干四个月), the whole length (足足三个月),
    # a length then nothing paid past a comma (来了两个月，一分钱没拿到)
    re.compile(rf"(?:完工|竣工|交工|干完|做完|停工)(?:已经|已|都|快|了)?{MONTH_COUNT}(?:了|多了)"),
    re.compile(rf"(?:白干|白做|白打工|做白工)(?:了|咗)?{MONTH_COUNT}"),
    re.compile(
        rf"(?<!走了)(?<!讨了)(?<!等了)(?:整整|足足)(?:有)?{MONTH_COUNT}"
    ),  # (not 讨薪路走了整整五个月)
    re.compile(
        rf"{MONTH_COUNT}[，,]\s*(?:一分钱|一分|一蚊)(?:都|也)?(?:没|未|冇)(?:有)?(?:拿到|领到|收到|见到|见过|发)"
    ),
    # round 10: the length told after the arrears, past a comma (拖欠他的工资，到现在四个多月了; 没拿过一分钱，九个多月了)
    re.compile(
        rf"(?:拖欠|欠|没发|未发|没拿|没领|没给|冇出粮|一分钱)[^。!?！？；;]{{0,16}}?[，,]\s*(?:到现在|至今|已经|已有|已|都)?\s*"
        rf"(?:有|近|快)?{MONTH_COUNT}(?:了|之久|有余)"
    ),
    # 两个月24000块工资没发, 三个月52.5万没发
    # (not a period a report covers: 近两个月接获三十几宗…拖欠薪金求助)
    re.compile(
        rf"{MONTH_COUNT}(?!内|以来|来|接获|收到|共接|发一次|结一次|一发|一结)[^。!?！？，,；;]{{0,12}}?"
        rf"(?:工资|工钱|人工|薪|没发|未发|没结|不发|没拿|没给|拖着|冇出粮|未出|拖欠|欠)"
    ),
]
YEARS = re.compile(
    rf"(?:拖|欠|没发|未发)[^。!?！？，,]{{0,6}}?(?P<n>{NUM}|半)年(?P<more>多)?|(?P<n2>{NUM}|半)整?年(?:多)?(?:的)?(?:工资|工钱|没发|未发)"
    # 讨薪两年多了, 活干完已经两年多了, 五年冇正式出过粮, 这五年…没有正常发过工资
    # round 7: 工程搁浅两年多了, 楼盖好都一年多了, 6年了还没领到工资; round 8b: 讨了三年还没讨回来
    rf"|(?:讨薪|讨了|追讨|已经|都已|干完|做完|搁浅|烂尾|完工|竣工|交工|盖好|建好)[^。!?！？，,]{{0,3}}?(?P<n3>{NUM}|半)年(?:多)?(?:了|来|还|都|仍|也)"
    # round 10: 半年没领到工资, 来这里一年多了没领过工资, 6年过去了，还欠着20多万
    rf"|(?P<n4>{NUM}|半)年(?:多)?(?:了)?(?:都|还|仍|基本)?(?:没|冇|未)(?:有)?(?:正经|正常|正式)?(?:发|出|领|拿|收|结)(?:到)?过?(?:工资|粮|工钱|薪水|一分)"
    rf"|(?P<n6>{NUM})年过去了?[，,]?[^。!?！？]{{0,4}}?(?:还|仍|都)(?:欠|拖|没)"
    # round 8: 1200多万元工资近两年没付 (not 讨了两年多: how long a claim has run, as the sets count it)
    rf"|(?:工资|工钱|人工|薪水|报酬)[^。!?！？，,]{{0,4}}?(?:近|将近|快)?(?P<n5>{NUM}|半)年(?:多)?(?:了)?(?:都|还|仍)?(?:没|未|冇|不)(?:付|给|发|结)"
)
MONTH_NAME = r"(?:[一二三四五六七八九十]{1,2}|1[0-2]|[1-9])"
# a month name's first character, looked ahead for first (issue 12)
MONTH_AHEAD = r"(?=[一二三四五六七八九十1-9])"
SINCE_MONTH = re.compile(
    rf"(?=[从自由去今前一二三四五六七八九十1-9])(?:从|自|由)?(?P<year>去年|今年|前年)?(?P<m>{MONTH_NAME})月(?:份)?(?:初|中|底|中旬|下旬)?"
    rf"(?:停工|停产|停发|拖欠|欠薪)?(?:开始|起|以来|至今|(?:拖|欠|拖欠|做|干|做咗)?到(?:现在|今天|而家|今日)|一直|就)"
)
UNTIL_MONTH = re.compile(rf"(?:到|至)(?P<b>{MONTH_NAME})月(?:底|尾|份|中)?")
# 4月到7月都没发, 五到八月公资都没发, 三月做到六月…未收, 3到6月的4万块一直没结, 4月至7月工资
MONTH_RANGE = re.compile(
    rf"{MONTH_AHEAD}(?<!\d)(?P<a>{MONTH_NAME})月?(?:份|初|中|底|上旬|中旬|下旬)?(?:做|干|开工)?(?:到|至|-|~|—)"
    rf"(?P<b>{MONTH_NAME})月(?![\d一二三四五六七八九十]{{1,3}}[日号]|上旬|中旬)(?:份|初|中|底|下旬)?"
    # 3月初到9月底在工程队干活，…工钱一直没结: the months told, the pay missing later in the sentence (round 7)
    rf"(?=(?:的|嘅)?(?:全额|全部|剩余|应发|拖欠的)?(?:工资|工钱|人工|粮|薪)|[^。!?！？；;]{{0,60}}?(?:没|冇|未|不|拒)(?:发|出|结|收|给|拿|粮|付)|"
    rf"[^。!?！？；;]{{0,14}}?(?:一分|拖|欠|还差|剩下)|[^。!?！？；;]{{0,60}}?(?:被拖欠|被欠|拖欠工资|拖欠工钱|欠薪))"
)
# one named month's wages: 九月粮都冇出, 1月工资约253万没发, 十月份人工冇咗, 11月工资加押金
# 从2024年12月到2025年3月: a span of months across a year's end (round 7), counted where the sentence owes
YEAR_MONTH_RANGE = re.compile(
    rf"(?P<y1>20\d\d|去年|前年|旧年)年?(?P<a>{MONTH_NAME})月(?:份)?(?:开工)?(?:做|干)?(?:到|至|-|~|—)(?P<y2>20\d\d|去年|今年)?年?(?P<b>{MONTH_NAME})月"
)  # round 10: 由去年11月至今年2月被欠薪, 由旧年十月做到一月都冇粮出
RELATIVE_YEAR = {"前年": -2, "去年": -1, "旧年": -1, "今年": 0}
SENTENCE_END = re.compile(r"[。!?！？；;\n]")
WORKED_AFTER = re.compile(r"(?:期间)?(?:在|于|喺|做|干|当|给|为|跟|到)")
ONE_MONTH = re.compile(
    rf"(?<![\d年至到、和~\-—])(?P<m>{MONTH_NAME})月(?:份)?(?:的|嘅)?(?:工资|工钱|人工|粮|薪水|薪资|嘅人工)"
)
# months worked, as the arrears when nothing else is said: 在工地干了三个月…剩下两万一直拖
WORKED_MONTHS = re.compile(
    rf"(?:干了|做了|做咗|干咗|做满|干满|修了|建了|盖了)(?:(?P<n>{NUM})个(?P<half>半|多)?月|(?P<year>一整年|整整一年)|(?P<halfyear>半年))"
)  # round 10: 干了半年, 做满一个月, 修了四个月路
OWED_WORDS = re.compile(
    r"拖|欠|没发|未发|没结|未结|冇出|冇粮|没给|只拿|还差|剩下|没有发|还没发|一分钱没|一分没|没拿到"
)
MONTH_LIST = re.compile(
    rf"{MONTH_AHEAD}(?P<list>(?:{MONTH_NAME}月?[、和及与,，]?\s*){{2,6}})月?(?:份)?(?:的)?(?:工资|工钱|人工|薪资|薪水|薪金|粮)"
)
# (not 每月19日发上个月工资: when pay falls due)
LAST_MONTH = re.compile(r"(?<!日发)(?<!号发)上(?:个)?月(?:的|嘅)?(?:工资|工钱|人工|薪水|粮|钱|单钱)")


def _last_number(token: str) -> float | None:
    """The number a token ends with (六七八三 → 3: a list of month names, then the count)."""
    for start in range(len(token)):
        value = chinese_number(token[start:])
        if value is not None:
            return value
    return None


def _months(text: str, posted_at: str | None) -> float | None:
    if "月" not in text and "年" not in text:
        return None  # most posts: nothing to read
    # the count told first: 两个月人工冇出…经理自己都畀人拖咗四个月 is two months
    found = [m for m in (pattern.search(text) for pattern in MONTHS) if m]
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
    years = YEARS.search(text) if "年" in text else None  # (each of its forms writes 年)
    if years:
        n = next(years.group(g) for g in ("n", "n2", "n3", "n4", "n5", "n6") if years.group(g))
        value = 0.5 if n == "半" else chinese_number(n)
        if value and value <= 20:  # not a calendar year (欠自2021年起)
            return float(value * 12)
    spans = []  # the widest range (one worker's 5月至7月 within the factory's 4月至7月)
    for months_range in MONTH_RANGE.finditer(text):
        a, b = chinese_number(months_range.group("a")), chinese_number(months_range.group("b"))
        if a and b and 1 <= a < b <= 12:
            spans.append(float(b - a + 1))
    for span in YEAR_MONTH_RANGE.finditer(text):
        left = max((m.end() for m in SENTENCE_END.finditer(text, 0, span.start())), default=0)
        right = SENTENCE_END.search(text, span.end())
        if not OWED_WORDS.search(text, left, right.start() if right else len(text)) or WORKED_AFTER.match(
            text, span.end()
        ):
            continue  # a span of work (2003年9月至2004年6月在小学代课) or of a contract, not of wages owed
        a, b = chinese_number(span.group("a")), chinese_number(span.group("b"))
        y1, y2 = span.group("y1"), span.group("y2")
        if y2 is None:  # 旧年十月做到一月: into this year when the month is earlier, else the same year
            if y1 not in RELATIVE_YEAR:
                continue
            a0, b0 = chinese_number(span.group("a")), chinese_number(span.group("b"))
            y2 = "今年" if (a0 and b0 and b0 < a0 and y1 != "前年") else y1
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
    if listed:
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
    if LAST_MONTH.search(text) or ONE_MONTH.search(text):
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
            else chinese_number(worked.group("n"))
        )
        if value and value < 120:
            return float(value) + (0.5 if worked.group("half") == "半" else 0)
    return None


def months_named(text: str) -> list[int]:
    """The calendar months whose wages a post says are owed (一月粮 → [1]; 4月到7月 → [4, 5, 6, 7]; 9月、10月的工资
    → [9, 10]): two tellings naming the same months tell one case more surely than the same count of months."""
    named: set[int] = set()
    if "月" not in text:
        return []
    for match in MONTH_RANGE.finditer(text):
        a, b = chinese_number(match.group("a")), chinese_number(match.group("b"))
        if a and b and 1 <= a < b <= 12:
            named.update(range(int(a), int(b) + 1))
    for match in MONTH_LIST.finditer(text):
        for name in re.findall(r"十[一二]|1[0-2]|[一二三四五六七八九十]|[1-9]", match.group("list")):
            value = chinese_number(name)
            if value and 1 <= value <= 12:
                named.add(int(value))
    if not named:
        for match in ONE_MONTH.finditer(text):
            value = chinese_number(match.group("m"))
            if value and 1 <= value <= 12:
                named.add(int(value))
    return sorted(named)


# ---- who owes, where, which sector -------------------------------------------------------------

ORG_SUFFIX = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|制衣厂|灯饰厂|五金厂|家具厂|电器厂|电子厂|塑胶厂|鞋厂|洗水厂|"
    r"服饰厂|加工厂|加工场|工厂|厂|作坊|项目部|酒楼|酒家|酒店|餐厅|饭店|餐馆|茶餐厅|茶楼|快餐店|奶茶店|店|档口|超市|物业|装修队|"
    r"装修公司|培训机构|培训学校|幼儿园|学校|农场|农庄|养殖场|鱼塘|基地|果园|花场|民宿|仓库|物流园|网吧|健身房|美容院|"
    r"美发店|船厂|车行|维修厂"
)
# characters that never sit inside an employer's name: function words, pronouns, counters, verbs of the story
NAME_STOP = (
    "的在了是们我你他她它到去从把被说都也还就又不没个这那些有与及给为让对将很最再才已啊呢吗吧嘛哦呀"
    "人名位里上下后前间家全在做干欠拖发给讨跑走佬说话喺嗰呢哋咗嘅系冇俾边度今明昨早晚天月年号点返回进出开关现"
)
NAMED_ORG = re.compile(
    rf"(?P<name>[^\W\d_{NAME_STOP}]{{1,8}})(?P<kind>{ORG_SUFFIX})(?![房区门里长家内外方商])"
)
PROJECT_WORDS = r"项目|工程|工地|楼盘|花园|广场|大厦|产业园|物流园|安置房|保障房|综合体"
PROJECT = re.compile(rf"(?P<p>[\u4e00-\u9fffA-Za-z0-9]{{2,14}}?(?:{PROJECT_WORDS}))")
# (PROJECT and NAMED_ORG try a name at every character: first a quick look for the words that must end one, issue 12)
PROJECT_WORD = re.compile(PROJECT_WORDS)
ORG_WORD = re.compile(ORG_SUFFIX)
FOREMAN = re.compile(
    r"(?P<role>包工头|工头|老板|老细|负责人|班组长|老板娘|厂长|校长|主管|项目经理)[：:]?\s*"
    r"(?:姓)?(?P<who>[\u4e00-\u9fff](?:某某?|总|生|工|老板)|老[\u4e00-\u9fff](?=[，,。说话])|[\u4e00-\u9fff]某)"
)
GENERIC_LEAD = re.compile(
    r"^(?:在|于|喺|我们|我哋|我|他|她|帮|替|给|的|被|是|去|那|这|个|间|家|嗰|呢|某|一|一家|一间|一个|那家|那间|这家|"
    r"这间|嗰间|呢间|那个|这个|附近|旁边|对面|边上|里面|里|下属的|所|新建|在建)+"
)
SECTORS = {
    "construction": r"工地|建筑|施工|项目部|塔吊|钢筋|泥水|搭棚|架子工|总包|分包|包工头|工程(?!款|师)|楼盘|装修|木工|水电工|"
    r"安装|扩建|改建|改造工程|厂房|保障房|安置房|砌|抹灰|防水|幕墙",
    "manufacturing": r"工厂|厂里|车间|制衣|灯饰|灯具|五金|家具|家私|电子厂|电器|流水线|普工|红木|服装厂|印刷|注塑|塑胶|"
    r"锁具|电镀|洗水|牛仔|鞋厂|玩具|皮具|音响|压铸|纸箱|配件厂|[\u4e00-\u9fff]{1,4}厂",
    "catering": r"餐厅|酒楼|酒家|饭店|餐馆|厨师|厨工|服务员|奶茶|茶餐厅|食堂|快餐|茶楼|卤味",
    "logistics": r"物流|快递|仓库|货车|司机|搬运|配送|装卸|分拣",
    "delivery": r"外卖|骑手|跑腿|美团|饿了么",
    "cleaning": r"保洁|清洁|环卫",
    "security": r"保安|安保",
    "property": r"物业|小区管理",
    "education": r"培训学校|培训机构|幼儿园|老师|教培|学校(?!工程|工地|项目|改扩建|扩建)",
    "retail": r"超市|商场|门店|店铺|专卖店|档口|网店",
    "agriculture": r"农场|养殖|鱼塘|果园|菠萝|种植|采摘|花木|苗木|养猪|农庄",
}
SECTOR_PATTERNS = {sector: re.compile(pattern) for sector, pattern in SECTORS.items()}
# any name before 厂 tries every character of a post: sought only where 厂 is written, after the other words (issue 12)
ANY_FACTORY = r"[\u4e00-\u9fff]{1,4}厂"
QUICK_SECTORS = {
    sector: re.compile(pattern.removesuffix("|" + ANY_FACTORY)) for sector, pattern in SECTORS.items()
}
FACTORY_SECTORS = {sector for sector, pattern in SECTORS.items() if pattern.endswith("|" + ANY_FACTORY)}
FACTORY = re.compile(ANY_FACTORY)
GOV_PROJECT = re.compile(
    r"政府投资|政府工程|政府的工程|政府的项目|市政|财政|公建|公办|学校工程|医院工程|保障房|安置房|道路改造|道路工程|"
    r"城中村改造|公共工程|国企|国有|水务局的项目|交通局的项目|水务的项目|交通的项目|水利工程"
)
TRANSPORT = re.compile(r"公路|道路工程|道路改造|大道改造|桥梁|地铁|轨道|交通工程|交通局|客运|公交|国道")
WATER = re.compile(r"水利|水务|河涌|堤防|海堤|排水|供水|污水|水厂|管网")
STATE_OWNED = re.compile(r"国企|国有|央企|城投|国资")


# owed to one worker: the amount is that worker's own (欠我两个月课酬4800, 我自己都有万一蚊)
OWED_ME = re.compile(
    r"(?:欠|拖|欠咗|拖咗)我(?!们|哋)|我(?:自己|个人)?(?:的|嘅)?(?:工资|工钱|人工)|我被欠|我自己都有"
    # 我自己都俾佢拖咗成万二, 我这三千多块拖了两个月 (round 4)
    r"|我(?:自己)?(?:都)?(?:俾|畀|被)[^，,。]{0,3}(?:拖|欠)|我这[^，,。]{0,8}(?:拖|欠)"
)
# pinyin abbreviations common in complaints (DOMAIN.md): gz 工资, lb 老板, ldj 劳动局, hl 坏了/黑了 is not needed
PINYIN_WORDS = {"gz": "工资", "lb": "老板", "ldj": "劳动局", "rsj": "人社局", "gd": "工地"}
SEVERAL = re.compile(r"(?<![人总次岁])数(?=[十百千万])")
A_HUNDRED_MILLION = re.compile(r"(?<=[\d一二两三四五六七八九十几])个亿")
PINYIN = re.compile(r"(?<![A-Za-z])(?:gz|lb|ldj|rsj|gd)(?![A-Za-z])", re.IGNORECASE)


@dataclass
class Facts:
    workers: int | None = None
    amount_yuan: float | None = None
    months_unpaid: float | None = None
    employer: str | None = None
    project: str | None = None
    foreman: str | None = None
    phones: list[str] = field(default_factory=list)
    sector: str | None = None
    gov_project: bool = False
    group_incident: bool = False
    group_signals: list[str] = field(default_factory=list)
    regulators: list[str] = field(default_factory=list)
    workers_range: tuple[int, int] | None = None
    amount_range: tuple[float, float] | None = None
    employer_names: list[str] = field(default_factory=list)
    workers_subset: bool = False  # the count may be part of a larger group (还有十几个未收到, 我老公)
    amounts_named: list[tuple[float, float]] = field(default_factory=list)  # every wage figure named
    amount_part: bool = False  # the amount is one worker's own (欠我两个月4800), part of a larger whole

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _clean_org(name: str) -> str:
    name = GENERIC_LEAD.sub("", name)
    return name


MAKER = re.compile(r"(?:做|生产|造)[\u4e00-\u9fffA-Za-z]{1,6}?的(?:厂|工厂|公司|作坊)")


def _is_place(name: str) -> bool:
    from triage.districts import load_gazetteer

    return name in load_gazetteer().places


# (compiled once: used for every name found, issue 12)
PLACE_LEAD = re.compile(r"^.*(?:村|社区|工业区|工业园|路|大道|镇|街道|区|那边|这边|附近|旁边|嗰边)(?=.{2,})")
BARE_KIND = re.compile(r"(?:厂|店|公司|工厂|企业)")


def _trim_place(name: str) -> str:
    """商住楼工地 from 坦洲镇金斗湾那边一个商住楼工地: the organisation or site without where it is."""
    name = PLACE_LEAD.sub("", name)
    return GENERIC_LEAD.sub("", name) or name


def _employers(text: str) -> list[str]:
    """Organisations as written (华耀灯饰厂, 金怡酒家, 一家红木家具厂 → 红木家具厂), first mention first."""
    names = [m.group(0) for m in MAKER.finditer(text)]  # 做电饭煲的厂: as written
    for match in NAMED_ORG.finditer(text) if ORG_WORD.search(text) else ():
        name = _trim_place(_clean_org(match.group("name")) + match.group("kind"))
        if _is_place(name) or _is_place(match.group(0)):
            continue  # 健康基地, 泰丰工业区: a park, not an employer
        single = (
            len(match.group("kind")) == 1 and len(match.group("name")) < 2 and match.group("name") not in "鞋"
        )
        if len(name) >= 2 and not single and name not in names and not BARE_KIND.fullmatch(name):
            names.append(name)
    return names


def extract_facts(text: str, posted_at: str | None = None) -> Facts:
    """Facts from a post's text (``posted_at`` resolves 从去年十月到现在).

    >>> f = extract_facts("坦洲某工地欠我们二十多个工友3万5工资，拖了三个月")
    >>> f.workers, f.amount_yuan, f.months_unpaid, f.sector
    (20, 35000.0, 3.0, 'construction')
    """
    text = to_simplified(text)
    # (each rewrite only where its words are written: most posts have none, and a scan costs CPU, issue 12;
    # casefold covers what PINYIN's IGNORECASE matches, ſ included)
    folded = text.casefold()
    if any(word in folded for word in PINYIN_WORDS):
        text = PINYIN.sub(lambda m: PINYIN_WORDS[m.group(0).lower()], text)
    if "数" in text:
        text = SEVERAL.sub("几", text)  # 数十名, 数百万 read as 几十名, 几百万
    if "个亿" in text:
        text = A_HUNDRED_MILLION.sub("亿", text)  # 1.4个亿 is 1.4亿 (round 8b)
    facts = Facts()
    facts.workers, facts.workers_range, facts.workers_subset = _workers(text)
    mentions = _money_mentions(text)
    facts.amount_yuan, facts.amount_range = _amount(text, facts.workers, mentions)
    facts.amounts_named = amounts_named(mentions)
    facts.amount_part = bool(
        facts.amount_yuan
        and (facts.workers or 1) == 1
        and OWED_ME.search(text)
        and not GROUP_WORDS.search(text)
    )
    facts.months_unpaid = _months(text, posted_at)
    facts.employer_names = _employers(text)
    project = PROJECT.search(text) if PROJECT_WORD.search(text) else None
    facts.project = _trim_place(project.group("p")) if project else None
    foreman = FOREMAN.search(text)
    facts.foreman = f"{foreman.group('role')}{foreman.group('who')}" if foreman else None
    facts.employer = (
        (facts.employer_names[0] if facts.employer_names else None) or facts.project or facts.foreman
    )
    facts.phones = sorted(set(PHONE.findall(text)))
    for sector in SECTOR_PATTERNS:
        if QUICK_SECTORS[sector].search(text) or (
            sector in FACTORY_SECTORS and "厂" in text and FACTORY.search(text)
        ):
            facts.sector = sector
            break
    facts.gov_project = bool(GOV_PROJECT.search(text))
    facts.group_signals = group_signals(text, facts.workers)
    facts.group_incident = bool(facts.group_signals)
    regulators = []
    if facts.sector == "construction":
        regulators.append("住建")
    if TRANSPORT.search(text):
        regulators.append("交通")
    if WATER.search(text):
        regulators.append("水务")
    if STATE_OWNED.search(text):
        regulators.append("国资")
    facts.regulators = regulators
    return facts
