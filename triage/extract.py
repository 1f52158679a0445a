"""The facts officers need from a post: how many workers, how much, how long, who owes (employer,
project, site, 包工头 as written), contact phones, sector, government-invested project, collective
action or escalation signals, and the 双交办 regulators.

Regular expressions over the text after NFKC and traditional → simplified conversion (opencc), with
Chinese numerals understood: 二十多个 → 20, 3万5 → 35000, 18万6千 → 186000, 十几万 → 100000,
3.5w → 35000, 人均四千×20人 → 80000. Vague figures take their lower bound and are marked
approximate, with the range they allow (``amount_range``, ``workers_range``); dedupe compares
ranges, so 18万多 and 186000 agree while 5万4 and 6万6 do not.

Months unpaid: ``triage.months``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from redact import PHONE, mask_phone, mask_phones  # noqa: F401 - mask_phone(s) are used from here
from triage import quickscan
from triage.extractgate import apply_gates
from triage.group import group_signals
from triage.money import _amount, _money_mentions, amounts_named
from triage.months import _months
from triage.text import to_simplified
from triage.wordfile import alternation, load_words
from triage.workers import GROUP_WORDS, _workers

# ---- who owes, where, which sector -------------------------------------------------------------

ORG_SUFFIX = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|制衣厂|灯饰厂|五金厂|家具厂|电器厂|电子厂|塑胶厂|鞋厂|洗水厂|"
    r"服饰厂|加工厂|加工场|工厂|厂|作坊|项目部|酒楼|酒家|酒店|餐厅|饭店|餐馆|茶餐厅|茶楼|快餐店|奶茶店|店|档口|超市|物业|装修队|"
    r"装修公司|培训机构|培训学校|幼儿园|学校|农场|农庄|养殖场|鱼塘|基地|果园|花场|民宿|仓库|物流园|网吧|健身房|美容院|"
    r"美发店|船厂|车行|维修厂"
)
# characters that never sit inside an employer's name: function words, pronouns, counters, verbs of the story
NAME_STOP = (
    "的在了是们我你您他她它到去从把被说都也还就又不没个这那些有与及给为让对将很最再才已啊呢吗吧嘛哦呀"
    "人名位里上下后前间家全在做干欠拖发给讨跑走佬说话喺嗰呢哋咗嘅系冇俾边度今明昨早晚天月年号点返回进出开关现"
)
# (a suffix's first character within a name's length, looked ahead for first: a quicker scan, issue 12)
ORG_FIRST = "".join(sorted({word[0] for word in ORG_SUFFIX.split("|")}))
NAMED_ORG = quickscan.compile(
    rf"(?=[^\W\d_{NAME_STOP}]{{1,8}}[{ORG_FIRST}])"
    rf"(?P<name>[^\W\d_{NAME_STOP}]{{1,8}})(?P<kind>{ORG_SUFFIX})(?![房区门里长家内外方商])"
)
# a registered name, written whole (中山市鸿达五金制品有限公司, 旭日照明电器有限公司): longer, and over the characters
# of NAME_STOP that names hold (data/employer_words.toml, round 13)
EMPLOYER_WORDS = load_words("employer_words")
_REGISTERED = EMPLOYER_WORDS["registered"]
REGISTERED_STOP = "".join(c for c in NAME_STOP if c not in _REGISTERED["inside"])
REGISTERED = re.compile(
    rf"(?P<name>[^\W\d_{REGISTERED_STOP}]{{1,{_REGISTERED['longest']}}})"
    rf"(?P<kind>{alternation(_REGISTERED['kinds'])})"
)
# words that hold a stop character inside names (家具, 照明): a name cut at one runs on over it
INSIDE_WORDS = frozenset(EMPLOYER_WORDS["inside"]["words"])
NAME_CHAR = re.compile(rf"[^\W\d_{NAME_STOP}]")
INSIDE_COUNTERS = frozenset(EMPLOYER_WORDS["inside"]["counters"])
INSIDE_ANYWAY = frozenset(EMPLOYER_WORDS["inside"]["never_after_counter"])
SINGLE_KINDS = tuple(
    EMPLOYER_WORDS["inside"]["single_trade_kinds"]
)  # (电厂, 布店: str.startswith takes a tuple)
HOME_CITY = ("中山", "中山市")  # (no entry of the gazetteer: its 镇街 are)
# words of the sentence cut from a name's front (多次向公司, 进入鸿达五金厂); one character only before a bare kind
_LEAD = EMPLOYER_WORDS["lead"]
_SINGLE = "".join(_LEAD["single"])
LEAD_WORDS = re.compile(
    rf"^(?:.{{0,6}}?(?:{alternation(_LEAD['words'])})|.{{0,2}}?(?:{alternation(_LEAD['roles'])}))+[{_SINGLE}]?"
    rf"|^[{_SINGLE}](?={alternation(_LEAD['generic_heads'])})"
)
GENERIC_HEAD = re.compile(alternation(_LEAD["generic_heads"]))
LEAD_SINGLE = re.compile(rf"^[{_SINGLE}]$")
PROJECT_WORDS = r"项目|工程|工地|楼盘|花园|广场|大厦|产业园|物流园|安置房|保障房|综合体"
PROJECT = quickscan.compile(rf"(?P<p>[\u4e00-\u9fffA-Za-z0-9]{{2,14}}?(?:{PROJECT_WORDS}))")
# (PROJECT and NAMED_ORG try a name at every character: first a quick look for the words that must end one, issue 12)
PROJECT_WORD = re.compile(PROJECT_WORDS)
ORG_WORD = re.compile(ORG_SUFFIX)
FOREMAN = re.compile(
    r"(?P<role>包工头|工头|老板|老细|负责人|班组长|老板娘|厂长|校长|主管|项目经理)[：:]?\s*"
    # (not a word of the sentence before 老板: 老板有老板的难处, 老板以生意难做为由, xk15)
    r"(?:姓)?(?P<who>(?![有以也都就说话讲是在和跟同与让叫要还又才把被对给])[\u4e00-\u9fff](?:某某?|总|生|工|老板)|老[\u4e00-\u9fff](?=[，,。说话])|[\u4e00-\u9fff]某)"
)
GENERIC_LEAD = re.compile(
    r"^(?:在|于|喺|我们|我哋|我|他|她|帮|替|给|的|被|是|去|那|这|个|间|家|嗰|呢|某|一|一家|一间|一个|那家|那间|这家|"
    r"这间|嗰间|呢间|那个|这个|附近|旁边|对面|边上|里面|里|下属的|所|新建|在建"
    # 公路旁某家具厂, 镇内某公司, 一处鱼塘, 多所学校 (xk15; not 内地, 处在建: 旁 and 内 only before 某 一 那 这)
    r"|(?:旁|内)(?=[某一那这])|处(?!在)|多所|多家)+"
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
OWED_ME = quickscan.compile(
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
        return {name: getattr(self, name) for name in FACT_FIELDS}


# the field names, found once (``fields`` on every post was ~1 % of preparing, issue 12)
FACT_FIELDS = tuple(f.name for f in fields(Facts))


def _clean_org(name: str) -> str:
    """The name without the words before it (一家, 那间, 某); 家 of 家具 stays (某家具公司 → 家具公司)."""
    lead = GENERIC_LEAD.match(name)
    if not lead:
        return name
    at = lead.end() - 1 if name[lead.end() - 1 : lead.end() + 1] in INSIDE_WORDS else lead.end()
    return name[at:]


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
    return _clean_org(name) or name


def _registered(text: str) -> dict[int, tuple[str, str]]:
    """The registered names of a text (…有限公司) by where their kind ends: (name, kind)."""
    found = {}
    for match in REGISTERED.finditer(text) if "有限" in text else ():
        found[match.end()] = (match.group("name"), match.group("kind"))
    return found


def _place_cut(text: str, start: int) -> int:
    """Where a name cut at eight characters starts when the cut fell inside a place's name (中|山坦洲某跨境电商公司,
    江|苏姜堰…): the place's first character, else ``start``."""
    from triage.districts import load_gazetteer

    gazetteer = load_gazetteer()
    for back in (1, 2):
        for ahead in (1, 2, 3):
            word = text[start - back : start + ahead]
            if start >= back and (word in gazetteer.coarse or word in gazetteer.places or word in HOME_CITY):
                return start - back
    return start


