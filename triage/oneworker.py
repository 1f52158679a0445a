"""One worker or a couple told of with nobody counted (我老公, 一个小伙子, 拖欠其工资, 夫妻俩, 冯先生, 陈姓员工),
and the words that make such a person one of a crew (成班, 工友们, 大家). Split out of ``triage.workers`` (xk15);
what the forms are is written at the head of ``triage.workers`` and of data/worker_words.toml."""

from __future__ import annotations

import re

from triage import quickscan
from triage.wordfile import alternation
from triage.workerwords import ONE_TRADE, PEOPLE, SURNAME, WORDS

ONE_PERSON = re.compile(
    # (each form's first character, or the text's start, looked ahead for first: a quicker scan, issue 12)
    r"(?:^|(?=[我其她他帮，,。！!？?\n：:]))(?:"
    r"(?:我|我的|其)(?:爸|妈|爸爸|妈妈|父亲|母亲|老公|老婆|丈夫|妻子|爱人|老爸|老妈|老豆|老窦|阿爸|阿妈|老母|弟弟|弟|妹妹|妹|哥哥|哥|姐姐|姐|"
    r"女儿|儿子|朋友|同学|表哥|表姐|表弟|表妹|舅舅|叔叔|老乡|室友|"
    # xk15: a relative as Cantonese and Mandarin posts name one (我阿叔喺…做咗两年; not 阿姨, which names any older
    # woman or a cleaner as well: 我阿姨说这个月又没发 tells of no one owed)
    r"阿叔|阿伯|阿婶|阿嫂|阿哥|阿姐|伯伯|姑姑|嫂子)(?!们)(?!也|都|喺入面|在里面)"
    r"|(?:我|她|他)一个人|我(?:个|嘅)(?:仔|女|囡)(?!们|哋)"
    # 其妻, 其父 (a 12345 ticket's caller telling of one relative); 老豆, 阿爸 opening a sentence: the poster's own
    r"|其(?:妻|夫|父|母|子|女)(?!们)"
    r"|(?:^|[，,。！!？?\n：:])(?:老豆|老窦|阿爸|老爸|老妈|我老公|我老婆)(?:喺|在|做|系|是|跌|被|俾|畀|今年|已经)"
    # 帮老婆发个帖, 帮我爸问问: a post written for one relative
    r"|帮(?:我)?(?:老公|老婆|爸|妈|老爸|老妈|老豆|阿爸|阿妈|哥|姐|弟|妹|爱人|妻子|丈夫)(?:发|问|写|咨询|投诉|反映)"
    r")"
)
COUPLE = quickscan.compile(
    r"(?<!老板)(?<!老细)(?<!老闆)(?<!老板娘)(?:夫妻俩|夫妻两|两公婆|两夫妻|父子俩|母子俩|母女俩|父女俩|兄弟俩|姐妹俩|两仔爷|两母子|两仔乸)|我们夫妻|我(?:和|同|跟)(?:我)?(?:老婆|老公|爱人|妻子|丈夫)"
)
COUPLE_ME = re.compile(r"我[和同跟]")  # (COUPLE needs 俩, 两, 夫妻 or this: looked for first, issue 12)
# wo11: a couple named each by name (谭某森、许某安夫妻; 钟华和邱美玲两口子), not the boss and his wife
COUPLE_NAMED = re.compile(
    rf"{SURNAME}[\u4e00-\u9fff]{{1,2}}(?:、|和|与){SURNAME}[\u4e00-\u9fff]{{1,2}}"
    r"(?:夫妻|夫妇|两口子)(?![^，,。]{0,6}(?:跑|走佬|卷款|失联|逃|欠))"
)
# one worker named without a count: 一个小伙子, 有条友, 环卫阿姨, 拖欠其工资 (其: his or her)
ONE_WORKER = re.compile(
    # (each form's first character, or the text's start, looked ahead for first: a quicker scan, issue 12)
    r"(?:^|(?=[一有个的阿小拖欠结发支给偿补克嘅老他她佢\d，,。！!？?\n：:]))(?:"
    r"(?:一个|一名|一位|有个|有名|有位|有条|有條|(?<![几两三四五六七八九十\d多])个)(?:小伙子|小伙|年轻人|男子|女子|工人|男工|女工|阿伯|老伯|大叔|友)"
    # 一名销售员申请仲裁 (round 7)
    # xk15: … with what he is before the word (一名外省渔工反映, 一名灯饰带货主播签约)
    # (not the poster himself, 我是一名建筑工人; not a statute's 一名劳动者; a trade of the list only, and no 工 before
    # it: not 一名黑工疑聘外雇)
    rf"|(?<![是系係为])(?:一名|一位)(?!劳动者)(?:(?!工)[\u4e00-\u9fff]){{0,4}}?(?:{PEOPLE}|{ONE_TRADE})(?=[\u4e00-\u9fff])"
    # 有个六十几岁嘅湖南阿叔, 一个上个月才从广西过来的师傅, 有个后生仔, 有师傅只手被冲床压伤 (round 4)
    r"|(?:一个|一名|一位|有个|有名|有位)[^，,。！!？?\s]{0,14}?(?:的|嘅)[\u4e00-\u9fff]{0,4}?(?:老师傅|师傅|阿伯|阿叔|大叔|后生仔|小伙子|小伙|男子|女子|工人)"
    r"|(?:有个|有位)(?:老师傅|师傅|后生仔|后生)(?=[\u4e00-\u9fff])"
    r"|的(?:小伙子|小伙|男子|女子|阿伯|老伯)"
    # 逃出来的大哥说, 一位五十岁的大姐在流水线上晕倒: what he says or what befalls him (not 旁边工位的大姐干的是…, xk15)
    r"|的(?:大哥|大姐|大叔|大婶)(?=说|讲|话|今年|已经|在|被|喺|俾)"
    # 他被欠了快50万薪水, 佢俾人拖咗三个月人工: one told of in the third person, owed (xk15)
    r"|(?<![们哋])(?:他|她|佢)(?!们|哋)(?:被|俾|畀)(?:人)?(?:拖欠|欠|拖)(?:了|咗)?[^，,。；;]{0,8}?(?:工资|工钱|人工|薪)"
    r"|(?<!我)(?<!我的)(?:阿姨|阿伯|阿婆|小伙子)(?:说|讲|话|五|四|三|两|几|已经|一直|还|仲|都)"
    # (wo11: 支付其…工资, and a ruling's span of dates between: 支付其2020年5月21日至2021年2月2日期间工资)
    r"|(?:拖欠|欠|结清|发放|支付|给付|偿还|补发)其(?:[^，,。；;]{0,3}?|[\d年月日至到\-—－~]{4,30}(?:期间|之间)?(?:的)?)"
    r"(?:工资|工钱|人工|劳务费|薪|劳动报酬)"
    # 还欠屠某工资3980元 (a court write-up's one anonymised worker), 许师傅2016年给…改楼道 (round 7)
    r"|(?:拖欠|欠)[\u4e00-\u9fff]某某?(?:的)?(?:工资|工钱|人工|劳务费|劳动报酬)"
    r"|(?:^|[，,。！!？?\n：:])[张王李陈刘黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖蔡潘袁]师傅"
    r"(?=[\d在喺今已说讲话给帮])"
    # 欠她5月到7月三个月工资 (one person told of by a friend: 帮朋友徐姐发); 扫地的李伯; 老张在一家公司干了十年
    r"|(?:拖欠|欠|克扣)(?:她|他)(?!们)[^，,。；;]{0,10}(?:工资|工钱|人工|薪)"
    r"|(?:的|嘅)[\u4e00-\u9fff](?:伯|叔|婶|姨)(?=\d|今年|已经|说|话|讲|每)"
    r"|(?:^|[，,。！!？?\n])(?:老|小)[张王李陈刘黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖]"
    r"(?:在|喺|今年|已经)"
    r"|(?:老|小)[张王李陈刘黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖](?=被(?:拖欠|欠)|的(?:工资|工钱))"
    # 17岁小伙在工地摔下; 求助：电焊工在加油站施工摔伤 (one worker by age or by trade, no count)
    r"|\d{1,2}岁(?:的)?(?:小伙|男子|女子|少年|男孩|女孩|工人)"
    rf"|(?:^|[：:，,。！!？?\n])(?:一名|一个|有个)?{ONE_TRADE}(?:在|被|从|喺)"
    r")"
)
# a hotline ticket's caller (12345's 来电人): 其 is the caller, 其丈夫 one relative told of
CALLER = re.compile(alternation(WORDS["caller"]["words"]))
# someone unnamed (有人爬上吊机, 有师傅只手被冲床压伤) is one worker only when the post tells that person's own
# debt, family or injury (欠佢七千, 老婆刚生完孩子, 为了九百块); else it may be one of a crowd (又有人上楼顶了)
SOMEONE = re.compile(
    r"有(?:个|一个|一名)?(?:人|老师傅|师傅|后生仔|阿叔|阿伯|大叔|男子|[\u4e00-\u9fff]{2}(?:阿叔|师傅))(?:[爬上坐企站跳][上咗了到在喺]{0,2}[^，,。！!？?]{0,8}?(?:塔吊|吊机|楼顶|天台|屋顶|高处)"
    r"|只手|手指|(?:被|俾|畀)[^，,。]{0,4}(?:压|绞|砸|夹|烫))"
)
OWN_STORY = re.compile(
    r"(?:欠|拖|畀|俾|给)(?:佢|他|她)(?!们|哋)|(?:佢|他|她)(?:的|嘅)?(?:工钱|人工|工资)|老婆|老公|为了[^，,。]{0,6}(?:块|蚊|元)"
    r"|手指|只手|断指|截肢|工伤|医药费|受伤"
)
# the words of a group: a lone worker mentioned among them is one of many, not the only one owed
GROUP_WORDS = re.compile(
    r"我们|我哋|咱们|大家|工友们|同事们|兄弟们|工人们|师傅们|员工们|大伙|成班|全厂|集体|一班人|全体|有班|一班"
)

