"""Extraction's plain mistakes, by category, over every text we may read (issue 11, round 13).

    python bench/extract_audit.py                 # counts per category, five examples each
    python bench/extract_audit.py --all CATEGORY  # every example of one category
    python bench/extract_audit.py --json F        # the counts and every example, as JSON

The texts: those of ``bench/extract_identity.py`` (sets A–F, the phrasings of eval/extraction, the corpus parts,
the holdout, the demo, 5,000 varied bench posts) and the 20,000 bench posts of ``bench/analyze.py`` (never the
blind sets G and H). Each goes through ``extract_facts``; a result is listed when a reader would see at once
that it is wrong:

- ``employer_cut_front``: an employer's name whose first character is cut from the word before it in the text
  (山市鸿达… of 中山市鸿达…, 电器有限公司 of 旭日照明电器有限公司);
- ``employer_place_start``: a name that starts with the end of a place word (市, 省, 区, 县, 镇 in its first
  three characters: 山市…, 市…, 区…);
- ``employer_verb_start``: a name that starts with a verb or a particle of the sentence (和, 跟, 但, 督促, 入职 …);
- ``employer_generic``: a name that is only its kind or a trade with its kind (电器有限公司, 工程队) glued to the
  word before it, as if its brand were cut off (not after 一家, 某 or a place: 某五金制品有限公司 is as written);
- ``employer_clause``: a name that runs over words of the story (工资, 老板, 没有, 一直 …);
- ``workers_rough_exact`` / ``amount_rough_exact``: a rough count or sum (上百, 几十, 十几廿, 成百上千, 大几十,
  百来个, 近百, 数十, 上千, 几百 …) right before the people or the money, read as one exact number (its range
  one number, or none);
- ``workers_rough_high``: a rough count read above what its words allow at the least (十几廿个 → 30).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))


PLACE_END = re.compile(r"^.{0,2}[市省区县镇]")
VERB_START = re.compile(
    r"^(?:和|跟|同|与|及|或|并|而|但|向|由|从|往|找|告|以|可|入职|就职|上班|打工|工作|应聘|进入|进了|来到|找到|投诉|举报|"
    r"反映|起诉|督促|约谈|要求|责令|联系|通过|可以|多次|受雇于)(?!记|美|阳|纯|兴|利|心|源|泰|发)"
)
GENERIC = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,2}(?:电器|五金|制品|电子|科技|实业|贸易|建筑|工程|装饰|劳务|物业|照明|灯饰|家具|服装|"
    r"制衣|塑胶|塑料|印刷|包装|机械|设备|材料|建材|服务|管理|发展|投资|置业|房地产|餐饮|物流|运输|环保|新材料|"
    r"智能|信息|技术|电气|光电|模具|五金制品|电器制品|灯具))*(?:有限责任公司|股份有限公司|有限公司|集团|公司|工程队|施工队|装修队)$"
)
CLAUSE_WORDS = re.compile(
    r"工资|工钱|老板|没有|一直|已经|还是|因为|所以|但是|然后|就是|可以|我们|他们|拖欠|讨薪|多次"
)
# a rough count before the people it counts; a rough sum before 元/万/块
ROUGH = r"上百|上千|几十|几百|几千|十几廿|十几二十|成百上千|成千上万|大几十|大几百|好几十|好几百|百来|千来|近百|近千|数十|数百|百把|千把|百几|廿几卅"
ROUGH_PEOPLE = re.compile(rf"(?:{ROUGH})(?:个|名|位|号|多|余|来)?(?:人|工人|工友|员工|农民工|民工|师傅|兄弟)")
ROUGH_MONEY = re.compile(rf"(?:{ROUGH})(?:多|余|来)?(?:万|元|块|蚊)")
# the least each rough count word allows (十几廿 → 10: a teens-to-twenties count)
ROUGH_LEAST = {"十几廿": 10, "十几二十": 10, "大几十": 20, "好几十": 20, "廿几卅": 20}


def texts() -> list[dict]:
    from analyze import varied_posts
    from extract_identity import posts

    # with the 20,000 bench posts of ``bench/analyze.py`` (the identity posts: seed 12)
    found = posts()
    found += [{"text": post["text"], "posted_at": post.get("posted_at")} for post in varied_posts(20_000)]
    return found


@cache
def _nouns() -> frozenset[str]:
    """The nouns of jieba's dictionary, places and proper names among them (照明, 中山, 家具)."""
    import jieba

    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^(\S{2}) \d+ n[a-z]*$", text, re.M))