def _run_on(text: str, start: int, end: int) -> str:
    """The name from ``start`` to ``end``, run on back over a word that holds a stop character: 照明 with the name
    before it (晨光照明五金厂 → 晨光照明五金), 家具 or 家电 with 小 or 大 before it (某家具公司 → 家具, 小家电), not
    家 as a counter (一家电子厂 → 电子)."""
    if end - start == 8 and start > 0 and NAME_CHAR.match(text[start - 1]):
        return text[_place_cut(text, start) : end]
    if start >= 2 and text[start - 2 : start] in INSIDE_WORDS:
        start -= 2  # 照明|五金厂: the word ends with the stop character
        while start > 0 and end - start < 8 and NAME_CHAR.match(text[start - 1]):
            start -= 1
    elif start >= 1 and text[start - 1 : start + 1] in INSIDE_WORDS:
        before = text[start - 2] if start >= 2 else ""
        # after a counter 家 counts (一家电子厂 → 电子厂), unless one character would be left before a kind that no
        # one-character trade has (某家电公司 → 家电公司, not 电公司; 一家电厂 stays a power plant)
        lone = end - start == 1 and not text.startswith(SINGLE_KINDS, end)
        if before not in INSIDE_COUNTERS or text[start - 1 : start + 1] in INSIDE_ANYWAY or lone:
            start -= 2 if before and before in "小大" else 1  # 家|具公司, 小家|电厂
    return text[start:end]


