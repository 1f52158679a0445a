"""What a post, or a lead over all its posts, says about its case, for telling one case from another:
the 镇街, worker and amount ranges, employer names, places, projects, 包工头, its telling words and
when it was posted, and the facts that contradict (``conflicts``) or agree (``agreement``, ``retold``)
between two descriptions (``conflicts`` and ``agreement`` live in ``caseclash``, ``retold`` and its numbers in
``caseretold``: this module re-exports them).

``retold`` is how the same case is recognised when it is told again in other words, on another
platform or in Cantonese: nothing may contradict (another 镇街, worker or amount ranges that do not
meet, another named employer or village, weeks apart), and the telling words the two share (names
count most, ``triage.casewords``) plus the figures that agree must reach a threshold, higher when
only one side names the 镇街, and higher again when both tellings are long (they share ordinary words by
chance). Round 4 (issue 11): a province or a whole city elsewhere is no shared place (``caseplaces``); one
village of the 镇街 named by both is an agreeing fact; three agreeing facts with no word need less than two;
a lone worker's post sharing a telling word joins the one lead that fits within a week; two workers' own
shares do not contradict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from triage import mergesettings
from triage.caseclash import (  # noqa: F401 (re-exported: callers read them from here)
    _amount_clash,
    _days_apart,
    _named,
    _ordinals,
    agreement,
    conflicts,
    contradictions,
    unrelated,
)
from triage.casedetails import ACTIONS, events, phases, trades
from triage.casefigures import (  # noqa: F401 (re-exported: callers read them from here)
    _case_figures,
    _crew_of,
    _figures_agree,
    _overlap,
    _workers_near,
)
from triage.caseplaces import (  # noqa: F401 (_same_place re-exported)
    _after_town,
    _bare_place,
    _city_prefix,
    _is_village,
    _place_prefix,
    _same_place,
    _short_place,
)
from triage.caseretold import (  # noqa: F401 (re-exported: callers read them from here)
    COUNT_MARGIN,
    FACTS_AGREE,
    FACTS_DAYS,
    FACTS_ONLY,
    FACTS_ONLY_THREE,
    GROUP_MIN,
    HOUSEHOLD_MAX,
    LONG_EXTRA,
    LONG_TERMS,
    NAME_BONUS,
    NAME_WEIGHT,
    NAMED_DAYS,
    RETOLD_DAYS,
    RETOLD_LOOSE,
    RETOLD_SAME_TOWN,
    SAME_DAYS_BONUS,
    THIN,
    THIN_AGREE,
    THIN_DAYS,
    THIN_FACTS_DAYS,
    THIN_WORD,
    THIN_WORD_DAYS,
    _unfit,
    retold,
)
from triage.casesides import _agreeing_at_most, _lead_side, _may_share  # noqa: F401 (re-exported: tests read them here)
from triage.casewords import case_terms, ranked, shared, stems  # noqa: F401 (shared re-exported)
from triage.months import months_named
from triage.text import to_simplified
from triage.wordkinds import PRODUCTS, brands

ORG_KIND = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|加工厂|加工场|工厂|厂|作坊|项目部|酒楼|酒家|酒店|餐厅|饭店|餐馆|茶餐厅|茶楼|"
    r"快餐店|奶茶店|店|档口|超市|物业|装修队|培训机构|培训学校|幼儿园|学校|农场|农庄|养殖场|基地|果园|花场|民宿|"
    r"仓库|物流园|网吧|健身房|美容院|美发店|船厂|车行|维修厂|洗水厂|企业"
)
GENERIC_CORE = re.compile(
    rf"^(?:{PRODUCTS}|配件|生产|加工|小|大|大型|老字号|新|那|这|一|某|间|家|个|做|的|及|和|与|嗰|呢|本地|外资|港资|台资|民营|私营|国企|总包|分包|劳务|派遣|"
    r"下属|附近|旁边|对面|边上|电|器|具|制品|用品|材料|科技|实业|贸易|商贸|网|线|制|造|工|业|场|"
    r"外包|外判|汽车|零部件|零配件|饰件|医药|清洁|建筑|劳务公司|装饰|"
    # what a restaurant serves is its kind, not its name (日料店, 日本餐厅, 海鲜酒家, 川菜馆)
    r"甲方|乙方|业主|发包方|总包方|"
    r"日料|日本|日式|韩式|韩国|泰式|西式|港式|川菜|湘菜|粤菜|海鲜|火锅|烧烤|烤肉|自助|快餐|西饼|面包|甜品|粥|茶)+$"
)
# a verb of the story before an organisation word (督促酒店支付, 反映公司): not part of a name
STORY_VERB = re.compile(
    r"^(?:督促|反映|要求|希望|投诉|举报|联系|起诉|告|请|称|属|所属|向|由|该|但|找|问|让|叫)+"
)
NOT_IN_NAMES = re.compile(
    r"[该但向由其及系跑弃搬要称过咗着]|老板|老细|^做.*的$|^生产|(?:公司|厂).|员工|工人|工友|职工"
)
# what kind of employer, not its name: 连锁粥店, 民办学校, 私立学校, 老牌厂, a 新店
KIND_WORDS = re.compile(r"^(?:连锁|民办|私立|公办|老牌|港资|台资|外资)+|(?<=[\u4e00-\u9fff]{3})[新老旧]$")
# the province and the city a registered name begins with (广东省中山市…), or what extraction left of them (山市, 省)
CITY_HEAD = re.compile(r"^(?:广东省?|省)?(?:中山市?|山市|市)")
NEAR_WORDS, PLACE_WORDS = "附近|旁边|对面|隔篱|边上|一带", "村|社区|工业区|工业园|产业园"
NEAR_PLACE = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?)(?:{NEAR_WORDS})")
PLACE_TOKEN = re.compile(rf"((?:(?![过着咗])[\u4e00-\u9fff]){{2,4}}?)(?:{PLACE_WORDS})")
# each match of NEAR_PLACE and PLACE_TOKEN (none holds 过着咗: 找过社区 is a verb) ends in one of these, 2 to 4 characters after its start (most texts hold none)
NEAR_END, PLACE_END = re.compile(NEAR_WORDS), re.compile(PLACE_WORDS)
PROJECT_CORE = re.compile(r"(安置房|保障房|商住楼|商业综合体|综合体|产业园|厂房|小学|中学|医院|别墅|绿道|海堤|"
                          r"污水处理厂|污水管网|楼盘|商业广场|度假村|改扩建|扩建)")  # fmt: skip

# the patterns case_facts runs on every post or every employer's name, compiled once
DAY = re.compile(r"\d{4}-\d\d-\d\d")
ORG_TAIL = re.compile(rf"(?:{ORG_KIND})$")
PLACE_HEAD = re.compile(r"^.*?(?:村|社区|工业区|工业园|路|大道|镇|街道|那边|这边|附近|旁边)")
PRODUCT = re.compile(PRODUCTS)
PRODUCT_TAIL = re.compile(rf"(?:{PRODUCTS}|配件|生产|加工|制品)+$")
FIRM_TAIL = re.compile(r"(?:科技|实业|贸易|商贸|发展|建筑劳务分包|劳务分包)+$")
FOREMAN = re.compile(r"(?:包工头|工头|班组长|项目经理)(?:姓)?([\u4e00-\u9fff])(?:某|总|生|工)")

FACT_SETS = ("employers", "products", "places", "projects", "foremen", "villages")
# the merge decision's numbers: data/merge.toml says what each does (triage.mergesettings reads it)
_M = mergesettings.load()
MAX_FIGURES, LEAD_TERMS = _M["max_figures"], _M["lead_terms"]  # wage figures, telling words kept per lead
# words at least TERM_KEY_WEIGHT telling index a lead within its 镇街 (at most LOCAL_KEYS), at least
# STRONG_KEY_WEIGHT anywhere (at most STRONG_KEYS)
TERM_KEY_WEIGHT, STRONG_KEY_WEIGHT = _M["term_key_weight"], _M["strong_key_weight"]
LOCAL_KEYS, STRONG_KEYS = _M["local_keys"], _M["strong_keys"]
DISTRICT_WEAK = _M["district_weak"]  # a 镇街 found with less confidence than this rests on a weak cue


@dataclass
class CaseFacts:
    """What a post (or a lead, aggregated over its posts) says about its case, for matching."""

    district: str | None = None
    workers: tuple[int, int] | None = None
    amount: tuple[float, float] | None = None
    employers: set[str] = field(default_factory=set)  # distinctive names: 华耀, 金怡
    products: set[str] = field(default_factory=set)  # 灯饰, 锁具
    places: set[str] = field(default_factory=set)  # 裕洲, 永宁 (village/community/park, short form)
    projects: set[str] = field(default_factory=set)  # 安置房, 小学改扩建
    foremen: set[str] = field(default_factory=set)  # 陈, 刘
    villages: set[str] = field(default_factory=set)  # gazetteer villages/communities only: 古一, 裕洲
    terms: dict[str, float] = field(default_factory=dict)  # telling words and their weights: 康晟, 电饭煲
    names: set[str] = field(default_factory=set)  # those of the terms found as names by their form
    seen: tuple[str, str] | None = None  # first and last day posted (ISO dates)
    months: float | None = None  # months unpaid as stated
    subset: bool = False  # the worker count is of those still unpaid, part of the group
    sector: str | None = None  # construction, manufacturing, catering …
    # 家具, 灯饰 (data/trades.tsv: 傢俬, 梳化 and 家具 are one trade)
    trades: set[str] = field(default_factory=set)
    # every wage figure named (ranges), and whether the amount is one worker's own, part of the group's
    figures: list[tuple[float, float]] = field(default_factory=list)
    amount_part: bool = False
    # out_of_area: the places elsewhere named (攀枝花, 防城港), and with the cities they lie in (黄埔 → 广州)
    elsewhere: set[str] = field(default_factory=set)
    cities: set[str] = field(default_factory=set)
    # kinds of collective action: 楼顶 (天台 and 楼顶), 横幅 …
    actions: set[str] = field(default_factory=set)
    # the phases of an estate or project (四期、五期 → 4, 5), the calendar months owed (十月份人工 → 10)
    phases: set[int] = field(default_factory=set)
    month_names: set[int] = field(default_factory=set)
    # names of one business or site (宏达, 翠湖湾; triage.wordkinds): shared, they count at least brand_weight
    brands: set[str] = field(default_factory=set)
    # the 镇街 rests on a weak cue (district_confidence below DISTRICT_WEAK: 西区 alone, 三角 alone): where it disagrees
    # with the other telling's, a name of one business both share outweighs it (``judge``; round 12)
    weak: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "district": self.district, "workers": list(self.workers) if self.workers else None,
            "amount": list(self.amount) if self.amount else None,
            **{k: sorted(getattr(self, k)) for k in FACT_SETS},
            "terms": self.terms, "names": sorted(self.names), "seen": list(self.seen) if self.seen else None,
            "months": self.months, "subset": self.subset, "sector": self.sector, "trades": sorted(self.trades),
            "figures": [list(f) for f in self.figures], "amount_part": self.amount_part,
            "elsewhere": sorted(self.elsewhere), "cities": sorted(self.cities), "actions": sorted(self.actions),
            "phases": sorted(self.phases), "month_names": sorted(self.month_names), "brands": sorted(self.brands),
            **({"weak": True} if self.weak else {}),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CaseFacts:
        data = data or {}
        return cls(
            data.get("district"),
            tuple(data["workers"]) if data.get("workers") else None,
            tuple(data["amount"]) if data.get("amount") else None,
            *(set(data.get(k) or ()) for k in FACT_SETS),
            dict(data.get("terms") or {}),
            set(data.get("names") or ()),
            tuple(data["seen"]) if data.get("seen") else None,
            data.get("months"),
            bool(data.get("subset")),
            data.get("sector"),
            set(data.get("trades") or ()),
            [tuple(f) for f in data.get("figures") or ()],
            bool(data.get("amount_part")),
            set(data.get("elsewhere") or ()),
            set(data.get("cities") or ()),
            set(data.get("actions") or ()),
            set(data.get("phases") or ()),
            set(data.get("month_names") or ()),
            set(data.get("brands") or ()),
            bool(data.get("weak")),
        )

    def term_keys(self) -> list[str]:
        """Index keys under which a lead is found by a later retelling: within its 镇街, its telling
        words; anywhere (for posts that name no 镇街), its strongest ones; and the two-character heads
        of both (康晟 finds 康晟电子)."""
        heavy = [w for w, v in ranked(self.terms) if v >= TERM_KEY_WEIGHT]
        local = heavy[:LOCAL_KEYS]
        strong = [w for w in heavy if self.terms[w] >= STRONG_KEY_WEIGHT][:STRONG_KEYS]
        keys = [f"t:{w}" for w in strong] + [
            f"t:{h}" for h in stems(dict.fromkeys(strong)) if h not in self.terms
        ]
        if self.district:
            keys += [f"{self.district}|t:{w}" for w in local]
            keys += [f"{self.district}|t:{h}" for h in stems(dict.fromkeys(local)) if h not in self.terms]
        return list(dict.fromkeys(keys))

    def index_keys(self) -> list[str]:
        """Every key a lead is indexed under: its site keys, its telling words and its trades anywhere."""
        return [key for keys in self.key_kinds() for key in keys]

    def key_kinds(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """Its site, fact, telling-word and trade keys: ``index_keys`` in that order."""
        return self.site_keys(), self.fact_keys(), self.term_keys(), self.trade_keys()

    def trade_keys(self) -> list[str]:
        """The newest leads of a trade anywhere, and the newest leads of all, where a post that names no 镇街
        looks (物流公司老板失联…; 搬厂不给补偿，我们厂一千多人停工了)."""
        return [f"r:{x}" for x in sorted(self.trades)] + ["*"]

    def site_keys(self) -> list[str]:
        """Index keys under which a lead is found by a later post about the same site."""
        if not self.district:
            return []
        keys = [f"e:{x}" for x in self.employers] + [f"p:{x}" for x in self.places]
        keys += (
            [f"s:{x}" for x in self.projects]
            + [f"f:{x}" for x in self.foremen]
            # a product narrows little (灯饰 in 古镇): only with the worker count, which must agree anyway
            + ([f"g:{x}|w:{self.workers[0]}" for x in self.products] if self.workers else [])
        )
        return [f"{self.district}|{k}" for k in keys]

    def fact_keys(self) -> list[str]:
        """Index keys under which a lead is found by a retelling that shares no word with it, on its facts
        alone: the newest leads of one trade in the 镇街 and the newest of the 镇街 whatever their trade, or,
        elsewhere, the newest of the city."""
        if not self.district:
            return []
        if self.district == "out_of_area":
            return [f"out_of_area|x:{x}" for x in sorted(self.elsewhere)]
        return [f"{self.district}|r:{x}" for x in sorted(self.trades)] + [f"{self.district}|d"]


# every field of CaseFacts that is a set (``_sorted_sets``)
SET_FIELDS = tuple(f.name for f in fields(CaseFacts) if f.default_factory is set)


def _ending(pattern: re.Pattern, end: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, the same matches, where each match holds a match of ``end`` 2 to 4 characters
    after its start: searched from 4 characters before the first (no match starts earlier), not at all without one."""
    first = end.search(text)
    return pattern.finditer(text, max(0, first.start() - 4)) if first else iter(())