@cache
def _words() -> frozenset[str]:
    """The two-character words of jieba's dictionary."""
    import jieba

    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^(\S{2}) \d+", text, re.M))


def _cut_front(plain: str, name: str) -> bool:
    """Whether the name starts inside a word of the text: the character before it and its first character make a
    noun and its own first two no word (中|山市…: 中山, 山市), or the character before it, where the cut stopped, ends one (照明|电器…)."""
    from triage.extract import NAME_STOP

    at = plain.find(name)
    if at <= 0:
        return False
    stopped = plain[at - 1] in NAME_STOP and plain[at - 2 : at] in _nouns()
    crossed = plain[at - 1 : at + 1] in _nouns() and name[:2] not in _words()  # 中|山市, not 一家|装修
    return crossed or (at >= 2 and stopped)


def _glued(plain: str, name: str) -> bool:
    """Whether a generic name (电器有限公司, 工程队) stands glued to the word before it, as if its brand were cut off:
    a CJK character before it that ends no generic lead (一家, 某, 那间 …), no place (镇, 区, 村 …, a gazetteer
    place or city) and no pointing or function word."""
    from triage.districts import load_gazetteer
    from triage.extract import GENERIC_LEAD, NAME_STOP

    at = plain.find(name)
    if (
        at <= 0
        or not re.match(r"[\u4e00-\u9fff]", plain[at - 1])
        or plain[at - 1] in NAME_STOP + "某该各本原新总"
    ):
        return False
    lead = plain[max(0, at - 4) : at]
    if any(GENERIC_LEAD.fullmatch(lead[i:]) for i in range(len(lead))) or re.search(
        r"[镇区市县省村路街]$", lead
    ):
        return False
    gazetteer = load_gazetteer()
    return not any(lead[i:] in gazetteer.places or lead[i:] in gazetteer.coarse for i in range(len(lead)))


def audit(items: list[dict]) -> dict[str, list[str]]:
    from triage.extract import extract_facts, prepared

    found: dict[str, list[str]] = defaultdict(list)
    for post in items:
        facts = extract_facts(post["text"], post.get("posted_at"))
        plain = prepared(post["text"])
        short = plain[:90].replace("\n", " ")
        for name in facts.employer_names:
            note = f"{name} ← {short}"
            if _cut_front(plain, name):
                found["employer_cut_front"].append(note)
            if PLACE_END.search(name):
                found["employer_place_start"].append(note)
            if VERB_START.search(name):
                found["employer_verb_start"].append(note)
            if GENERIC.fullmatch(name) and _glued(plain, name):
                found["employer_generic"].append(note)
            if CLAUSE_WORDS.search(name):
                found["employer_clause"].append(note)
        people = ROUGH_PEOPLE.search(plain)
        if people and facts.workers is not None:
            low, high = facts.workers_range or (facts.workers, facts.workers)
            note = f"{facts.workers} {facts.workers_range} ← {people.group(0)} | {short}"
            if low == high:
                found["workers_rough_exact"].append(note)
            least = next((v for k, v in ROUGH_LEAST.items() if people.group(0).startswith(k)), None)
            if least is not None and facts.workers > least * 2:
                found["workers_rough_high"].append(note)
        money = ROUGH_MONEY.search(plain)
        if money and facts.amount_yuan is not None:
            low, high = facts.amount_range or (facts.amount_yuan, facts.amount_yuan)
            if low == high:
                found["amount_rough_exact"].append(
                    f"{facts.amount_yuan} {facts.amount_range} ← {money.group(0)} | {short}"
                )
    return found


CATEGORIES = [
    "employer_cut_front",
    "employer_place_start",
    "employer_verb_start",
    "employer_generic",
    "employer_clause",
    "workers_rough_exact",
    "workers_rough_high",
    "amount_rough_exact",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", metavar="CATEGORY")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    items = texts()
    found = audit(items)
    print(f"{len(items)} texts")
    for category in CATEGORIES:
        notes = found.get(category, [])
        unique = sorted(set(notes))
        print(f"{category}: {len(notes)} ({len(unique)} distinct)")
        shown = unique if args.all == category else unique[: args.examples]
        for note in shown:
            print("   ", note)
    if args.json:
        Path(args.json).write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
