"""Which case a post belongs to: exact duplicates, near-duplicates and the same case told again.

Three tests, cheapest first, each recorded with its reason and score on ``lead_posts``:

1. **Exact duplicate**: the same canonical text (``case_key``: reposts with added hashtags,
   @mentions, links, emoji, 转发 prefixes and traditional characters count as the same text).
2. **Near-duplicate**: MinHash-LSH over character 3-grams of the canonical text (datasketch
   ``MinHash``, 64 permutations, 16 bands of 4 rows, so pairs from Jaccard ≈ 0.5 up are found)
   plus a prefix key that finds truncated copies; a candidate counts when the shorter text's
   3-grams are ≥ 80 % inside the longer one (containment, which a truncation does not lower). The
   band keys live in storage (``dedup_buckets``), so a lookup is a few index probes whatever the
   history size. Why these choices: docs in ``bench/triage.py`` and the issue-4 report; in short,
   on posts of 30–150 characters 64-bit SimHash at Hamming ≤ 3 missed 16 % of the copies, and
   looser radii collide with the template look-alikes.
3. **Same case, other words**: a news report, a reworded post. Merged only when the 镇街 agree,
   the employer/site agrees (employer name, project, 包工头, village or park, or at least the
   product when amount *and* workers agree) and the amount or worker count agrees.

Text similarity alone never merges "false friends" (the same template about another employer,
town or amount: their 3-gram containment reaches 0.94): a near-duplicate is refused when the facts
conflict (other 镇街, amount or worker ranges that do not overlap, another named employer, another
village) or when the words that differ are numbers, places or names.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from triage.text import canonical_text, case_key, to_simplified

SHINGLE = 3
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
PREFIX_LEN = 16
NEAR_DUP_CONTAINMENT = 0.8
MAX_CANDIDATES = 12
NEAR_DUP_CHECKS = 4


def shingles(canonical: str, n: int = SHINGLE) -> set[str]:
    """Character n-grams of a canonical text (the whole text when shorter than n)."""
    if len(canonical) <= n:
        return {canonical} if canonical else set()
    return {canonical[i : i + n] for i in range(len(canonical) - n + 1)}


@cache
def _permutations():
    """The affine permutations of datasketch's ``MinHash(num_perm=64, seed=1)`` (scheme affine32)."""
    import numpy as np

    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def signature(grams: set[str]):
    """The 64-value MinHash signature of a set of shingles: the same values as datasketch's
    ``MinHash(num_perm=64, seed=1, hashfunc=zlib.crc32).update_batch(...)`` (tests check it),
    computed here with numpy alone because importing datasketch pulls in scipy (≈0.45 s at every
    process start, which the crawler and the scheduler pay)."""
    import numpy as np

    a, b = _permutations()
    hv = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams))
    hv = hv.reshape(-1, 1)
    hv = hv ^ (hv >> np.uint32(16))  # MurmurHash3 fmix32, as datasketch pre-mixes
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    return (hv * a + b).min(axis=0)


def _key(*parts: bytes) -> int:
    """A signed 64-bit bucket key (fits an SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(b"\x00".join(parts), digest_size=8).digest(), "big", signed=True)


def bucket_keys(canonical: str) -> list[int]:
    """The LSH band keys plus the prefix key of a canonical text: the rows of ``dedup_buckets``."""
    grams = shingles(canonical)
    if not grams:
        return []
    values = signature(grams)
    keys = [
        _key(b"band", bytes([band]), values[band * ROWS : (band + 1) * ROWS].tobytes())
        for band in range(BANDS)
    ]
    if len(canonical) >= PREFIX_LEN:
        keys.append(_key(b"prefix", canonical[:PREFIX_LEN].encode("utf-8")))
    return keys


def containment(a: set[str], b: set[str]) -> float:
    """How much of the smaller shingle set lies in the other one (1.0 for a truncated copy)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# ---- facts used to tell one case from another ----------------------------------------------------

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


NUMERALS = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")


def distinguishing_diff(a: str, b: str) -> list[str]:
    """The pieces that differ between two canonical texts and name a number, place or employer
    ("金钟" vs "白溪", "5万4" vs "6万6"); edits at either end (truncation, a repost comment) are
    not counted."""
    if not a or not b or a in b or b in a:
        return []
    from triage.districts import load_gazetteer

    gaz = load_gazetteer()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" and (i1 == 0 or j1 == 0 or i2 == len(a) or j2 == len(b)):
            continue  # added or cut at either end: a repost comment, a truncation
        for text, lo, hi in ((a, i1, i2), (b, j1, j2)):
            piece = text[lo:hi]
            if not piece:
                continue
            wider = text[max(0, lo - 3) : hi + 3]
            local = re.search(r"[\u4e00-\u9fff]{1,3}(?:村|社区|工业区|工业园|路|街|大道)", wider)
            if (
                NUMERALS.search(piece)
                or re.search(ORG_KIND, piece)
                or (local and piece in local.group(0))
                or _names_touch(gaz, text, lo, max(hi, lo + 1))
            ):
                pieces.append(piece)
    return pieces


def _names_touch(gaz, text: str, lo: int, hi: int) -> bool:
    """Whether a gazetteer name overlaps text[lo:hi] (searched only around that span)."""
    for start in range(max(0, lo - gaz.max_len), hi):
        match = gaz.pattern.match(text, start)
        if match and match.start() < hi and lo < match.end():
            return True
    return False


# ---- against the stored history ----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    lead_id: int
    kind: str  # exact | near_duplicate | same_case
    reason: str
    score: float


