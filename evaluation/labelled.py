"""Measuring on any labelled JSONL file: the ``analyze`` input schema plus truth fields.

    wagewatch leads evaluate FILE [--end-to-end]      triage (and the whole pipeline) on FILE
    wagewatch classifier evaluate --file FILE         the classifier on FILE

One JSON object per line. The ``analyze`` fields (``id``, ``text``, optional ``platform``,
``posted_at``, ``url``, ``title``, ``region``) plus, each optional unless said:

=================  ===========================================================================
``label``          ``wage_arrears`` | ``other_labor`` | ``irrelevant`` (required)
``hard_negative``  true for a non-lead that shares the vocabulary (publicity, recruitment, jokes …)
``neg_type``       what kind of hard negative (free text; reported per kind)
``lang``           ``mandarin`` | ``cantonese`` | ``traditional`` | ``mixed`` (else guessed)
``district``       the true 镇街 (canonical name), ``out_of_area``, or null (no usable place cue)
``case``           posts with the same case id are the same incident and must end in one lead
``workers``        workers owed (lower bound of a vague count), null when not stated
``amount_yuan``    total owed (lower bound of a vague figure), null when not stated
``months_unpaid``  months owed, null when not stated
``group_incident`` true for a collective action or escalation risk
``district_of``    ``"post"`` (the default): ``district`` is where this post places the case;
                   ``"case"``: it is the case's 镇街, scored against the district of the lead the post
                   ends in (``wagewatch leads export-labels`` writes it: officers route cases, not posts)
``unlabelled``     the truth fields no one labelled on this line (any of ``district``, ``case``,
                   ``workers``, ``amount_yuan``, ``months_unpaid``, ``group_incident``): each figure
                   skips the line (a pair skips it for ``case``) instead of reading the field as null
                   ("not stated"). Without it every field is labelled, an absent one null.
                   ``wagewatch leads export-labels`` writes it (``evaluation.export``).
=================  ===========================================================================

The questions this convention leaves open, or settles against some sets, are the bureau's to answer.
They are listed with counts per set in ``docs/labelling-questions.md``.

Look-alike cases that must never merge go in ``false_friends.tsv`` beside the file (``case_a``,
``case_b``, what differs; tab-separated; ``#`` comments), or ``--false-friends PATH``. The truth
conventions are spelled out in ``eval/realworld/README.md``; where the sets' writers read a form
differently, the one convention below settles it (issue 11, round 8b; it holds for every set, and the
phrasings files of ``eval/extraction/`` too):

``workers``
    - The workers owed, at the lower bound of a vague count (十几 → 10, 几十 → 20, 百余 → 100).
    - A count of those owed (欠61名工人, 八名工人被拖欠) wins over a count of those present or acting
      (约十人到…请愿, 另有三名工友拉住他), and over a firm's size. Those acting are the count only when
      no count owed is told and they claim their own pay (十几个工人围住项目部，话人工未计 → 10).
    - Those still owed after others were paid (其后部分人收款，现余四人追讨 → 4) win over the first count.
    - A leader with his crew counts with it when he is one of the workers (带着8名同行 → 9, 带着十几个工友
      → 11); a foreman, contractor or 带班 who brings them does not (带班的…带着65位 → 65). 几十/数十
      stays 20, the leader not added (the bound is already a guess).
    - A bare first person counts no one: a post by one worker about his own pay, injury or dismissal is
      null unless it says how many (我在厂里做了六年…把我辞了 → null); 我和/我同 N 个 → N + 1.
    - One worker told of in the third person is 1 (冯先生, 我老公, 其亲属, 一名工人, 何姐话佢自己),
      whatever the dispute; a couple 2; groups told side by side are added (10个人走仲裁、1个人去起诉 → 11).

``amount_yuan``
    - The total owed to those counted; what is still owed when the post says so; per head × count.
    - One worker's own share (我个人就被欠了五千多, 被拖欠约七万元的何女士) or a part of the group's
      (他和另外5名工友共被欠5万余元) is not the total: null when nothing else is told.
    - Parts told together with no total are added (分别支付二原告7905元和7826元 → 15731).
    - Null for pay levels, pay cuts, fees, deposits, compensation, and lumps that mix wages with them
      (工资及押金近150万元, 包括材料费).

``months_unpaid``
    - As told, or to ``posted_at``; a claim chased for years (讨了三年还没讨回来, 讨薪两年多了) counts
      those years when no other length is told; how long someone waited after a part payment does not.

The ``district`` convention (one for every set, leads and non-leads alike; issue 11, round 8b). The truth is
what the post's own text supports, read as an officer in Zhongshan would read it:

1. **a 镇街** when the text names a place of Zhongshan as where its story happens: a 镇街 or its alias, a
   village, estate, road, park or landmark. A name that other places also bear (南区, 西区, 三角, 港口, 古镇,
   a village's short name) counts when the text says 中山 or uses it as a place (三角那间鞋厂, 南区一家公司);
   with a place that needs no context beside it, that place decides.
2. **out_of_area** when the story happens at a place elsewhere that the text names (a city, district, town,
   estate, landmark or country) or when it uses words only another place uses (劳工处, 强积金, 房署, 邨, 劳基法,
   仲介): the same for a non-lead (a commentary, a consumer complaint, a news item) as for a lead. Where the
   text puts a home and a workplace in two places, the workplace decides (家住中山坦洲，在珠海打工 →
   ``out_of_area``); where someone comes from or goes back to does not count (湖南来的工友), but the home town
   as where the story happens does (在新疆老家，我妈跟着工地…).
3. **null** when the text names no usable place: 中山 alone, a whole province, several 镇街 or 中山 in a list
   of cities (上海、成都、中山), a place mentioned only in passing, or Cantonese or traditional script with no
   place and no word only another place uses (script and dialect are no place: Zhongshan writes Cantonese too).

Rows of sets A–F that break it (kept as their writers labelled them; the figures count them as misses):
F-2100 and, borderline, D-1137 (a story told at a named city elsewhere, truth null); C-0013, C-0025, C-0182
and D-2062 (三角/西区/南区 used as a place, truth null, where 106 such posts of A–F say the 镇街); D-1013,
D-2144, E-1130, E-1174, F-2146 and F-2194 (no place and no word only another place uses, truth
``out_of_area``).

The ``group_incident`` convention (issue 11, round 8b; the words are in ``triage/data/group_words.toml``). True when
the post tells workers acting together to press for pay, or a threat to life, whether it happened, is happening or is
announced (明天一齐上劳工处), and whoever tells it (a later post or a letter that recounts it counts too):

1. banners, slogans painted, shouted or held up, leaflets, a mock sale; blocking a road, a gate or the boss, standing
   or sleeping in the road; climbing a crane, a jib, a roof or a height; threats to jump or to die; a strike or a
   stoppage told by who stopped (集体不干了, 成条线停工, 不去加班), not a site or a plant that stopped;
2. **a crowd holding the premises or waiting there until paid** (守厂, 守在店里, 轮流守着办公室, 睡在店里等老板, 滞留厂里,
   守在厂门口, 轮流跟着老板), gathered at or around a place (聚在项目部, 把项目部围了), going together to the employer,
   the site office or the government to press (一起到总包讨薪, 成班行路去劳动局, 大家去市府), or a scuffle while claiming;
3. a claim alone (讨薪, 维权) only when a hundred workers or more make it (三百多人讨薪); fewer must be told acting.

False: registering, complaining or asking for help at a labour office or station, with or without a union, however
many go (the ordinary channel); a guard or the police keeping watch; one worker's exclamation (老板还我血汗钱!);
an act that is negated, advised against or prevented (没有人堵路, 切勿采取堵路、爬塔吊, 防止工人聚集); a post of a case
that tells no act. Sets A–C read 2 as waiting, D–F as an act: D–F's reading is the convention (a held plant is what
the duty officer must know of first). Rows that break it (kept as labelled; the figures count them as errors):
truth false where an act is told: R-0062, R-0068, R-0132, R-0162, R-0247, B-0083, B-0130, B-0136, C-0191, D-2165,
E-1008, E-1125, E-2008, E-2057, F-2019, F-2027, F-2098; truth true with no act or only a registration: R-0158,
R-0299, D-2003, D-2150.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.data import Example
from records import read_jsonl

LABELS = ("wage_arrears", "other_labor", "irrelevant")
TRUTH_FIELDS = ("district", "case", "workers", "amount_yuan", "months_unpaid", "group_incident")


@dataclass(frozen=True)
class EvalPost:
    id: str
    case: str | None
    label: str
    platform: str
    posted_at: str
    region: str | None
    district: str | None
    workers: int | None
    amount_yuan: float | None
    months_unpaid: float | None
    group_incident: bool
    variant: str
    text: str
    thread: str | None = None  # a forum thread id (demo corpus: Tieba tid)
    url: str | None = None  # the post's address as given (a Tieba reply's names its thread)
    district_of: str = "post"  # "case": district is the case's, scored against the post's lead
    unlabelled: frozenset[str] = frozenset()  # truth fields no one labelled (not scored)


def load_false_friends(path: Path) -> list[tuple[str, str, str]]:
    """Look-alike case pairs (case_a, case_b, what differs) from a TSV file (`#` lines are comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "case_a\t")):
            a, b, why = line.split("\t", 2)
            rows.append((a, b, why))
    return rows


