"""What a post, or a lead over all its posts, says about its case, for telling one case from another:
the 镇街, worker and amount ranges, employer names, places, projects, 包工头, and the facts that
contradict (``conflicts``) or agree (``agreement``) between two descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from triage.text import to_simplified

PRODUCTS = (
    "灯饰|灯具|水晶灯|照明|LED|电子|电路板|塑胶|塑料|注塑|制衣|服饰|服装|童装|牛仔布|牛仔裤|牛仔|洗水|五金|抛光|"
    "锁具|家具|家私|红木|电器|小家电|电饭煲|电饭锅|电风扇|热水器|燃气灶|燃气具|空调|冰箱|音响|鞋|玩具|皮具|印刷|"
    "纸箱|电镀|压铸|饲料|木材加工|腊味|腊肠|饼干|食品|物流|快递|医疗器械|手机配件|游戏机|游艺设备|游艇|造船配套|船|"
    "设计|装修|网络推广|互联网|酒楼|酒家|餐厅|奶茶|茶餐厅|健身|美容|美发|物业|保洁|培训|汽修|汽车维修|维修|"
    "养猪|养鱼|鱼塘|果园|菠萝|花木|农庄|农家乐|民宿|网吧|鞋厂"
)
ORG_KIND = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|工厂|厂|作坊|项目部|酒楼|酒家|酒店|餐厅|饭店|餐馆|茶餐厅|茶楼|"
    r"快餐店|奶茶店|店|档口|超市|物业|装修队|培训机构|培训学校|幼儿园|学校|农场|农庄|养殖场|基地|果园|花场|民宿|"
    r"仓库|物流园|网吧|健身房|美容院|美发店|船厂|车行|维修厂|洗水厂|企业"
)
GENERIC_CORE = re.compile(
    rf"^(?:{PRODUCTS}|配件|生产|加工|小|大|大型|老字号|新|那|这|一|某|间|家|个|做|的|及|和|与|嗰|呢|本地|外资|国企|总包|分包|劳务|派遣|"
    r"下属|附近|旁边|对面|边上|电|器|具|制品|用品|材料|科技|实业|贸易|商贸|网|线|制|造|工|业|场)+$"
)
PLACE_TOKEN = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:村|社区|工业区|工业园|产业园)")
PROJECT_CORE = re.compile(r"(安置房|保障房|商住楼|商业综合体|综合体|产业园|厂房|小学|中学|医院|别墅|绿道|海堤|"
                          r"污水处理厂|污水管网|楼盘|商业广场|度假村|改扩建|扩建)")  # fmt: skip


FACT_SETS = ("employers", "products", "places", "projects", "foremen", "villages")


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

    def to_json(self) -> dict[str, Any]:
        return {
            "district": self.district, "workers": list(self.workers) if self.workers else None,
            "amount": list(self.amount) if self.amount else None,
            **{k: sorted(getattr(self, k)) for k in FACT_SETS},
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CaseFacts:
        data = data or {}
        return cls(
            data.get("district"),
            tuple(data["workers"]) if data.get("workers") else None,
            tuple(data["amount"]) if data.get("amount") else None,
            *(set(data.get(k) or ()) for k in FACT_SETS),
        )

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


def _short_place(name: str) -> str:
    return re.sub(r"(村|社区|工业区|工业园|开发区|产业园)$", "", name)


def _is_village(name: str) -> bool:
    from triage.districts import load_gazetteer

    return any(p.kind in ("村", "社区") for p in load_gazetteer().places.get(name, ()))


def _bare_place(token: str) -> str:
    """裕洲 from 坦洲裕洲 or 榄镇永宁: drop a leading town name or anything up to 镇/区/市/街道."""

    token = re.sub(r"^.*(?:镇|区|市|街道|那边|这边|[的在了是们我到从和与])", "", token)
    token = _town_prefix().sub("", token)
    return token if len(token) >= 2 else ""


@cache
def _town_prefix() -> re.Pattern:
    from triage.districts import load_gazetteer

    names = [
        n for n, places in load_gazetteer().places.items() if any(p.kind in ("镇街", "别名") for p in places)
    ]
    return re.compile("^(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")")


def case_facts(text: str, analysis: dict[str, Any]) -> CaseFacts:
    """The matching facts of one post from its text and its triage analysis."""
    plain = to_simplified(text)
    facts = CaseFacts(district=analysis.get("district"))
    if analysis.get("workers_range"):
        facts.workers = tuple(analysis["workers_range"])
    if analysis.get("amount_range"):
        facts.amount = tuple(analysis["amount_range"])
    for name in analysis.get("employer_names") or ():
        core = re.sub(rf"(?:{ORG_KIND})$", "", name)
        core = re.sub(r"^.*?(?:村|社区|工业区|工业园|路|大道|镇|街道|那边|这边|附近|旁边)", "", core) or core
        for product in re.findall(PRODUCTS, core):
            facts.products.add(product)
        distinctive = re.sub(rf"(?:{PRODUCTS}|配件|生产|加工|制品)+$", "", core)
        if len(distinctive) >= 2 and not GENERIC_CORE.match(distinctive):
            facts.employers.add(distinctive)
    for product in re.findall(PRODUCTS, plain):
        facts.products.add(product)
    facts.places = {_short_place(p) for p in analysis.get("district_places") or ()}
    facts.villages = {_short_place(p) for p in analysis.get("district_places") or () if _is_village(p)}
    facts.places |= {
        _bare_place(m.group(1)) for m in PLACE_TOKEN.finditer(plain) if not GENERIC_CORE.match(m.group(1))
    }
    facts.places.discard("")
    facts.projects = set(PROJECT_CORE.findall(plain))
    foreman = analysis.get("foreman") or ""
    who = re.search(r"(?:包工头|工头|班组长|项目经理)(?:姓)?([\u4e00-\u9fff])(?:某|总|生|工)", foreman)
    if who:
        facts.foremen.add(who.group(1))
    return facts


def _overlap(a, b) -> bool | None:
    """Whether two [low, high] ranges share a value (None when either is unknown)."""
    if not a or not b:
        return None
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


def conflicts(a: CaseFacts, b: CaseFacts) -> list[str]:
    """Why two descriptions cannot be the same case (empty when nothing contradicts)."""
    why = []
    if a.district and b.district and a.district != b.district:
        why.append(f"镇街 {a.district} ≠ {b.district}")
    if _overlap(a.workers, b.workers) is False:
        why.append(f"工人 {a.workers[0]} ≠ {b.workers[0]}")
    if _overlap(a.amount, b.amount) is False:
        why.append(f"金额 {a.amount[0]:.0f} ≠ {b.amount[0]:.0f}")
    if a.employers and b.employers and not _names_meet(a.employers, b.employers):
        why.append(f"单位 {'/'.join(sorted(a.employers))} ≠ {'/'.join(sorted(b.employers))}")
    if a.villages and b.villages and not _names_meet(a.villages, b.villages):
        why.append(f"村居 {'/'.join(sorted(a.villages))} ≠ {'/'.join(sorted(b.villages))}")
    if a.foremen and b.foremen and not a.foremen & b.foremen:
        why.append("包工头不同")
    return why


def _names_meet(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def agreement(a: CaseFacts, b: CaseFacts) -> tuple[float, list[str]]:
    """How strongly two descriptions point at one case, and the facts that agree; 0 when they may
    not be merged (issue 4: 镇街, employer/site, and amount or workers must agree)."""
    if not a.district or a.district != b.district or conflicts(a, b):
        return 0.0, []
    site = []
    if _names_meet(a.employers, b.employers):
        site.append("单位 " + "/".join(sorted(a.employers & b.employers or a.employers)))
    if a.projects & b.projects:
        site.append("项目 " + "/".join(sorted(a.projects & b.projects)))
    if _names_meet(a.places, b.places):
        site.append("地点 " + "/".join(sorted(a.places & b.places or a.places)))
    if a.foremen & b.foremen:
        site.append("包工头 " + "/".join(sorted(a.foremen & b.foremen)))
    counts = []
    if _overlap(a.amount, b.amount):
        counts.append(f"金额 {b.amount[0]:,.0f}")
    if _overlap(a.workers, b.workers):
        counts.append(f"工人 {b.workers[0]}")
    product = a.products & b.products
    if not site and product and len(counts) == 2:
        site.append("行业 " + "/".join(sorted(product)))
    if not site or not counts:
        return 0.0, []
    score = min(0.95, 0.55 + 0.1 * (len(site) + len(counts)))
    return round(score, 2), [a.district, *site, *counts]


def merge_facts(lead: CaseFacts, post: CaseFacts) -> CaseFacts:
    """A lead's matching facts after one more post: names add up, ranges narrow where they overlap."""
    merged = CaseFacts(
        lead.district or post.district,
        lead.workers, lead.amount,
        lead.employers | post.employers, lead.products | post.products, lead.places | post.places,
        lead.projects | post.projects, lead.foremen | post.foremen, lead.villages | post.villages,
    )  # fmt: skip
    for attr in ("workers", "amount"):
        a, b = getattr(lead, attr), getattr(post, attr)
        if a and b and _overlap(a, b):
            setattr(merged, attr, (max(a[0], b[0]), min(a[1], b[1])))
        elif b and not a:
            setattr(merged, attr, b)
    return merged