@dataclass
class Fingerprint:
    """What the duplicate index needs of one post, computed once."""

    case_key: str
    canonical: str
    grams: set[str]
    buckets: list[int]
    facts: CaseFacts
    thread: str | None = None


TIEBA_THREAD = re.compile(r"tieba\.baidu\.com/p/(\d+)|/p/(\d+)\?pid=")


def thread_key(post: dict[str, Any] | None) -> str | None:
    """The forum thread a post is a floor of (Tieba: ``/p/<tid>`` in its URL, or ``tid`` in its raw
    record), so that replies such as "同厂+1" join the lead of their thread."""
    if not post:
        return None
    match = TIEBA_THREAD.search(post.get("url") or "")
    if match:
        return f"tieba:{match.group(1) or match.group(2)}"
    raw = post.get("raw")
    if isinstance(raw, str) and '"tid"' in raw:
        import json

        try:
            tid = json.loads(raw).get("tid")
        except ValueError:
            tid = None
        if tid:
            return f"{post.get('platform') or 'forum'}:{tid}"
    return None


def fingerprint(text: str, analysis: dict[str, Any], post: dict[str, Any] | None = None) -> Fingerprint:
    canonical = canonical_text(text)
    return Fingerprint(analysis.get("case_key") or case_key(text), canonical, shingles(canonical),
                       bucket_keys(canonical), case_facts(text, analysis), thread_key(post))  # fmt: skip


def _lead_facts(lead: dict[str, Any]) -> CaseFacts:
    import json

    raw = lead.get("match_facts")
    return CaseFacts.from_json(json.loads(raw) if isinstance(raw, str) else raw)


def find_case(
    db, text: str, analysis: dict[str, Any], label: str, fp: Fingerprint | None = None
) -> Match | None:
    """The lead an incoming lead post belongs to, or None for a new case: exact duplicate, then
    near-duplicate (LSH candidates verified by containment, refused on conflicting facts), then the
    same case in other words (site keys, then ``agreement``)."""
    from storage import dedup

    fp = fp or fingerprint(text, analysis)
    lead_id = dedup.lead_for_case_key(db, fp.case_key)
    if lead_id is not None:
        return Match(lead_id, "exact", "exact duplicate (same normalised text)", 1.0)

    candidates = dedup.bucket_candidates(db, fp.buckets)[:MAX_CANDIDATES]
    texts = dedup.post_texts(db, [c["post_id"] for c in candidates])
    leads = dedup.lead_facts(db, [c["lead_id"] for c in candidates])
    scored = []
    for candidate in candidates:
        other = canonical_text(texts.get(candidate["post_id"], ""))
        score = containment(fp.grams, shingles(other))
        if score >= NEAR_DUP_CONTAINMENT and candidate["lead_id"] in leads:
            scored.append((score, candidate["post_id"], candidate["lead_id"], other))
    best: Match | None = None
    # most similar first: a true copy scores ≈ 1, template look-alikes below it; a few checks suffice
    for score, post_id, lead_id, other in sorted(scored, key=lambda x: (-x[0], -x[1]))[:NEAR_DUP_CHECKS]:
        if conflicts(fp.facts, _lead_facts(leads[lead_id])) or distinguishing_diff(fp.canonical, other):
            continue  # a false friend: the same template about another employer, town or amount
        best = Match(lead_id, "near_duplicate", f"near-duplicate of post #{post_id} (containment {score:.2f})",
                     round(score, 3))  # fmt: skip
        break
    if best:
        return best

    if fp.thread:
        thread_leads = dedup.lead_facts(db, dedup.leads_for_keys(db, [f"thread|{fp.thread}"], per_key=3))
        for lead in thread_leads.values():
            lead_facts = _lead_facts(lead)
            # a reply may speak for part of the group (我们拉线组8个人): only another place or employer vetoes
            if (
                lead
                and lead["label"] == label
                and not [
                    why for why in conflicts(fp.facts, lead_facts) if why.startswith(("镇街", "单位", "村居"))
                ]
            ):
                return Match(lead["id"], "same_thread", f"reply in the same thread ({fp.thread})", 0.9)

    keys = fp.facts.site_keys()
    best_score, best_lead, best_why = 0.0, None, []
    for lead in dedup.lead_facts(db, dedup.leads_for_keys(db, keys)).values():
        if lead["label"] != label:
            continue
        score, why = agreement(fp.facts, _lead_facts(lead))
        if score > best_score:
            best_score, best_lead, best_why = score, lead["id"], why
    if best_lead is not None:
        return Match(best_lead, "same_case", "same case: " + " · ".join(best_why), best_score)
    return None


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


def remember(db, post_id: int, lead_id: int, fp: Fingerprint, match: Match | None) -> CaseFacts:
    """Index a lead post (buckets; site keys of its lead) and fold its facts into the lead's.
    Exact duplicates add nothing to the index. Returns the lead's facts after the merge."""
    import json

    from storage import dedup, get_lead, update_lead

    lead = get_lead(db, lead_id)
    facts = merge_facts(_lead_facts(lead), fp.facts) if match else fp.facts
    if match is None or match.kind != "exact":
        dedup.add_buckets(db, post_id, lead_id, fp.buckets)
    dedup.add_lead_keys(db, lead_id, facts.site_keys() + ([f"thread|{fp.thread}"] if fp.thread else []))
    update_lead(db, lead_id, {"match_facts": json.dumps(facts.to_json(), ensure_ascii=False)})
    return facts