def case_facts(text: str, analysis: dict[str, Any], posted_at: str | None = None) -> CaseFacts:
    """The matching facts of one post from its text, its triage analysis and when it was posted, as a new lead of the
    post stores them and reads them back (``CaseFacts.from_json`` of their ``to_json``)."""
    plain = to_simplified(text)
    facts = CaseFacts(district=analysis.get("district"))
    confidence = analysis.get("district_confidence")
    facts.weak = bool(
        facts.district not in (None, "out_of_area") and confidence is not None and confidence < DISTRICT_WEAK
    )
    facts.months = analysis.get("months_unpaid")
    facts.sector = analysis.get("sector")
    facts.subset = bool(analysis.get("workers_subset"))
    if posted_at and DAY.match(posted_at):
        facts.seen = (posted_at[:10], posted_at[:10])
    if analysis.get("workers_range"):
        facts.workers = tuple(analysis["workers_range"])
    if analysis.get("amount_range"):
        facts.amount = tuple(analysis["amount_range"])
    facts.figures = [tuple(f) for f in analysis.get("amounts_named") or ()][:MAX_FIGURES]
    facts.amount_part = bool(analysis.get("amount_part"))
    facts.trades = trades(plain)
    facts.elsewhere = set(analysis.get("district_elsewhere") or ())
    if facts.elsewhere:
        from triage.districts import load_gazetteer, with_cities

        facts.cities = with_cities(facts.elsewhere)
        # a city's district whose name a Zhongshan 镇街 also bears (攀枝花东区): the finer place, kept whole
        for city in facts.elsewhere & load_gazetteer().coarse:
            facts.elsewhere |= {city + m for m in re.findall(re.escape(city) + r"市?([东西南北中]区)", plain)}
    facts.phases = phases(plain)
    facts.month_names = set(months_named(plain))
    facts.actions = {
        kind
        for signal in analysis.get("group_signals") or ()
        for kind, pattern in ACTIONS
        if pattern.search(signal)
    } | events(plain)
    written: set[str] = set()  # employer names with their trade (锦纶针织): names as posts write them
    for name in analysis.get("employer_names") or ():
        core = ORG_TAIL.sub("", name)
        core = PLACE_HEAD.sub("", core) or core
        core = (
            CITY_HEAD.sub("", core) or core
        )  # 中山市鸿达, 广东省中山市金鹰 (and 山市鸿达 as extraction cut it): 鸿达
        if name.endswith("有限公司") and len(city := _city_prefix().sub("", core)) >= 2:
            core = city  # 东莞市渝东建筑劳务分包有限公司: 渝东 (a registered name, kept whole by extraction)
        core = _place_prefix().sub("", STORY_VERB.sub("", core))  # 督促酒店, 港口游艺厂: no name there
        core = KIND_WORDS.sub("", core)
        if NOT_IN_NAMES.search(core) or "某" in core:
            continue  # 某清洁服务公司 of a 12345 ticket is any company, no name  # 但该公司, 电厂老板弃厂, 做锁的厂: words of the sentence, not a name
        for product in PRODUCT.findall(core):
            facts.products.add(product)
        distinctive = PRODUCT_TAIL.sub("", core)
        if len(distinctive) >= 2 and not GENERIC_CORE.match(distinctive):
            facts.employers.add(distinctive)
            if core != distinctive and len(core) <= 8:
                written.add(FIRM_TAIL.sub("", core))  # 锦纶针织, 纸品包装
    for product in PRODUCT.findall(plain):
        facts.products.add(product)
    facts.places = {_short_place(p) for p in analysis.get("district_places") or ()}
    # 崖口附近: a landmark, not the site's village
    near = {m.group(1) for m in _ending(NEAR_PLACE, NEAR_END, plain)}
    facts.villages = {
        _short_place(p) for p in analysis.get("district_places") or () if _is_village(p) and p not in near
    }
    facts.places |= {
        _bare_place(_after_town(plain[max(0, m.start(1) - 3) : m.start(1)], m.group(1)))
        for m in _ending(PLACE_TOKEN, PLACE_END, plain)
        if not GENERIC_CORE.match(m.group(1))
    }
    facts.places.discard("")
    facts.projects = set(PROJECT_CORE.findall(plain))
    foreman = analysis.get("foreman") or ""
    who = FOREMAN.search(foreman)
    if who:
        facts.foremen.add(who.group(1))
    facts.terms, facts.names = case_terms(text, facts.employers | written, facts.places)
    facts.brands = brands(plain, facts.employers)
    return _sorted_sets(facts)  # the rest is as from_json makes it already


