"""How many workers a post says are owed: counts as written (二十多个工友, 50余名工人, 廿几个人, 几百号人),
a named single person (我老公, 一个小伙子, 拖欠其工资) or a couple, with the range a vague count allows.

Which count, when a post gives several: the largest explicit one; a count of "several" (几百号人, 数十名)
only when no explicit count is given, and a factory's size (高峰时近百人, 旺季时有员工四百多人, 有员工6000多人)
only when nothing else is. A count of those still unpaid (还有十几个师傅未收到钱), and a single person or
couple named (我老公, 一个小伙子), are as written and marked ``subset``: they may be part of a larger group,
so matching them against the whole group's count is no contradiction.

Also (issue 11, round 2): a family (一家七口), a count word before a trade (十余名川籍绿化工), the count the
debt is told of (仍欠我们61名工人工资) over those who worked there (我们200多人在…做), two groups added up
(12个坐班员工加七八十个兼课老师 → 82), the rest counted bare (其余十几个), one worker by age or by trade alone
(17岁小伙…, 电焊工在…摔伤), and no count for one person named beside the whole crew (我阿妈…成班姐妹).
Round 4: a post written for one relative (帮老公发个帖), one person with what he is before him (有个六十几岁嘅
湖南阿叔), someone on a crane or hurt when the post tells his own debt, family or injury (有人爬上吊机…老婆),
Cantonese counts (四条友), more people owed besides the first (下午又有二十几个工友赶来), and none for one among
a few (她跟村里几个阿姨…).
Round 11 (wo11): how posts say who and how many are owed, and what is no such count, is written down at the head
of data/worker_words.toml; this module follows that description (a worker named in a ruling, 陈姓员工, 伍师傅;
a caller's relative; groups side by side; tallies, people hurt, a firm's size beside the poster's own pay)."""

from __future__ import annotations

import re

from triage import quickscan
from triage.numbers import CN, NUM, SEVERAL_OF, VAGUE, _precision, chinese_number, is_range, parse_number
from triage.oneworker import GROUP_WORDS, NOT_OWED_LEADER, _single
from triage.wordfile import alternation
from triage.workerwords import (
    COUNT_WORD,
    MODIFIER,
    NOT_LABOUR,
    ORIGIN,
    PEOPLE,
    SURNAME,
    TRADE_WORKER,
    WORDS,
)