class LabelledFileError(ValueError):
    """A labelled file that cannot be scored; the message names the file and the lines."""


def read_labelled(path: str | Path) -> list[dict[str, Any]]:
    """The records of a labelled JSONL file; raises with every bad line named."""
    good, bad = read_jsonl(str(path))
    bad += [
        f"{path}:{number}: label must be one of {', '.join(LABELS)}, got {record.get('label')!r}"
        for number, record in good
        if record.get("label") not in LABELS
    ]
    bad += [
        f"{path}:{number}: unlabelled must be a list of {', '.join(TRUTH_FIELDS)}, got {record['unlabelled']!r}"
        for number, record in good
        if "unlabelled" in record
        and not (isinstance(record["unlabelled"], list) and set(record["unlabelled"]) <= set(TRUTH_FIELDS))
    ]
    bad += [
        f'{path}:{number}: district_of must be "post" or "case", got {record["district_of"]!r}'
        for number, record in good
        if record.get("district_of", "post") not in ("post", "case")
    ]
    if bad:
        shown = "\n".join(bad[:20]) + (f"\n… and {len(bad) - 20} more" if len(bad) > 20 else "")
        raise LabelledFileError(f"{len(bad)} bad line(s) in {path}:\n{shown}")
    if not good:
        raise LabelledFileError(f"{path}: no records")
    return [record for _, record in good]