# the whole crew named beside one person (我阿妈…佢同成班姐妹): the count is not told
# (大家 as the readers asked for help is no crew: 求大家指条路, 请问大家)
CREW = re.compile(
    r"成班|一班人|(?<![上下值])班(?:同事|工友|姐妹|兄弟|伙计|伙记)|成个厂|全厂|工友们|同事们|姐妹们|兄弟们|(?<![求请问谢告诉])大家(?![帮指给支看评])"
    r"|(?:跟|和|同)[^，,。]{0,6}几个"  # 她跟村里几个阿姨…: one of a few, the count not told
    r"|(?:都|也)有(?:份|分)"  # 我阿叔做油漆都有份: one among those owed, the count not told (xk15)
)

NOT_OWED_LEADER = re.compile(rf"(?:{alternation(WORDS['leader']['not_owed'])})[^，,。]{{0,3}}$")
# one worker named by surname and title, nobody counted (round 8): 月嫂郑大姐说…, 河南籍女子王某爬上塔吊,
# 冯先生去年4月进装饰公司做木工; 少发黄某25%
NAMED_WORKER = re.compile(
    rf"(?:^|[，,。！!？?\n：:；;])(?:\d{{1,2}}岁(?:的)?)?(?:[\u4e00-\u9fff]{{1,4}}(?:籍|来的|來的))?"
    # (装载机司机伍师傅: a vehicle of up to three characters before 司机, wo11)
    rf"(?:[\u4e00-\u9fff]{{1,3}}(?=司机))?(?:{alternation(WORDS['named_worker']['before'])})?"
    rf"(?:{SURNAME}(?:{alternation(WORDS['named_worker']['titles'])})|(?:老|小){SURNAME}(?=[\d在喺今已说讲话给帮去来到从八九十一二三四五六七]))"
    rf"(?![们等和、同跟与带领]|他们|她们)"
)
# (what NAMED_WORKER needs written: a surname with a title, or 老/小 before a surname; looked for first, issue 12)
NAMED_WORKER_NEEDS = quickscan.compile(
    rf"{SURNAME}(?:{alternation(WORDS['named_worker']['titles'])})|[老小]{SURNAME}"
)
# one worker named the way a ruling or a claim names one (looked for only where 某 or 姓 is written, issue 12):
# 少发黄某25%, 拖欠职工雷某某薪酬, 欠原告尹某甲工资; 陈姓员工, 郭姓司机 (wo11; not 林姓判头)
NAMED_RULING = re.compile(
    rf"(?:{alternation(WORDS['named_worker']['pay_verbs'])})(?:了)?(?:{alternation(WORDS['named_worker']['before'])})?"
    rf"{SURNAME}某某?[甲乙丙丁]?(?![们等和、])"
    rf"|(?<={SURNAME})姓(?:的)?(?:{alternation(WORDS['named_worker']['by_surname'])})(?![们等和、])"
)
COURT = re.compile(alternation(WORDS["named_worker"]["court"]))
PAY_VERBS = tuple(WORDS["named_worker"]["pay_verbs"])
OWED_ANYWHERE = re.compile(
    r"欠|拖|没发|未发|少发|没给|不给|没结|不结|没拿到|没领到|讨|还差|差成|剩下|没着落|未结|拿不到|没见着|未收到|不发"
)
INJURED = re.compile(alternation(WORDS["injured"]["words"]))
# (not 非本人主要责任, 其本人: the one told of, in a lawyer's or a news item's words; round 10b)
FIRST_PERSON = re.compile(r"我(?!们|哋)|(?<![非其])本人")
THIRD_PERSON = re.compile(alternation(WORDS["injured"]["third_person"]))
# a crew named in the post: the one named may be its foreman or one of many (吴先生说欠农民工的工资大约二三十万)
CREW_NAMED = re.compile(r"农民工|工人|工友|民工|员工们|班组|施工队|乡亲|老乡们|大家")


