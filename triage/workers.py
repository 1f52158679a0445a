"""How many workers a post says are owed: counts as written (二十多个工友, 50余名工人, 廿几个人, 几百号人),
a named single person (我老公) or a couple, with the range a vague count allows."""

from __future__ import annotations

import re

from triage.numbers import NUM, VAGUE, _precision, chinese_number, parse_number

PEOPLE = (
    r"工友|工人|农民工|民工|员工|职工|师傅|兄弟|姐妹|老乡|伙计|阿姨|大姐|大妈|老师|教练|学徒|店员|导购|"
    r"服务员|厨师|厨工|保安|保洁|司机|骑手|快递员|外卖员|普工|技工|车位|车工|焊工|木工|电工|泥水工|钢筋工|"
    r"架子工|油漆工|杂工|小工|装卸工|搬运工|分拣工|包装工|打包员|质检员|调试员|设计师|发型师|美容师|客服|网管|"
    r"采摘工|季节工|派遣工|临时工|护工|护士|主播|业务员|文员|会计|工程师|程序员|销售|水电工|装修工|雕刻工|车版师傅"
)
MODIFIER = r"[\u4e00-\u9fff、]{0,6}?"  # 货车司机, 雕刻、打磨工人
COUNT_WORD = r"(?:个|名|位|号|多个|多名|多位|余名|余个|来个|几个)"
WORKER_PATTERNS = [
    # 二十多个工友, 50余名工人, 9个雕花师傅, 两百多人, 一百多号人, 150多人
    re.compile(rf"(?<![第\d.])(?P<n>{NUM}){VAGUE}?{COUNT_WORD}?(?:的)?(?:人(?!工|民币|均|情)|{PEOPLE})"),
    re.compile(rf"(?<![第\d.])(?P<n>{NUM}){VAGUE}?(?:个|名|位)(?![月天年])(?:的)?{MODIFIER}(?:{PEOPLE})"),
    # 我们班组12人, 工人共25人, 全厂一百多人, 厨房10个人, 泥水班9人
    re.compile(
        rf"(?:班组|班|组|全厂|全部|厂里|车间|我们|我哋|工人|员工|一共|共有|总共|共|涉及|厨房)"
        rf"(?:一共|共|总共|有|都)?(?P<n>{NUM}){VAGUE}?(?:个|名|位|号)?人(?!工|民币|均)"
    ),  # fmt: skip
    # 油漆工7个, 工人150多人, 员工30名; 我们十几个都是
    re.compile(
        rf"(?:{PEOPLE}|我们|我哋)(?:有|共|一共)?(?P<n>{NUM}){VAGUE}?(?:个|名|位|人)(?!月|天|年|工地|厂|项目)"
    ),
    # 人均四千×20人
    re.compile(rf"[×xX*乘]\s*(?P<n>{NUM})\s*(?:个|名|位)?人"),
]
NOT_PEOPLE_AFTER = re.compile(
    r"^(?:月|天|年|岁|小时|点|号楼|层|平|米|斤|亩|公里|次|单|件|台|辆|套|间|家|批|工地|工程|项目|工作日)"
)
ONE_PERSON = re.compile(
    r"(?:我|我的)(?:爸|妈|爸爸|妈妈|父亲|母亲|老公|老婆|丈夫|妻子|爱人|老爸|老妈|弟弟|弟|妹妹|妹|哥哥|哥|姐姐|姐|"
    r"女儿|儿子|朋友|同学|表哥|表姐|表弟|表妹|舅舅|叔叔|老乡|室友)(?!们)(?!也|都)|(?:我|她|他)一个人"
)
COUPLE = re.compile(r"夫妻俩|夫妻两|两公婆|两夫妻|我们夫妻|我(?:和|同|跟)(?:我)?(?:老婆|老公|爱人|妻子|丈夫)")
ME_AND = re.compile(rf"我(?:和|同|跟|与)(?:另外|其他|另)(?P<n>{NUM})?(?:个|名|位)?(?:{PEOPLE}|人)")


def _count(token: str) -> float | None:
    if re.search(r"[万亿wk]|\.", token):
        return None  # 七万, 4.8w: money, not people
    value = parse_number(token)
    if not value and token.startswith("几"):
        value = chinese_number("一" + token[1:])  # 几百号人 → 100
    if value is None and token in ("百", "千"):
        value = chinese_number("一" + token)
    return value


def _workers(text: str) -> tuple[int | None, tuple[int, int] | None]:
    best: tuple[int, tuple[int, int]] | None = None
    for pattern in WORKER_PATTERNS:
        for match in pattern.finditer(text):
            token = match.group("n")
            if NOT_PEOPLE_AFTER.match(text[match.end("n") :].lstrip("多余来几个")):
                continue
            value = _count(token)
            if not value or not float(value).is_integer() or not 1 < value < 100_000:
                continue
            if re.fullmatch(r"\d+", token) and len(token) >= 5:
                continue
            tail = text[match.end("n") : match.end("n") + 2]
            vague = bool(re.match(VAGUE, tail)) or "几" in token
            step = _precision(token, value) if vague else 0
            span = (int(value), int(value + step - 1) if step else int(value))
            if best is None or value > best[0]:
                best = (int(value), span)
    me_and = ME_AND.search(text)
    if me_and:
        others = _count(me_and.group("n")) if me_and.group("n") else 1
        if others and others < 100 and (best is None or best[0] <= others):
            return int(others) + 1, (int(others) + 1, int(others) + 1)  # 我和另外两个服务员 → 3
    if best:
        return best[0], best[1]
    if COUPLE.search(text):
        return 2, (2, 2)
    if ONE_PERSON.search(text):
        return 1, (1, 1)
    return None, None
