"""The words workers are named by (data/worker_words.toml and the people words below), shared by the counts of
``triage.workers`` and the one worker or couple of ``triage.oneworker`` (split out of workers.py, xk15)."""

from __future__ import annotations

from triage.wordfile import alternation, load_words

# the operator-editable word lists (data/worker_words.toml): who is owed, by the words around a name or a count
WORDS = load_words("worker_words")
SURNAME = "[" + "".join(WORDS["named_worker"]["surnames"].split()) + "]"


PEOPLE = (
    r"工友|工人|农民工|民工|员工|职工|师傅|兄弟|姐妹|老乡|伙计|阿姨|大姐|大妈|老师|教练|学徒|店员|导购|"
    r"服务员|厨师|厨工|保安|保洁|司机|骑手|快递员|外卖员|普工|技工|车位|车工|焊工|木工|电工|泥水工|钢筋工|"
    r"架子工|油漆工|杂工|小工|装卸工|搬运工|分拣工|包装工|打包员|质检员|调试员|设计师|发型师|美容师|客服|网管|"
    r"采摘工|季节工|派遣工|临时工|护工|护士|主播|业务员|文员|会计|工程师|程序员|销售|水电工|装修工|雕刻工|车版师傅|"
    r"女工|男工|清洁工|环卫工|保洁员|清洁员|扫地工|装配工|操作工|学徒工|农民|弟兄|阿姐|移工|外劳|同行|同事|伙伴|"
    # Cantonese and other words for the same people (伙记, 外雇 of Macau, 泥水佬), teachers
    r"伙记|外雇|雇员|外佣|教师|教职工|幼师|姊妹|全职|兼职|船员|海员|乡亲|村民|同乡|亲戚|亲友|泥水佬|电焊佬|油漆佬|地盘佬|搬运佬|装修佬|扎铁佬|木工佬|医护人员|医务人员|医护|"
    + alternation(WORDS["people"]["words"])
)
# where they come from, between the count and the people word (一千二百多四川老乡, 8个湖北老乡)
ORIGIN = rf"(?:[\u4e00-\u9fff]{{1,2}}籍|(?:{alternation(WORDS['people']['origins'])})籍?(?:的)?)"
# a worker by trade: 绿化工, 抹灰工, 电焊工, 防腐工 (not 加工厂, 工资, 工地 …)
# (not 停工, 开工, 人工: a verb or 人 before 工, round 8b)
TRADE_WORKER = (
    rf"[\u4e00-\u9fff]?[^\W\d_{WORDS['not_people']['not_trade']}]工(?![资钱厂地程作期业会具人友龄伤序位种])"
)
# a trade named alone as the subject of one worker's story (电焊工在加油站施工摔伤)
ONE_TRADE = (
    r"(?:电焊|焊|电|木|泥水|钢筋|架子|油漆|水电|搬运|装卸|抹灰|防腐|瓦|杂|小|钳|绿化|保洁|清洁|环卫|装修|铲车|叉车|"
    r"装配|操作|包装|车床|冲床|砌砖|贴砖|安装|维修|学徒|渔|船)工"  # (渔工, 船工: xk15)
)
MODIFIER = r"[\u4e00-\u9fff、]{0,8}?"  # 货车司机, 雕刻、打磨工人, 做了十来年的老工人
COUNT_WORD = r"(?:个|名|位|号|多个|多名|多位|多号|余名|余个|余号|来个|来名|来号|几个)"
NOT_LABOUR = r"(?!工(?!资|钱)|民币|均|情|次)"  # … and 1905人次 a tally of visits (round 10)  # 两百多人工资 is people, 人工 (wages) and 人民币 are not