def _crew_beside(text: str, one: str) -> bool:
    """Whether a crew is told beside one person named (我阿妈…成班姐妹); a caller's relative (12345's 来电人…
    其丈夫) is told of alone whatever else the ticket quotes (厂方表示“大家都是这样”, wo11)."""
    crew = CREW.search(text)
    if crew and one.startswith("其") and CALLER.search(text):
        return any(not m.group(0).startswith("大家") for m in CREW.finditer(text))
    return bool(crew)


def _named_in_ruling(named: str) -> bool:
    """A worker named the way a ruling or a claim names one (支付甘某, 欠原告尹某甲, 陈姓员工), wo11."""
    return named.startswith(PAY_VERBS) or named.startswith("姓")


def _single(text: str) -> tuple[int, tuple[int, int], bool] | None:
    """One worker or a couple told of, with nobody counted; None when the post tells of no one."""
    # one person or a couple named: they may be part of a larger group, so the count is a subset
    said = "俩" in text or "两" in text or "夫妻" in text or COUPLE_ME.search(text)
    couple = said and COUPLE.search(text)
    if couple or (("夫" in text or "两口子" in text) and COUPLE_NAMED.search(text)):
        return 2, (2, 2), True
    one_person = ONE_PERSON.search(text)
    if one_person and not _crew_beside(text, one_person.group(0)):
        return 1, (1, 1), True
    someone = SOMEONE.search(text)
    # 有个阿叔爬上塔吊…工钱俾人拖住: one told of as one (有个), whose pay is owed (round 8b)
    told_one = someone and someone.group(0)[1] in "个一" and OWED_ANYWHERE.search(text)
    if someone and (OWN_STORY.search(text) or told_one) and not GROUP_WORDS.search(text):
        return 1, (1, 1), True
    named = (NAMED_WORKER.search(text) if NAMED_WORKER_NEEDS.search(text) else None) or (
        NAMED_RULING.search(text) if "某" in text or "姓" in text else None
    )
    if (
        named
        and not GROUP_WORDS.search(text)
        and not CREW_NAMED.search(text[: named.start()] + text[named.end() :])
        and (OWED_ANYWHERE.search(text) or (COURT.search(text) and _named_in_ruling(named.group(0))))
        and (
            named.group(0).startswith(PAY_VERBS)  # 被告欠原告尹某: the one owed, after the verb (wo11)
            or not NOT_OWED_LEADER.search(text, max(0, named.start() - 8), named.start() + 1)
        )
    ):
        return 1, (1, 1), True
    if (
        INJURED.search(text)
        and THIRD_PERSON.search(text)
        and not FIRST_PERSON.search(text)
        and not GROUP_WORDS.search(text)
    ):
        return 1, (1, 1), True  # 横栏一灯饰厂工人受伤…家属准备申请工伤认定 (round 8b)
    one = ONE_WORKER.search(text)
    if one and (
        one.group(0).endswith(("工资", "工钱", "人工", "劳务费", "薪")) or not GROUP_WORDS.search(text)
    ):
        return 1, (1, 1), True
    return None