# a count starts with a digit or a numeral: said first, this lets the regex engine skip to such a character
# instead of trying every position of the text (the same matches, less CPU; issue 12)
NUM_AHEAD = rf"(?=[\d{CN}])"
# a range told with 到/至 (20多到30个, 三十至四十名): read at its low end (wo11)
RANGE_TO = rf"(?:(?:到|至|-|－|~|～)(?:\d+|[{CN}]+){VAGUE}?)?"
WORKER_PATTERNS = [
    # 二十多个工友, 50余名工人, 9个雕花师傅, 两百多人, 一百多号人, 150多人
    quickscan.compile(
        rf"{NUM_AHEAD}(?<![第\d.每号])(?<![\d{CN}多余来][到至~～])(?P<n>{NUM}){VAGUE}?{RANGE_TO}(?:{COUNT_WORD}(?:的)?{ORIGIN}?|(?<=[\d多余来几]){ORIGIN})?(?:人{NOT_LABOUR}|{PEOPLE})"
    ),
    # … and a count word before a trade: 十余名川籍绿化工, 5名抹灰工
    quickscan.compile(
        rf"{NUM_AHEAD}(?<![第\d.每号])(?<![\d{CN}多余来][到至~～])(?P<n>{NUM}){VAGUE}?(?:个|名|位|(?<=[几十百千多余来])号)(?![月天年])(?:的)?{MODIFIER}(?:{PEOPLE}|{TRADE_WORKER})"
    ),
    # 我们班组12人, 工人共25人, 全厂一百多人, 厨房10个人, 泥水班9人
    quickscan.compile(
        rf"(?:班组|班|组|全厂|全部|厂里|车间|我们|我哋|工人|员工|一共|共有|总共|共|涉及|厨房)"
        rf"(?:一共|共|总共|有|都)?(?P<n>{NUM}){VAGUE}?(?:个|名|位|号)?人{NOT_LABOUR}"
    ),  # fmt: skip
    # 油漆工7个, 工人150多人, 员工30名; 我们十几个都是
    quickscan.compile(
        rf"(?:{PEOPLE}|我们|我哋)(?:有|共|一共)?(?:近|约|逾|超过|大约)?(?P<n>{NUM}){VAGUE}?{RANGE_TO}(?:个|名|位|人)(?!月|天|年|工地|厂|项目)"
    ),
    # 人均四千×20人
    quickscan.compile(rf"[×xX*乘]\s*(?P<n>{NUM})\s*(?:个|名|位)?人"),
    # 四条友, 五条佬: Cantonese counts of people
    quickscan.compile(rf"{NUM_AHEAD}(?<![第\d.])(?P<n>{NUM}){VAGUE}?条(?:友|佬)"),
    # 一家七口, 一家三口: a family working together
    quickscan.compile(rf"一家(?P<n>{NUM})口"),
    # 其余十几个, 仲有廿几个: the rest of the group, counted without a noun
    quickscan.compile(
        rf"(?:其余|其他|另外|剩下|其餘|剩返|现余|余下|还剩|仲剩)(?P<n>{NUM}){VAGUE}?(?:个|名|位|人)"
    ),
    # 三十多个铺管道的: those who do a job, named by it (round 8b)
    quickscan.compile(
        rf"{NUM_AHEAD}(?<![第\d.每号])(?<![\d{CN}多余来][到至~～])(?P<n>{NUM}){VAGUE}?(?:个|名|位)(?![月天年])[\u4e00-\u9fff]{{1,6}}?的(?=[，,。！!？?\s]|$)"
    ),
    # 约300名受雇于环卫承包公司的一线环卫工人, 七十名在路氹酒店地盘工作的外地雇员, 20余名“双11”期间招来的临时派件员:
    # a clause about them between the count and the people, ended by 的 (xk15)
    quickscan.compile(
        rf"{NUM_AHEAD}(?<![第\d.每号])(?<![\d{CN}多余来][到至~～])(?P<n>{NUM}){VAGUE}?(?:个|名|位)(?![月天年])"
        rf"[^，,。！!？?；;\n]{{2,20}}?的[\u4e00-\u9fff]{{0,2}}?(?:{PEOPLE}|{TRADE_WORKER})"
    ),
    # 连我四个, 连我在内共十几个人, 我同阿任两个: a count that holds the poster (xk15)
    quickscan.compile(
        rf"(?:连我(?:在内|一起)?(?:共|一共|总共|有)?|我(?:同|和|跟)[^\W\d_{CN}俩仨]{{1,3}}?)"
        rf"(?P<n>{NUM}|俩|仨){VAGUE}?(?:个|名|位)(?:人{NOT_LABOUR})?"
    ),
    quickscan.compile(r"(?:我们|我哋|咱们)(?P<n>俩|仨)"),  # 我们仨 (xk15)
]
# what each of WORKER_PATTERNS needs written somewhere in the text: a pattern is tried only where it is (issue 12;
# a count's last character, \d, a numeral, w/k or 多余来头, before a count word or 人; a multiplication sign (×, x,
# X, *, 乘); 条; 一家; the rest's words)
COUNTED = re.compile(rf"[\d{CN}wk多余来头][个名位号人]")
# (the first: a count's last character right before a people word or where they come from, unless COUNTED is)
COUNTED_PEOPLE = re.compile(rf"[\d{CN}wk多余来头](?:{PEOPLE}|{alternation(WORDS['people']['origins'])})")
WITH_ME = re.compile(rf"连我|我[同和跟][^，,。]{{1,3}}?[\d{CN}俩仨]")
DE_END = re.compile(r"的(?:[，,。！!？?\s]|$)")
REST_WORD = re.compile(r"其余|其他|另外|剩下|其餘|剩返|现余|余下|还剩|仲剩")


