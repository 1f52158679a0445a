"""The facts officers need from a post: how many workers, how much, how long, who owes, which
sector, whether it is a collective action or escalation risk. Regular expressions over the text,
with Chinese numerals understood (二十多个 → 20, 3万5 → 35000, 十几万 → 100000)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime

DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}  # fmt: skip
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
NUM = r"[\d.]+|[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟几]+"


def chinese_number(token: str) -> float | None:
    """A number written in digits or Chinese numerals; 几 counts as 0 (十几 → 10: the floor).

    >>> chinese_number("二十三"), chinese_number("十几"), chinese_number("3.5"), chinese_number("两千")
    (23, 10, 3.5, 2000)
    """
    token = token.strip()
    if not token:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", token):
        value = float(token)
        return int(value) if value.is_integer() else value
    total, current = 0, 0
    for ch in token:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch == "几":
            current = 0
        elif ch in UNITS:
            total += (current or (1 if total == 0 and current == 0 else 0)) * UNITS[ch] if current or total == 0 else 0
            current = 0
        else:
            return None
    return total + current


def _amount(number: str, unit: str | None, tail: str | None) -> float | None:
    value = chinese_number(number)
    if value is None:
        return None
    scale = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1000, "k": 1000, "K": 1000, "百": 100, "亿": 100_000_000}
    total = value * scale.get(unit or "", 1)
    if unit in ("万", "w", "W") and tail:  # 3万5 → 35000
        extra = chinese_number(tail)
        if extra is not None and extra < 10:
            total += extra * 1000
    return float(total)


WORKER_NOUN = r"(?:个|名|位|多个|多名|来个|余名|余人|多人|人)?(?:工友|工人|农民工|员工|师傅|兄弟|人|骑手|保安|保洁|厨师|服务员|老乡)"
WORKERS = [
    re.compile(rf"(?P<n>{NUM})多?(?:个|名|位)?(?:人)?(?:的)?(?:班组|工友|工人|农民工|员工|兄弟|师傅|骑手|保安|保洁|老乡)"),
    re.compile(rf"(?:班组|工友|工人|员工|我们|一共|共有|共|涉及)(?:一共|共)?(?:有)?(?P<n>{NUM})(?:多|余)?(?:个|名|位)?人"),
    re.compile(rf"(?P<n>{NUM})(?:多|余|来)?(?:个|名|位)人"),
    re.compile(rf"[×xX*乘]\s*(?P<n>{NUM})\s*(?:个|名|位)?人"),
]
AMOUNT = re.compile(
    rf"(?P<n>{NUM})\s*(?P<unit>万|w|W|千|k|K|亿)?(?P<tail>[一二三四五六七八九\d])?\s*(?:多|余)?\s*(?:块钱|块|元|万元)?"
)
MONEY_CONTEXT = re.compile(r"(工资|工钱|薪|人工|劳务费|血汗钱|欠|拖|共计|总共|合计|一共|元|块|万|w\b)")
PER_HEAD = re.compile(rf"(?:人均|每人|每个人)(?:约|大概)?(?P<n>{NUM})(?P<unit>万|w|千|k)?(?P<tail>[一二三四五六七八九\d])?")
MONTHS = [
    re.compile(rf"(?:拖|欠|压|没发|未发|冇出粮|没出粮|没有发)[^。!?，,]{{0,10}}?(?P<n>{NUM}|半)个?多?月"),
    re.compile(rf"(?P<n>{NUM}|半)个?多?月(?:的)?(?:工资|工钱|人工|薪水|没发|没拿|未发|冇出粮)"),
    re.compile(rf"(?P<n>{NUM})年(?:多)?(?:的)?(?:工资|工钱|没发|未发)"),
]
SINCE_MONTH = re.compile(r"(?P<year>去年|今年|前年)?(?P<m>[\d一二三四五六七八九十]{1,3})月(?:份)?(?:[\d一二三四五六七八九十]{1,3}[日号])?(?:开始|起|至今|到现在|到今天|一直)")
EMPLOYER = re.compile(
    r"(?P<e>[\u4e00-\u9fffA-Za-z0-9（）()]{2,24}?(?:有限责任公司|股份有限公司|有限公司|公司|工厂|制衣厂|灯饰厂|五金厂|家具厂|电器厂|电子厂|厂|项目部|项目|工地|酒楼|餐厅|饭店|物业|装修队|培训学校|学校|中心|超市|物流|快递站|站点|花园|广场|大厦))"
)
FOREMAN = re.compile(r"(?:包工头|工头|老板|老细|负责人|班组长)[：:]?\s*(?P<e>[\u4e00-\u9fff](?:某某?|总|生|工))")
PHONE = re.compile(r"(?<!\d)(1[3-9]\d[\d*]{4}\d{4}|0760-?\d{8})(?!\d)")
GROUP = re.compile(
    r"集体讨薪|集体上访|集体维权|拉横幅|拉条幅|举牌|堵路|堵门|堵住|围堵|堵了|爬塔吊|爬上塔吊|塔吊上|爬楼顶|跳楼|跳河|寻死|不想活|"
    r"以死|喝农药|自杀|去市政府|到市政府|上访|信访局|静坐|聚集|罢工|停工讨|冲突|报警了"
)
SECTORS = {
    "construction": r"工地|建筑|施工|项目部|塔吊|钢筋|泥水|搭棚|总包|分包|包工头|工程(?!款)|楼盘|装修|木工|水电|安装",
    "manufacturing": r"工厂|厂里|车间|制衣|灯饰|五金|家具|电子厂|电器|流水线|普工|红木|服装厂|印刷",
    "catering": r"餐厅|酒楼|饭店|餐馆|厨师|服务员|奶茶|茶餐厅|食堂",
    "logistics": r"物流|快递|仓库|货车|司机|搬运|配送",
    "delivery": r"外卖|骑手|跑腿|美团|饿了么",
    "cleaning": r"保洁|清洁|环卫",
    "security": r"保安|安保",
    "property": r"物业|小区管理",
    "education": r"培训学校|培训机构|幼儿园|老师|教培|学校",
    "retail": r"超市|商场|门店|店铺|专卖店",
}
GOV_PROJECT = re.compile(r"政府投资|政府工程|市政|财政|公建|学校工程|医院工程|保障房|安置房|道路改造|城中村改造|公共工程|国企|国有")
REGULATOR_SECTORS = {"construction": "住建", "logistics": "交通", "delivery": None}
TRANSPORT = re.compile(r"公路|道路工程|桥梁|地铁|轨道|交通工程|客运|公交")
WATER = re.compile(r"水利|水务|河涌|堤防|排水|供水|污水|水厂")
STATE_OWNED = re.compile(r"国企|国有|央企|城投|国资")


@dataclass
class Facts:
    workers: int | None = None
    amount_yuan: float | None = None
    months_unpaid: float | None = None
    employer: str | None = None
    phones: list[str] = field(default_factory=list)
    sector: str | None = None
    gov_project: bool = False
    group_incident: bool = False
    group_signals: list[str] = field(default_factory=list)
    regulators: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _workers(text: str) -> int | None:
    best = None
    for pattern in WORKERS:
        for match in pattern.finditer(text):
            value = chinese_number(match.group("n"))
            if value and 1 < value < 100_000 and float(value).is_integer():
                best = max(best or 0, int(value))
        if best:
            return best
    return None


def _amount_total(text: str, workers: int | None) -> float | None:
    per_head = PER_HEAD.search(text)
    if per_head:
        each = _amount(per_head.group("n"), per_head.group("unit"), per_head.group("tail"))
        count = workers
        times = re.search(rf"[×xX*乘]\s*(?P<n>{NUM})\s*人", text)
        if times:
            count = chinese_number(times.group("n"))
        if each and count:
            return float(each * count)
    best = None
    for match in AMOUNT.finditer(text):
        unit, number = match.group("unit"), match.group("n")
        around = text[max(0, match.start() - 8) : match.end() + 4]
        has_currency = bool(re.search(r"元|块|万|w|W|k|K", match.group(0)))
        if not has_currency or not MONEY_CONTEXT.search(around):
            continue
        if re.fullmatch(r"\d{11}", number) or (unit is None and re.fullmatch(r"20\d\d", number)):
            continue  # a phone number or a year
        value = _amount(number, unit, match.group("tail"))
        if value and value >= 100:
            best = max(best or 0, value)
    return best


def _months(text: str, posted_at: str | None) -> float | None:
    for pattern in MONTHS:
        match = pattern.search(text)
        if match:
            n = match.group("n")
            value = 0.5 if n == "半" else chinese_number(n)
            if value:
                return float(value * (12 if "年" in match.group(0) and "月" not in match.group(0) else 1))
    since = SINCE_MONTH.search(text)
    if since and posted_at:
        try:
            posted = datetime.fromisoformat(posted_at)
        except ValueError:
            return None
        month = chinese_number(since.group("m"))
        if not month or not 1 <= month <= 12:
            return None
        year = posted.year - {"去年": 1, "前年": 2}.get(since.group("year") or "", 0)
        if not since.group("year") and month > posted.month:
            year -= 1
        months = (posted.year - year) * 12 + posted.month - int(month)
        return float(months) if months > 0 else None
    return None


def extract_facts(text: str, posted_at: str | None = None) -> Facts:
    """Facts from a post's text (``posted_at`` resolves 从去年十月到现在).

    >>> f = extract_facts("坦洲某工地欠我们二十多个工友3万5工资，拖了三个月")
    >>> f.workers, f.amount_yuan, f.months_unpaid, f.sector
    (20, 35000.0, 3.0, 'construction')
    """
    text = unicodedata.normalize("NFKC", text or "")
    facts = Facts()
    facts.workers = _workers(text)
    facts.amount_yuan = _amount_total(text, facts.workers)
    facts.months_unpaid = _months(text, posted_at)
    employer = EMPLOYER.search(text)
    if employer:
        facts.employer = re.sub(r"^(我们|我在|在|我|帮|替|给|的|被|是|去)+", "", employer.group("e")) or None
    else:
        foreman = FOREMAN.search(text)
        facts.employer = foreman.group(0) if foreman else None
    facts.phones = sorted(set(PHONE.findall(text)))
    for sector, pattern in SECTORS.items():
        if re.search(pattern, text):
            facts.sector = sector
            break
    facts.gov_project = bool(GOV_PROJECT.search(text))
    facts.group_signals = sorted(set(GROUP.findall(text)))
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


def mask_phone(phone: str) -> str:
    """13800001234 → 138****1234 (phones are shown in full only on the lead detail)."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else phone