def read_back(facts: CaseFacts) -> CaseFacts:
    """``facts`` as their JSON text reads back (``from_json`` of ``to_json``), without the text: a new object, the
    sets as ``_sorted_sets`` makes them, the rest shared (facts are never changed in place); ``facts`` is left as it
    was (its sets iterate in another order: what is decided on it stays as it was)."""
    back = object.__new__(CaseFacts)
    back.__dict__.update(facts.__dict__)
    return _sorted_sets(back)


def _sorted_sets(facts: CaseFacts) -> CaseFacts:
    """As a lead's stored facts read back (``from_json`` of ``to_json``, which lists a set sorted): each set of two or
    more made anew in sorted order, the order it iterates in (in place)."""
    for name in SET_FIELDS:
        items = getattr(facts, name)
        if len(items) > 1:
            setattr(facts, name, set(sorted(items)))
    return facts


def merge_facts(lead: CaseFacts, post: CaseFacts) -> CaseFacts:
    """A lead's matching facts after one more post: names add up, ranges narrow where they overlap."""
    merged = CaseFacts(
        lead.district or post.district,
        lead.workers, lead.amount,
        lead.employers | post.employers, lead.products | post.products, lead.places | post.places,
        lead.projects | post.projects, lead.foremen | post.foremen, lead.villages | post.villages,
    )  # fmt: skip
    merged.subset = lead.subset
    # a weak 镇街 stays weak until a post names it on a strong cue
    merged.weak = (
        (lead.weak and not (post.district == lead.district and not post.weak)) if lead.district else post.weak
    )
    for attr in ("workers", "amount"):
        a, b = getattr(lead, attr), getattr(post, attr)
        if attr == "workers" and post.subset and a:
            continue  # those still unpaid say nothing new about the group's size
        if attr == "workers" and lead.subset and b:
            setattr(merged, attr, b)  # the whole group, now that a post names it
            merged.subset = post.subset
        elif a and b and _overlap(a, b):
            setattr(merged, attr, (max(a[0], b[0]), min(a[1], b[1])))
        elif a and b and attr == "workers" and not (lead.subset or post.subset):
            # a retelling joined with another count (a crew of the group, or a guess at one crowd): the lead keeps
            # the group's count, the larger, or both guesses (十几 and 23), so later tellings of either meet it
            low, high = sorted((a, b))
            setattr(merged, attr, high if _crew_of(lead, post) else (low[0], high[1]))
        elif b and not a:
            setattr(merged, attr, b)
            merged.subset = post.subset
    terms = {**post.terms, **lead.terms}
    for word, w in post.terms.items():
        terms[word] = max(w, lead.terms.get(word, 0.0))
    merged.terms = dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:LEAD_TERMS])
    merged.names = {n for n in lead.names | post.names if n in merged.terms}
    days = [d for facts in (lead, post) if facts.seen for d in facts.seen]
    merged.seen = (min(days), max(days)) if days else None
    merged.months = lead.months or post.months
    merged.sector = lead.sector or post.sector
    merged.trades = lead.trades | post.trades
    merged.elsewhere = lead.elsewhere | post.elsewhere
    merged.cities = lead.cities | post.cities
    merged.actions = lead.actions | post.actions
    merged.phases = lead.phases | post.phases
    merged.month_names = lead.month_names | post.month_names
    merged.brands = lead.brands | post.brands
    merged.figures = list(dict.fromkeys([*lead.figures, *post.figures]))[:MAX_FIGURES]
    merged.amount_part = (
        lead.amount_part if lead.amount else post.amount_part
    )  # one worker's own, from the post
    if lead.amount_part and post.amount and not post.amount_part:
        merged.amount, merged.amount_part = post.amount, False  # the group's whole, now that a post names it
    return merged