def _patterns_needed(text: str) -> list[bool]:
    """Whether each of WORKER_PATTERNS may match: what it needs is written (COUNTED looked for once)."""
    counted = bool(COUNTED.search(text))
    return [
        counted or "籍" in text or bool(COUNTED_PEOPLE.search(text)),
        counted,
        counted,
        counted,
        "×" in text or "x" in text or "X" in text or "*" in text or "乘" in text,
        "条" in text,
        "一家" in text,
        bool(REST_WORD.search(text)),
        counted and bool(DE_END.search(text)),
        counted and "的" in text,
        "我" in text and bool(WITH_ME.search(text)),
        "我们" in text or "我哋" in text or "咱们" in text,
    ]


# 三人被移送法办, 两人被治安警截查: people in a police story, not the workers owed (round 7)
HELD_AFTER = re.compile(r"^(?:都|均|已)?(?:被|遭)[^，,。]{0,4}?(?:移送|截查|截获|拘|抓|逮捕|带走|起诉)")
# people hurt or killed, told right after a count (三名工人受伤, 两人当场死亡): the count only when no other is
# told (an injury claim's own count: 3名工人受伤…赔偿没人管 → 3; not beside 二十几个人的工钱还欠着, wo11)
HURT_AFTER = re.compile(rf"[^，,。；;\d]{{0,4}}?(?:{alternation(WORDS['injured']['hurt_after'])})")
NOT_PEOPLE_AFTER = re.compile(
    r"^(?:月|天|年|岁|小时|点|号楼|层|平|米|斤|亩|公里|次|单|件|台(?!湾|籍)|辆|套|间|家|批|工地|工程|项目|工作日)"
)
# the poster's own pay owed (拖欠我两个月工资): with a firm's size alone, nobody is counted
OWN_DEBT = re.compile(r"(?:欠|扣|拖|少发|不发|不给)(?:了|咗)?(?:我|本人)(?!们|哋|和|同|跟|与)")
ABOUT_BEFORE = re.compile(r"(?:约|大约|大概|差不多|近|将近|接近)$")
OVER_BEFORE = re.compile(r"(?:逾|超过|超|过|多于)$")  # 逾千名: a thousand or more
# 上百名, 上千人: as 百余, 逾千 (round 13); 成百上千 → 100 … 1999 (data/worker_words.toml [rough])
REACHING_BEFORE = re.compile(rf"(?:{alternation(WORDS['rough']['reaching'])})$")
ROUGH_SPANS = {phrase: tuple(span) for phrase, span in WORDS["rough"]["spans"].items()}
ROUGH_SPAN = re.compile(rf"(?:{alternation(list(ROUGH_SPANS))})$")
# a factory's size, not the number owed
SIZE_BEFORE = quickscan.compile(
    r"(?:高峰|旺季|平时|平常|巅峰|鼎盛|最多的时候|最多时|规模|有员工|共有员工|员工总数|总人数|风光|红火|全盛|兴旺|原有|原本有|本来有)"
    r"[^，。,；;!?！？]{0,6}$"
    # 这家公司员工过千人 (round 8): a company's staff
    r"|(?:公司|集团|企业|工厂|厂)(?:的)?(?:员工|职工|工人)(?:有|共|过|逾|超过|约|近)?$"
    r"|(?:公司|企业|工厂|该厂|厂里|厂)(?:约|大约|共|一共)有$"  # 该厂约有四十名工人 (round 8b)
)
# the count the debt is told of: 仍欠我们61名工人工资 (not the 200多人 who worked there)
OWED_BEFORE = re.compile(
    r"(?:欠|拖欠|被欠|欠付)(?:我们|我哋|了|咗)?(?:[\u4e00-\u9fff]{1,2}某某?(?:、[\u4e00-\u9fff]{1,2}某某?)*等)?$"
)  # round 10: 拖欠谷某等20余名农民工工资, 拖欠袁某、樊某等33名
# one told of first, then so many more (被拖欠的不只是他，还有十名员工被拖欠 → 11)
NOT_ONLY_BEFORE = re.compile(
    r"(?:不只是|不只|不止是|不止|除了)(?:他|她)(?!们)[^。！!？?]{0,6}?(?:还有|也有|另有)$"
)
# a count of those still unpaid: part of the group
SUBSET_BEFORE = re.compile(r"(?:还有|仲有|仍有|剩下|剩余|尚有|其中|只有|淨係|净系)[^，。,；;]{0,3}$")
# more people owed besides those counted first (下午又有二十几个工友赶来, 另有9名外雇同样反映被拖欠): added to them
# (另有临时工三四十人 alone may be people not owed)
MORE_BEFORE = re.compile(r"(?:又有|又冒出|又来了|再有)[^，。,；;]{0,3}$")
ALSO_BEFORE, ALSO_AFTER = (
    re.compile(r"另有[^，。,；;]{0,3}$"),
    re.compile(r"^[^，。,；;]{0,8}(?:同样|一样|也)"),
)
# round 8b: others beside those owed (另有三名工友在塔吊上拉住他), unless the post says they are owed too
OTHERS_BEFORE = re.compile(rf"(?:{alternation(WORDS['not_people']['others_before'])})[^，。,；;]{{0,3}}$")
# a statistic of pay recovered for so many (为2417名农民工追回工资513万元)
RECOVERED = re.compile(rf"[^，。,；;]{{0,4}}?(?:{alternation(WORDS['not_people']['recovered_after'])})")
# a region's or a period's tally, in the sentence before a count (全省今年共支持600余名农民工, 1至8月…涉及农民工428人)
STATISTIC = re.compile(
    rf"(?:{alternation(WORDS['not_people']['statistic'])}|[\d一二三四五六七八九十]{{1,2}}(?:至|-|－|到)[\d一二三四五六七八九十]{{1,2}}月)"
    r"[^。！!？?\n]*$"
)
TALLY_BEFORE = re.compile(rf"(?:{alternation(WORDS['not_people']['tally'])})[^，,。；;\d]{{0,6}}$")
THRESHOLD_AFTER = re.compile(r"(?:多|余)?(?:个|名|位)?以上")  # 十名以上劳动者: a threshold
FOR_BEFORE = re.compile(r"(?:为|帮|帮助|替)(?:了)?$")
# those still owed after others were paid (现余四人追讨, 剩返四个仲喺劳审处): the count (round 8b)
STILL_OWED_BEFORE = re.compile(rf"(?:{alternation(WORDS['still_owed']['before'])})[^，。,；;\d]{{0,2}}$")
# the count the debt is told of after it (八名工人被承判商拖欠薪金, 82个人被欠了53天工资)
OWED_AFTER = re.compile(
    r"^(?:都|均|共|全部|一直)?(?:被|遭)[^，,。；;]{0,6}?(?:拖欠|欠|克扣|拖)"
    # round 10: 25名中国船员已近13个月没领到工资 (the count of those unpaid, beside the crew of 35)
    r"|^[^，,。；;]{0,12}?(?:没|未|冇)(?:有)?(?:领到|拿到|收到|领过|拿过|发过)(?:工资|工钱|薪水|人工|一分)"
    # wo11: 我们班组十二个人的工钱没结 (their pay told unpaid right after them, beside a site's whole crew)
    r"|^的(?:工资|工钱|人工|薪水|血汗钱)(?:都|也|还|仍|至今)?(?:没|未|冇|不)(?:有)?(?:结|发|给|付|到位|着落|拿到|领到)"
)
# pupils, not workers, where the post is about a school's teachers (13名老师和300多名学生)
PUPILS = re.compile(
    r"(?:多|余|来|几)?(?:个|名|位)?(?:的)?(?:[\u4e00-\u9fff]{0,2}?|[\u4e00-\u9fff]{1,6}的)学生"
)
SCHOOL = re.compile(r"老师|教师|学费|上课|幼儿园|家长|幼稚园")
# two counts added up: 12个坐班员工加七八十个兼课老师
JOINED = re.compile(r"^(?:加上|加|和|及|以及|还有|另外|仲有)$")
# groups told side by side, each with what it does (10个人走仲裁、1个人去法院起诉): added up (a list with 、 or ；;
# not a comma: 六个人都是老师傅了，一个人被欠一万多 tells what each is owed, 十个人一天…，一百个人 a sum)
SIDE_BY_SIDE = quickscan.compile(
    rf"{NUM_AHEAD}(?<![第\d.每一])(?P<a>{NUM})(?:个|名)人(?=[\u4e00-\u9fff]{{1,8}}[、；;])[^，,。；;、\d]{{1,8}}[、；;]"
    rf"(?:另外|另有|还有|另)?(?P<b>{NUM})(?:个|名)人(?=[\u4e00-\u9fff])(?![^，,。；;]{{0,3}}已)"  # (not 3个人已经拿到钱)
)
ME_AND = re.compile(
    rf"(?=[我本他她其])"  # (the first characters, looked ahead for first: a quicker scan, issue 12)
    rf"(?:我|本人|(?<![们其])他(?!们)|(?<![们其])她(?!们)|(?<![尤极])其)(?:和|同|跟|与)(?:另外|其他|另)(?P<n>{NUM})?(?:个|名|位)?"
    rf"{ORIGIN}?(?:{PEOPLE}|人)"
    # 我同三十几个同事, 欠他和10多个老乡的工资 (round 8): they and the one telling or told of
    # 我和手下十几个人, 我同十几个手下 (round 8b)
    rf"|(?:我|(?<![们其])他(?!们)|(?<![们其])她(?!们))(?:同|和|跟|与)(?:手下|手下的|[\u4e00-\u9fff]{{1,3}}的)?(?P<m>{NUM}){VAGUE}?"
    rf"(?:个|名|位){ORIGIN}?(?:{PEOPLE}|人{NOT_LABOUR})"
)
# (what ME_AND needs: one of its people right before 和/同/跟/与, a quick scan first, issue 12)
ME_AND_PAIR = re.compile(r"[我人他她其][和同跟与]")
AND_OTHERS_BEFORE = re.compile(r"(?:和|同|跟|与)(?:另外|其他|另)$")
# one worker named with so many others (round 10): 小云和另外1128名姐妹 → 1129, 自己和安徽队另外41名工友 → 42,
# 蒋某和两位同事 → 3
NAMED_ONE = (
    rf"(?:{alternation(WORDS['named_with']['who'])}|{SURNAME}某某?|{SURNAME}(?:{alternation(WORDS['named_worker']['titles'])})"
    rf"|(?<![\u4e00-\u9fff])(?:小|老|阿)[\u4e00-\u9fff])"
)
NAMED_AND = quickscan.compile(
    # (the first characters of NAMED_ONE, looked ahead for first: a quicker scan, issue 12)
    rf"(?=[{re.escape(''.join(sorted({w[0] for w in WORDS['named_with']['who']})))}{SURNAME[1:-1]}小老阿])"
    rf"{NAMED_ONE}(?:和|同|跟|与)[^，,。！!？?\d]{{0,6}}?(?:另外|其他|另)(?P<n>{NUM})(?:多|余)?(?:个|名|位)"
    rf"[\u4e00-\u9fff]{{0,4}}?(?:{PEOPLE}|人{NOT_LABOUR})"
    rf"|{NAMED_ONE}(?:和|同|跟|与)(?P<m>{NUM})(?:个|名|位)(?:{alternation(WORDS['named_with']['fellows'])})"
)
# (NAMED_AND needs 另, 其他 or a fellows word written: looked for first, issue 12)
NAMED_AND_NEEDS = re.compile(rf"另|其他|{alternation(WORDS['named_with']['fellows'])}")
FAMILY = re.compile(alternation(WORDS["named_with"]["family"]))
# one worker, or a few named, bringing a crew (round 8): 郭先生带着8名同行 → 9; 我和堂兄、同乡带着七、八个老乡 → 10
# (not a vague 几十: 我带着几十个工人 → 20, as the sets count it; not the boss or the foreman bringing them)
LEADER = re.compile(
    rf"(?P<lead>(?:我|本人|{SURNAME}(?:某某?|师傅|先生|女士|大姐|大哥)|老{SURNAME}|小{SURNAME}|[\u4e00-\u9fff]某"
    rf"|(?:(?<=[，,。：:；;\n])|^){SURNAME}[\u4e00-\u9fff]{{1,2}}(?=带))"  # round 10: 王友志带着…
    rf"(?:(?:和|同|跟|与|、)[^，,。！!？?\d]{{1,8}}?)*)"
    rf"(?:去年|今年|前年|当年|那年|年初|年前|年后|{alternation(WORDS['leader']['when'])})?(?:{alternation(WORDS['leader']['verbs'])})(?P<with>[^，,。！!？?\d几数一二两三四五六七八九十百千廿]{{0,8}}?)"
    rf"(?P<n>{NUM})(?:[、，,]{NUM})?{VAGUE}?(?:个|名|位|号)(?:的)?{MODIFIER}(?:{PEOPLE}|人{NOT_LABOUR})"
)
LEADER_VERB = re.compile(alternation(WORDS["leader"]["verbs"]))  # (LEADER only where one is written)
LEADER_JOIN = re.compile(r"和|跟|与|、|同(?![乡事学伴])")  # 同乡 is a fellow villager, not "and"
SELF_FOREMAN = re.compile(
    rf"(?:我|本人)[^。！!？?\n]{{0,6}}?(?:是|系|係|当|做)(?:一名|一个|个)?[^，,。]{{0,10}}?(?:{alternation(WORDS['leader']['not_owed'])})"
)