def _employers(text: str) -> list[str]:
    """Organisations as written (华耀灯饰厂, 金怡酒家, 一家红木家具厂 → 红木家具厂), first mention first."""
    names = [m.group(0) for m in MAKER.finditer(text)]  # 做电饭煲的厂: as written
    registered = _registered(text)
    for match in NAMED_ORG.finditer(text) if ORG_WORD.search(text) else ():
        named, kind = registered.get(match.end(), (match.group("name"), match.group("kind")))
        if named == match.group("name"):
            named = _run_on(text, match.start("name"), match.end("name"))
        raw = named
        cut = LEAD_WORDS.sub("", named)
        if cut and cut[0] in _SINGLE and GENERIC_HEAD.match(cut[1:] + kind):
            cut = cut[1:]  # 但酒|店: 酒店 begins no brand
        if LEAD_SINGLE.match(cut) or (not cut and cut != named):
            continue  # 但公司, 以物业, 多次找项目部: words of the sentence before a bare kind
        named = _clean_org(cut)
        name = _trim_place(named + kind)
        if _is_place(name) or _is_place(match.group(0)):
            continue  # 健康基地, 泰丰工业区: a park, not an employer
        single = len(match.group("kind")) == 1 and len(raw) < 2 and raw not in "鞋"
        if len(name) >= 2 and not single and name not in names and not BARE_KIND.fullmatch(name):
            names.append(name)
    return names


def prepared(text: str) -> str:
    """The text the rules read: simplified script, pinyin words spelt out, 数十 as 几十, 1.4个亿 as 1.4亿."""
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
    return text


def extract_facts(text: str, posted_at: str | None = None, gate: bool = True) -> Facts:
    """Facts from a post's text (``posted_at`` resolves 从去年十月到现在); ``gate=False``: the rules' figures
    without the learned gates of ``triage.extractgate`` (what ``evaluation.extractgate`` trains them on).

    >>> f = extract_facts("坦洲某工地欠我们二十多个工友3万5工资，拖了三个月")
    >>> f.workers, f.amount_yuan, f.months_unpaid, f.sector
    (20, 35000.0, 3.0, 'construction')
    """
    text = prepared(text)
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
    if gate and (facts.amount_yuan is not None or facts.workers is not None):
        apply_gates(text, facts, mentions)
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