def eval_posts(records: list[dict[str, Any]]) -> list[EvalPost]:
    """Records as triage evaluation posts (a lead post without a case is a case of its own)."""
    posts = []
    for r in records:
        lead = r["label"] != "irrelevant"
        text = r["text"]
        if r.get("title") and r["title"] not in text:
            text = f"{r['title']}\n{text}"
        posts.append(
            EvalPost(
                id=str(r["id"]),
                case=(str(r.get("case") or r["id"]) if lead else None),
                label=r["label"],
                platform=r.get("platform") or "input",
                posted_at=r.get("posted_at") or "2026-01-01T00:00:00+08:00",
                region=r.get("region"),
                district=r.get("district"),
                workers=r.get("workers"),
                amount_yuan=r.get("amount_yuan"),
                months_unpaid=r.get("months_unpaid"),
                group_incident=bool(r.get("group_incident")),
                variant=r.get("platform") or "input",
                text=text,
                unlabelled=frozenset(r.get("unlabelled") or ()),
                url=r.get("url") or None,
                district_of=r.get("district_of") or "post",
            )
        )
    return posts


def examples(records: list[dict[str, Any]]) -> list[Example]:
    """Records as classifier evaluation examples."""
    return [
        Example(
            id=str(r["id"]),
            text=r["text"],
            label=r["label"],
            story=str(r.get("case") or r["id"]),
            kind=r.get("platform"),
            lang=r.get("lang"),
            hard_negative=bool(r.get("hard_negative")),
            neg_type=r.get("neg_type"),
            district=r.get("district"),
            source="file",
        )
        for r in records
    ]


def false_friends_for(path: str | Path, explicit: str | Path | None = None) -> list[tuple[str, str, str]]:
    """The false-friend pairs given, else those in ``false_friends.tsv`` beside the file, else none."""
    beside = Path(path).with_name("false_friends.tsv")
    chosen = Path(explicit) if explicit else beside
    if explicit and not chosen.exists():
        raise LabelledFileError(f"{chosen}: false-friend file not found")
    return load_false_friends(chosen) if chosen.exists() else []
