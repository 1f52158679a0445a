"""The facts officers need from a post: how many workers, how much, how long, who owes (employer,
project, site, 包工头 as written), contact phones, sector, government-invested project, collective
action or escalation signals, and the 双交办 regulators.

Regular expressions over the text after NFKC and traditional → simplified conversion (opencc), with
Chinese numerals understood: 二十多个 → 20, 3万5 → 35000, 18万6千 → 186000, 十几万 → 100000,
3.5w → 35000, 人均四千×20人 → 80000. Vague figures take their lower bound and are marked
approximate, with the range they allow (``amount_range``, ``workers_range``); dedupe compares
ranges, so 18万多 and 186000 agree while 5万4 and 6万6 do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime

from redact import PHONE, mask_phone, mask_phones  # noqa: F401 - mask_phone(s) are used from here
from triage.numbers import CN, DIGITS, NUM, VAGUE, _precision, chinese_number, parse_number, parse_number_text
from triage.text import to_simplified

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


# ---- amounts -----------------------------------------------------------------------------------

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


# ---- months unpaid -----------------------------------------------------------------------------

MONTH_COUNT = rf"(?:(?P<n>{NUM})\s*(?P<half>个半|个多|多个|个)\s*(?P<more>多|半)?|(?P<n2>个半|半个))\s*月"
MONTHS = [
    re.compile(
        rf"(?:拖|欠|压|扣|没发|未发|冇出粮|没出粮|没有发|不发|没结|没拿|没给|没有拿|拖欠)[^。!?！？，,；;]{{0,12}}?{MONTH_COUNT}"
    ),
    re.compile(
        rf"{MONTH_COUNT}(?:的|嘅|)(?:工资|工钱|人工|薪水|薪资|没发|没拿|未发|冇出粮|没出粮|不发|没结|的工资|未领|一分)"
    ),
    re.compile(rf"{MONTH_COUNT}(?:了|啦|咯)?(?:都|还|仍)?(?:没|未|冇|不)"),
    # 两个月24000块工资没发, 三个月52.5万没发
    re.compile(
        rf"{MONTH_COUNT}[^。!?！？，,；;]{{0,12}}?(?:工资|工钱|人工|薪|没发|未发|没结|不发|没拿|没给|拖着|冇出粮|未出)"
    ),
]
YEARS = re.compile(
    rf"(?:拖|欠|没发|未发)[^。!?！？，,]{{0,6}}?(?P<n>{NUM}|半)年(?P<more>多)?|(?P<n2>{NUM}|半)年(?:多)?(?:的)?(?:工资|工钱|没发|未发)"
)
MONTH_NAME = r"(?:[一二三四五六七八九十]{1,2}|1[0-2]|[1-9])"
SINCE_MONTH = re.compile(
    rf"(?:从|自|由)?(?P<year>去年|今年|前年)?(?P<m>{MONTH_NAME})月(?:份)?(?:初|中|底|中旬|下旬)?"
    rf"(?:开始|起|以来|至今|到现在|到今天|到而家|一直|就)"
)
MONTH_RANGE = re.compile(
    rf"(?P<a>{MONTH_NAME})月?(?:到|至|-|~|—)(?P<b>{MONTH_NAME})月(?:份)?(?:的)?(?:工资|工钱|人工)"
)
MONTH_LIST = re.compile(
    rf"(?P<list>(?:{MONTH_NAME}月?[、和及与,，]?\s*){{2,6}})月?(?:份)?(?:的)?(?:工资|工钱|人工)"
)
LAST_MONTH = re.compile(r"上(?:个)?月(?:的)?(?:工资|工钱|人工|薪水)")


def _last_number(token: str) -> float | None:
    """The number a token ends with (六七八三 → 3: a list of month names, then the count)."""
    for start in range(len(token)):
        value = chinese_number(token[start:])
        if value is not None:
            return value
    return None


def _months(text: str, posted_at: str | None) -> float | None:
    for pattern in MONTHS:
        match = pattern.search(text)
        if match:
            n = match.group("n")
            if match.group("n2"):
                return 1.5 if match.group("n2") == "个半" else 0.5
            value = _last_number(n)  # 六七八三个月 → 3
            if value and value < 120:
                if match.group("half") == "个半" or match.group("more") == "半":
                    value += 0.5
                return float(value)
    years = YEARS.search(text)
    if years:
        n = years.group("n") or years.group("n2")
        value = 0.5 if n == "半" else chinese_number(n)
        if value:
            return float(value * 12)
    months_range = MONTH_RANGE.search(text)
    if months_range:
        a, b = chinese_number(months_range.group("a")), chinese_number(months_range.group("b"))
        if a and b and 1 <= a < b <= 12:
            return float(b - a + 1)
    listed = MONTH_LIST.search(text)
    if listed:
        names = re.findall(MONTH_NAME, listed.group("list"))
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
        year = posted.year - {"去年": 1, "前年": 2}.get(since.group("year") or "", 0)
        if not since.group("year") and month > posted.month:
            year -= 1
        months = (posted.year - year) * 12 + posted.month - int(month)
        return float(months) if months > 0 else None
    if LAST_MONTH.search(text):
        return 1.0
    return None


# ---- who owes, where, which sector -------------------------------------------------------------

ORG_SUFFIX = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|制衣厂|灯饰厂|五金厂|家具厂|电器厂|电子厂|塑胶厂|鞋厂|洗水厂|"
    r"服饰厂|工厂|厂|作坊|项目部|酒楼|酒家|酒店|餐厅|饭店|餐馆|茶餐厅|茶楼|快餐店|奶茶店|店|档口|超市|物业|装修队|"
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
PROJECT = re.compile(
    r"(?P<p>[\u4e00-\u9fffA-Za-z0-9]{2,14}?(?:项目|工程|工地|楼盘|花园|广场|大厦|产业园|物流园|安置房|保障房|综合体))"
)
FOREMAN = re.compile(
    r"(?P<role>包工头|工头|老板|老细|负责人|班组长|老板娘|厂长|校长|主管|项目经理)[：:]?\s*"
    r"(?:姓)?(?P<who>[\u4e00-\u9fff](?:某某?|总|生|工|老板)|老[\u4e00-\u9fff](?=[，,。说话])|[\u4e00-\u9fff]某)"
)
GENERIC_LEAD = re.compile(
    r"^(?:在|于|喺|我们|我哋|我|他|她|帮|替|给|的|被|是|去|那|这|个|间|家|嗰|呢|某|一|一家|一间|一个|那家|那间|这家|"
    r"这间|嗰间|呢间|那个|这个|附近|旁边|对面|边上|里面|里|下属的|所|新建|在建)+"
)
GROUP = re.compile(
    r"集体讨薪|集体上访|集体维权|集体到|集体去|一起去[^。！!？?]{0,8}(?:政府|人社|劳动|信访)|大家去[^。！!？?]{0,6}政府|"
    r"拉横幅|拉了横幅|拉起横幅|拉条幅|横幅|举牌|堵路|堵门|堵厂门|堵住|堵了|围堵|堵塞|拦车|拦路|封路|围在|围住|"
    r"爬塔吊|爬上塔吊|塔吊上|上塔吊|爬楼顶|上楼顶|楼顶|跳楼|跳下去|跳河|跳桥|寻死|不想活|以死|喝农药|自杀|轻生|"
    r"出人命|同归于尽|去市政府|到市政府|去镇政府|到镇政府|镇政府门口|市政府门口|政府门口|上访|信访|静坐|聚集|罢工|"
    r"停工讨|全厂停工|全部停工|停工|冲突|打起来|应急预案|群体性"
)
HASHTAG = re.compile(r"#[^#\n]{1,40}#")
COLLECTIVE_CLAIM = re.compile(r"讨薪|讨要工资|讨要工钱|讨工钱|讨说法|维权")
GROUP_MIN_WORKERS = 10
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
GOV_PROJECT = re.compile(
    r"政府投资|政府工程|政府的工程|政府的项目|市政|财政|公建|公办|学校工程|医院工程|保障房|安置房|道路改造|道路工程|"
    r"城中村改造|公共工程|国企|国有|水务局的项目|交通局的项目|水务的项目|交通的项目|水利工程"
)
TRANSPORT = re.compile(r"公路|道路工程|道路改造|大道改造|桥梁|地铁|轨道|交通工程|交通局|客运|公交|国道")
WATER = re.compile(r"水利|水务|河涌|堤防|海堤|排水|供水|污水|水厂|管网")
STATE_OWNED = re.compile(r"国企|国有|央企|城投|国资")


# pinyin abbreviations common in complaints (DOMAIN.md): gz 工资, lb 老板, ldj 劳动局, hl 坏了/黑了 is not needed
PINYIN_WORDS = {"gz": "工资", "lb": "老板", "ldj": "劳动局", "rsj": "人社局", "gd": "工地"}
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

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _clean_org(name: str) -> str:
    name = GENERIC_LEAD.sub("", name)
    return name


MAKER = re.compile(r"(?:做|生产|造)[\u4e00-\u9fffA-Za-z]{1,6}?的(?:厂|工厂|公司|作坊)")


def _is_place(name: str) -> bool:
    from triage.districts import load_gazetteer

    return name in load_gazetteer().places


def _trim_place(name: str) -> str:
    """商住楼工地 from 坦洲镇金斗湾那边一个商住楼工地: the organisation or site without where it is."""
    name = re.sub(
        r"^.*(?:村|社区|工业区|工业园|路|大道|镇|街道|区|那边|这边|附近|旁边|嗰边)(?=.{2,})", "", name
    )
    return GENERIC_LEAD.sub("", name) or name


def _employers(text: str) -> list[str]:
    """Organisations as written (华耀灯饰厂, 金怡酒家, 一家红木家具厂 → 红木家具厂), first mention first."""
    names = [m.group(0) for m in MAKER.finditer(text)]  # 做电饭煲的厂: as written
    for match in NAMED_ORG.finditer(text):
        name = _trim_place(_clean_org(match.group("name")) + match.group("kind"))
        if _is_place(name) or _is_place(match.group(0)):
            continue  # 健康基地, 泰丰工业区: a park, not an employer
        single = (
            len(match.group("kind")) == 1 and len(match.group("name")) < 2 and match.group("name") not in "鞋"
        )
        if (
            len(name) >= 2
            and not single
            and name not in names
            and not re.fullmatch(r"(?:厂|店|公司|工厂|企业)", name)
        ):
            names.append(name)
    return names


def extract_facts(text: str, posted_at: str | None = None) -> Facts:
    """Facts from a post's text (``posted_at`` resolves 从去年十月到现在).

    >>> f = extract_facts("坦洲某工地欠我们二十多个工友3万5工资，拖了三个月")
    >>> f.workers, f.amount_yuan, f.months_unpaid, f.sector
    (20, 35000.0, 3.0, 'construction')
    """
    text = PINYIN.sub(lambda m: PINYIN_WORDS[m.group(0).lower()], to_simplified(text))
    facts = Facts()
    facts.workers, facts.workers_range = _workers(text)
    facts.amount_yuan, facts.amount_range = _amount(text, facts.workers)
    facts.months_unpaid = _months(text, posted_at)
    facts.employer_names = _employers(text)
    project = PROJECT.search(text)
    facts.project = _trim_place(project.group("p")) if project else None
    foreman = FOREMAN.search(text)
    facts.foreman = f"{foreman.group('role')}{foreman.group('who')}" if foreman else None
    facts.employer = (
        (facts.employer_names[0] if facts.employer_names else None) or facts.project or facts.foreman
    )
    facts.phones = sorted(set(PHONE.findall(text)))
    for sector, pattern in SECTORS.items():
        if re.search(pattern, text):
            facts.sector = sector
            break
    facts.gov_project = bool(GOV_PROJECT.search(text))
    facts.group_signals = sorted(set(GROUP.findall(text)))
    if (
        facts.workers
        and facts.workers >= GROUP_MIN_WORKERS
        and COLLECTIVE_CLAIM.search(HASHTAG.sub("", text))
    ):
        facts.group_signals.append(f"{facts.workers}人讨薪")  # 三百多人讨薪, 40余名工人讨薪
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
