"""What a figure is, by the words right around it: paid, still owed, one worker's own share, a part of the group, a
pay level or rate, a per-head figure, not wages (data/money_words.toml and the forms below). Split out of
``triage.money`` (xk15); what each form means is written at the head of ``triage.money`` and of the word file."""

from __future__ import annotations

import re

from triage import quickscan
from triage.numbers import NUM
from triage.wordfile import alternation, load_words

WORDS = load_words("money_words")

PAID_BEFORE = re.compile(
    rf"(?:{alternation(WORDS['paid']['before'])})(?:才|只有|得|约|大约|大概|左右|逾)?(?:工资|工钱|人工)?$"
)
STILL_OWED_BEFORE = re.compile(
    rf"(?:{alternation(WORDS['still_owed']['before'])})"
    # 还欠我们90多万元, 尚欠工人工资12万 (round 8): whom it is owed to between the words and the figure
    r"(?:我们|我哋|工人们|工人|农民工|民工|大家|工友们?)?(?:的)?(?:工资|工钱|人工|薪水)?"
    r"(?:约|大约|成|近|逾|超过)?$"
)
# 现在还有5万元没给: what is left, told after the figure
LEFT_BEFORE = re.compile(
    rf"(?:还有|尚有|仲有|还剩|仍有)(?:{NUM}(?:多|余)?(?:名|个|位)[\u4e00-\u9fff]{{0,4}}?(?:的)?)?(?:约|大约|近|逾)?$"
)  # round 10: 尚有50余名农民工40余万元工资没有到位
NOT_PAID_AFTER = re.compile(
    r"^\s*(?:元|块|蚊)?(?:的)?(?:工资|工钱|人工)?(?:还|都|仍)?(?:没|未|冇)(?:有)?(?:给|付|结|发|拿到|到手|到账|到位|找|支付|发放)"
)
# 其中陈老板那笔还欠8万元: one part of a total told before
PART_BEFORE = re.compile(r"其中[^，,。；;]{0,10}$")
# the wages within a larger sum (round 8): 跳票两千三百多万元，其中九十七万元是员工薪水; 其中农民工工资数百万元
WAGE_PART_BEFORE = re.compile(
    r"其中(?:的)?(?:农民工|工人|员工|职工|民工)?(?:的)?(?:工资|工钱|薪水|薪资|人工|劳务费)(?:约|达|有|为|是|共)?$"
    # round 10: 其中王某等三十二名工人的工资合计84.7万余元 (the wages of those counted, within the site's total)
    r"|其中[^，,。；;]{2,16}?(?:名|个|位)[\u4e00-\u9fff]{0,4}?(?:的)(?:工资|工钱|薪水|薪资|人工)(?:合计|共计|总计|共|约|为|是)?$"
)
WAGE_PART_AFTER = re.compile(
    r"^\s*(?:元|块)?(?:是|为|系|属于|属)(?:拖欠)?(?:员工|工人|农民工|职工|民工)?(?:的)?(?:薪水|工资|工钱|薪资|人工|劳务费)"
)
OWN_SHARE_BEFORE = quickscan.compile(
    r"(?:我一个人|我个人|我自己|我本人|我嘅|我的|我这|我呢)[^，,。；;]{0,10}$"
    r"|(?:佢自己|他自己|她自己|经理自己|会计自己|主管自己)[^。；;!?！？]{0,14}$"  # one other person's own arrears
    # round 8b: 老板实际欠我7000元, 他本人三个月被欠薪2万余元, 副总自己都被欠了两万多; a part of the group
    # (他和另外5名工友共被欠5万余元)
    r"|欠我(?!们|哋)(?:了|咗)?$|(?<![们了])欠(?:他|她|其)(?!们|哋)(?:本人)?(?:了|咗)?$|(?:本人|自己)[^，,。；;]{0,6}(?:被欠|被拖欠|欠薪|差|被欠了|欠咗)[^，,。；;]{0,4}$"
    # round 8b: 多的一万多块, 少嘅欠千几蚊: the most or least one of them is owed
    r"|[，,。；;：:\s](?:最)?(?:多|少)(?:的|嘅)(?:欠|有|系|是|被欠)?$"
)
# 他和另外5名工友共被欠5万余元: a part of the group, not its total even when summed (round 8b)
GROUP_PART_BEFORE = re.compile(r"(?:和|同|与|跟)(?:另外|其他|另)[^，,。；;]{0,14}$")
# 他和另外19人…公司给了他们3万多元，还有5万多元没给: what a part of the group still lacks, after the group's total
# was told, is not the group's rest (am11)
# (… or a crew counted by one speaker: 他们十多个人还有2万余元没拿到)
GROUP_PART_IN = re.compile(
    rf"(?:和|同|与|跟)(?:另外|其他|另)|(?:他们|她们|佢哋)(?:这)?(?:{NUM})(?:多|余|来)?(?:个|名)?人"
)
# 被拖欠约七万元的何女士: one named worker's own figure, told before the name (round 8b)
OWN_SHARE_AFTER = re.compile(
    r"\s*(?:元|块|蚊)?(?:工资|薪金|欠薪|人工)?(?:的|嘅)[\u4e00-\u9fff](?:女士|先生|师傅|小姐|大姐|阿姨|某|姐|哥)"
)
# 现余四人追讨近十九万元: what those still claiming are owed (round 8b)
REMAINING_PEOPLE = re.compile(r"(?:现余|剩返|剩下|余下|仲剩|还剩|淨返|净返)[^，,。；;]{0,4}?(?:人|个|名|位)")
# 分别支付二原告7905元和7826元: parts told together, added up (round 8b)
SEVERALLY = re.compile(r"分别|分別")
PARTS_JOIN = re.compile(r"\s*(?:和|及|与|、)\s*")
NOT_AMOUNT_BEFORE = quickscan.compile(
    r"(?:不到|不足|不够|借了|借咗|借|卷走|转走|挪走|挪用|转移|带走|骗走)(?:了|咗)?$"
    # am11: what was earned (三个月挣三万多块钱, 11月挣了4800元) is no sum owed
    rf"|(?:{alternation(WORDS['earned']['before'])})(?:了|到|咗|得)?(?:约|大概|差不多)?$"
    r"|有人(?:被)?(?:欠|拖欠)(?:了|咗)?(?:逾|超过|近|约)?$"  # 有人被欠逾八万元: what one of them is owed
    # xk15: … one of them named by his trade (有厨师俾佢拖咗成万蚊, 有个工友被欠了两万)
    r"|(?<![所没还仍只共都])有(?:个|位|名|一个|一位|一名)?(?:工人|工友|师傅|厨师|伙计|员工|司机|保安)(?:被|俾|畀)?(?:佢|他|人)?"
    r"(?:欠|拖欠|拖)(?:了|咗)?(?:逾|超过|近|约|成)?$"
)
# (not 劳资审裁处: a tribunal, round 8b)
# (within the clause: 收不到工程款，3万块工钱拖到现在 is wages, round 10)
# (… unless the next clause sums it up: 积欠近四个月工程款，总计新台币一千九百九十六万元)
NOT_WAGES_BEFORE = quickscan.compile(
    rf"(?<!审)({alternation(WORDS['not_wages']['before'])})"
    r"(?:[^\d，,。；;！!？?]{0,4}|[，,](?:总计|合计|共计|总共|一共|共)[^\d，,。；;欠拖]{0,3})$"
)
# a currency named before the figure (新台币八千元, 港币50万) is not a word about what the money is
CURRENCY_TAIL = re.compile(r"(?:新台币|台币|港币|港元|人民币|澳门币|澳门元|澳币|HK\$|\$)$")
# wages lumped with a contract's costs (人工加工程费, 工资及费用, 工钱连材料费): the sum told after them in the sentence
# is no wage figure (the convention: null for lumps that mix wages with fees; labelled.py, xk15)
WAGES_WITH_COSTS = re.compile(
    r"(?:工资|人工|工钱|薪金|薪水)(?:加上|加埋|加|和|及|以及|连同|连|同|与|、)(?:相关)?"
    r"(?:工程费|工程款|材料费|材料款|货款|费用)"
)
RATE_BEFORE = re.compile(
    r"(月薪|(?<![个\d一二两三四五六七八九十几半数多])月(?:工资|人工)|日工资|日工钱|底薪|日薪|时薪|年薪|薪水是|一天|每天|一个月|每个月|每月|一月|每小时|一小时|每人每月|每人每个月)"
    r"(?:也就|也|就|是|约|大概|才|只有|只|仅有|仅|都|有|先|得|最多|最少)?(?:俾|给|发|兑|开)?"
    r"(?:飙到|涨到|升到|达到|直逼|高达|可达|接近|超过)?$"  # 日薪飙到七八千元 (am11)
    r"|(?:每月|每个月)[\u4e00-\u9fff]{0,2}?(?:薪资|薪水|工资|人工)(?:约|有|是|都|为)?$"
    r"|(?:工资|人工|月薪)(?:本来|原本|一直|平时)(?:就|是|只有|才)?$"
    # 月均工资约4500元, 平均每月收入3000: an average pay level (round 7)
    r"|(?:月均|平均每月|平均每个月|平均月)(?:工资|收入|薪水|薪资)?(?:约|大概|是|为|在|有)?$"
    # 熟手一个月能做七千以上: what one can earn, not what is owed
    r"|(?:一个月|每个月|每月|一天|每天)(?:能|可以|可)(?:做|赚|挣|拿)(?:到)?$"
    # round 8: 平均每月能领3000元, 每个月收入2000多元, 保安一个月工资1800元 (a pay level, not the arrears)
    r"|(?:月均|平均每月|平均每个月|平均月)(?:能|可以|可)?(?:领|拿|赚|挣)(?:到)?$"
    r"|(?<![\d十])(?:一个月|每个月|每月)(?:的)?(?:工资|人工|薪水|薪资|收入)(?:是|约|有|才|只有|大概|就)?(?:税后|税前)?$"
    r"|(?:每个月|每月|一个月)(?:能|可以|可)?(?:有)?收入(?:约|有|是|大概)?$"
    # round 8b: 正常加班能拿八千左右, 每个月多发两百块: what one can earn, an extra paid each month
    r"|(?:能|可以|可)(?:拿|赚|挣|领)(?:到)?(?:约|大概)?$|(?:每个月|每月|一个月)(?:多发|多给|补贴|补)$"
    # round 10: a piece or unit rate (每立方米255元, 每车每趟1000元), income (每人纯收入能有1.5万元), what one can
    # reach (不休息能到5800元, 每月可超过4万元)
    r"|每(?:立方米?|平方米?|平米|方|米|件|票|吨|趟|车|单|斤|公斤|亩)$"
    r"|(?:纯)?收入(?:能|可以|可)?(?:有|达|是|约)?$|(?:能|可以|可)(?:到|达到|超过)$"
    # am11: what each day or month takes or leaves (每日被扣起的250元, 每个月扣的300块)
    r"|(?:每日|每天|每月|每个月)[^\d，,。；;]{0,5}的$"
    # xk15: what is paid by the day or the month (实际只按日在住处收取二三百元): a rate, not the arrears
    r"|按(?:日|天|月)[^\d，,。；;]{0,10}(?:收取|领取|收到|拿到|发放|发|给)$"
)
RATE_AFTER = re.compile(
    r"^\s*(?:元|块)?\s*(?:/|一)\s*\d*\s*(?:月|天|小时|趟|次|件|单|平方|平米|米|吨)|^\s*(?:元|块)?每(?:月|天|小时)|^\s*(?:元|块)?一个月"
)  # round 10: 12000元/26天
PER_HEAD = quickscan.compile(
    r"(人均|每人|每个人|每位|一人|每个|每名|各)(欠|约|大概|大约|差不多|都|被欠|少|有)?\D{0,2}$"
    # 每人被拖欠工资约3000元 (round 7)
    r"|(?:人均|每人|每个人|每位|每名)(?:都)?(?:被)?(?:拖欠|积欠|欠)(?:了)?(?:工资|工钱|人工|薪水|薪资)?(?:约|大概|大约|达|有)?$"
    # 每人的总工资将近两万: each one's wages (am11)
    r"|(?:人均|每人|每个人|每位|每名)的(?:总)?(?:工资|工钱|人工|薪水|薪资|欠薪)(?:都|约|大概|有|是)?$"
)