# patterns used for every count, compiled once (issue 12)
SURNAME_NUMERALS = set(WORDS["named_worker"]["surname_numerals"])
MONEY_TOKEN = re.compile(r"[万亿wk]|\.")
DIGITS_ONLY = re.compile(r"\d+")
VAGUE_RE = re.compile(VAGUE)
ABOUT_AFTER = re.compile(r"[^，,。]{0,4}左右")


def _count(token: str) -> float | None:
    if MONEY_TOKEN.search(token):
        return None  # 七万, 4.8w: money, not people
    if token in SURNAME_NUMERALS:
        return None  # 伍师傅, 陆姐: a surname, not five or six (wo11)
    value = parse_number(token)
    if value is None and re.fullmatch(r"\d+几", token):
        value = int(token[:-1])  # 120几个: a hundred and twenty odd
    if not value and token.startswith("几"):
        value = chinese_number("一" + token[1:])  # 几百号人 → 100
    if value is None and token in ("俩", "仨"):
        value = 2 if token == "俩" else 3  # 我们仨 (xk15)
    if value is None and token in ("百", "千"):
        value = chinese_number("一" + token)
    return value


def _workers(text: str) -> tuple[int | None, tuple[int, int] | None, bool]:
    """(count, its range, whether it counts only part of the group) or (None, None, False)."""
    found: list[tuple[int, int, tuple[int, int], bool]] = []  # tier, value, range, subset
    more: list[tuple[int, int]] = []  # the ranges of those counted besides (另有9名)
    where: list[tuple[int, int, tuple[int, int]]] = []  # start, end, range of the plain counts
    for pattern, needed in zip(WORKER_PATTERNS, _patterns_needed(text), strict=True):
        for match in pattern.finditer(text) if needed else ():
            token = match.group("n")
            if NOT_PEOPLE_AFTER.match(text[match.end("n") :].lstrip("多余来几个")):
                continue
            if HELD_AFTER.match(text[match.end() :]):
                continue
            if text.startswith("以上", match.end()) or THRESHOLD_AFTER.match(text, match.end("n")):
                continue  # 涉及五十人以上的由省里督办, 十名以上劳动者: a threshold, not the workers owed (round 8)
            if (PUPILS.match(text, match.end("n")) or match.group(0).endswith("学生")) and SCHOOL.search(
                text
            ):
                continue  # 300多名学生 of a school whose teachers are owed (round 8b)
            if RECOVERED.match(text, match.end()) and FOR_BEFORE.search(
                text, max(0, match.start() - 3), match.start()
            ):
                continue  # 为2417名农民工追回工资: a statistic of pay recovered (round 8b)
            before = text[max(0, match.start("n") - 12) : match.start("n")]
            if (
                TALLY_BEFORE.search(before)
                and not OWED_BEFORE.search(before)
                and STATISTIC.search(text, max(0, match.start() - 80), match.start())
            ):
                continue  # 全省今年1至8月…涉及农民工900人: a region's or a period's tally, not those owed (wo11)
            value = _count(token)
            if not value or not float(value).is_integer() or not 1 < value < 100_000:
                continue
            if DIGITS_ONLY.fullmatch(token) and len(token) >= 5:
                continue
            tail = text[match.end("n") : match.end("n") + 2]
            vague = bool(VAGUE_RE.match(tail)) or "几" in token or is_range(token)
            before = text[max(0, match.start("n") - 12) : match.start("n")]
            vague = (
                vague
                or bool(OVER_BEFORE.search(before))
                or (token[0] in "百千万" and bool(REACHING_BEFORE.search(before)))
            )
            step = _precision(token, value) if vague else 0
            span = (int(value), int(value + step - 1) if step else int(value))
            rough = ROUGH_SPAN.search(before + token) if token[0] in "千万" else None
            if rough:
                span = ROUGH_SPANS[rough.group(0)]  # 成百上千工人: 100 … 1999
                value = span[0]
            if not step and (ABOUT_BEFORE.search(before) or ABOUT_AFTER.match(text[match.end() :])):
                span = (int(value * 0.9), int(value * 1.1 + 0.5))  # 约260人: 234 … 286
            if OTHERS_BEFORE.search(before) and not ALSO_AFTER.match(text[match.end() :]):
                continue  # 另有三名工友在塔吊上拉住他: others, not those owed (round 8b)
            tier = (
                2 if SIZE_BEFORE.search(before)
                else 1 if SEVERAL_OF.match(token) or HURT_AFTER.match(text, match.end())
                else -2 if STILL_OWED_BEFORE.search(before)
                else -1 if OWED_BEFORE.search(before)
                or (OWED_AFTER.match(text[match.end() :]) and not AND_OTHERS_BEFORE.search(before))
                else 0
            )  # fmt: skip
            # those still unpaid, or one family among the workers (我们一家七口都在这个厂做): part of the group
            part = bool(SUBSET_BEFORE.search(before)) or text.startswith("一家", match.start())
            also = ALSO_BEFORE.search(before) and ALSO_AFTER.match(text[match.end() :])
            if tier == 0 and (MORE_BEFORE.search(before) or also):
                more.append(span)
                continue
            if NOT_ONLY_BEFORE.search(text, max(0, match.start() - 16), match.start()):
                value, span = value + 1, (span[0] + 1, span[1] + 1)  # 不只是他，还有十名员工 → 11 (wo11)
            found.append((tier, int(value), span, part))
            if tier == 0:
                where.append((match.start("n"), match.end(), span))
    for match in LEADER.finditer(text) if LEADER_VERB.search(text) else ():
        token = match.group("n")
        value = _count(token)
        if (
            not value
            or not float(value).is_integer()
            or token.startswith(("几", "数"))
            or not 0 < value < 10_000
        ):
            continue
        if NOT_OWED_LEADER.search(text, max(0, match.start() - 8), match.start()):
            continue  # 包工头老丁带本乡15位农民工: the foreman is not one of those owed
        if match.group("lead").startswith(("我", "本人")) and SELF_FOREMAN.search(text):
            continue  # 我…是一名带班的泥瓦匠…我带着本乡65位农民工: the foreman telling it (round 8b)
        name = re.split(r"和|同|跟|与|、", match.group("lead"))[0]
        if not name.startswith(("我", "本人")) and re.search(
            rf"{re.escape(name)}[^，,。；;]{{0,6}}?(?:是|系|係|为|当|做)(?:一名|一个|个)?[^，,。；;]{{0,6}}?"
            rf"(?:{alternation(WORDS['leader']['not_owed'])})",
            text,
        ):
            continue  # 杨某是一名小包工头…杨某带着老家的五十多名工友: the foreman, told of (round 10)
        leaders = 1 + len(LEADER_JOIN.findall(match.group("lead")))
        leaders += len(FAMILY.findall(match.group("with") or ""))  # 带着妻子、儿子和10名工友 (round 10)
        step = _precision(token, value) if VAGUE_RE.match(text[match.end("n") : match.end("n") + 1]) else 0
        low = int(value) + leaders
        found.append((0, low, (low, low + step - 1 if step else low), False))
    for (_s, end, a), (start, _e, b) in zip(sorted(where), sorted(where)[1:], strict=False):
        if JOINED.match(text[end:start]):
            found.append((0, a[0] + b[0], (a[0] + b[0], a[1] + b[1]), False))  # 12个…加七八十个… → 82
    for match in SIDE_BY_SIDE.finditer(text) if "个人" in text or "名人" in text else ():
        a, b = _count(match.group("a")), _count(match.group("b"))
        if a and b and float(a).is_integer() and float(b).is_integer() and a + b < 10_000:
            low = int(a + b)
            found.append((0, low, (low, low), False))  # 10个人走仲裁、1个人去起诉 → 11 (wo11)
    best = None
    if found:
        tier = min(f[0] for f in found)
        best = max((f for f in found if f[0] == tier), key=lambda f: f[1])
        if more and tier == 0 and not best[3]:
            extra = max(more)
            best = (0, best[1] + extra[0], (best[2][0] + extra[0], best[2][1] + extra[1]), False)
    elif more:
        best = (0, max(more)[0], max(more), False)
    me_and = ME_AND.search(text) if ME_AND_PAIR.search(text) else None
    if me_and:
        told = me_and.group("n") or me_and.group("m")
        others = _count(told) if told else 1
        if (
            others
            and others < 100
            and not (told or "").startswith(("几", "数"))
            and (best is None or best[1] <= others)
        ):
            return int(others) + 1, (int(others) + 1, int(others) + 1), False  # 我和另外两个服务员 → 3
    named_and = NAMED_AND.search(text) if NAMED_AND_NEEDS.search(text) else None
    if named_and:
        told = named_and.group("n") or named_and.group("m")
        # an exact count only (王师傅和十几名工友 stays 10, as the sets count a vague crew)
        vague_told = (
            "几" in (told or "") or text[named_and.end("n" if named_and.group("n") else "m")] in "多余来"
        )
        others = _count(told) if told and not vague_told else None
        if others and others < 100_000 and (best is None or best[1] <= others):
            return int(others) + 1, (int(others) + 1, int(others) + 1), False  # 小云和另外1128名姐妹 → 1129
    if best and best[0] < 2:
        return best[1], best[2], best[3]
    single = _single(text)
    if (
        single or best
    ):  # a firm's size only when nobody is told of (该厂约有四十名工人 beside 其丈夫, round 8b)
        if single:
            return single
        if OWN_DEBT.search(text) and not GROUP_WORDS.search(text):
            return None, None, False  # 有员工三百多人…拖欠我两个月工资: the firm's size, the poster's own pay
        return best[1], best[2], best[3]
    return None, None, False
