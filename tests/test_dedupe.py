"""One lead per case (issue 4): copies, reposts and retellings join one lead with a recorded reason
and score; look-alike complaints about another employer, town or amount never do."""

from __future__ import annotations

import zlib

import pytest

import pipeline
import storage
from classifier.base import Prediction
from tests.conftest import make_post
from triage import dedupe
from triage.reindex import rebuild_index

ORIGINAL = "古镇曹一村的华耀灯饰厂，七月八月两个月的工资到现在都没发，我们23个工人加起来27万。老板说等订单回款。#古镇# #欠薪#"


class Stub:
    """Every post is a wage-arrears lead unless listed otherwise (the classifier is not under test)."""

    def __init__(self, labels: dict[str, str] | None = None):
        self.labels = labels or {}

    def predict(self, texts, explain=False):
        out = []
        for text in texts:
            label = next((v for k, v in self.labels.items() if k in text), "wage_arrears")
            out.append(Prediction(label, float(label == "wage_arrears"), {label: 1.0}, [], "stub"))
        return out


def _run(db, posts, **kw):
    storage.upsert_posts(db, posts)
    return pipeline.run_pass(db, classifier=Stub(**kw))


def _lead_of(db, post_id: str) -> int:
    return db.execute(
        "SELECT lead_id FROM lead_posts JOIN posts ON posts.id = lead_posts.post_id WHERE posts.post_id = ?",
        [post_id],
    ).fetchone()[0]


def test_signature_is_datasketch_minhash():
    from datasketch import MinHash

    grams = dedupe.shingles(dedupe.canonical_text(ORIGINAL))
    reference = MinHash(num_perm=dedupe.NUM_PERM, seed=1, hashfunc=zlib.crc32)
    reference.update_batch([g.encode("utf-8") for g in grams])
    assert list(dedupe.signature(grams)) == list(reference.hashvalues)


def test_a_batchs_bucket_keys_are_each_posts_own(monkeypatch):
    """The bucket keys found for a batch of lead posts at once (``add_buckets``) are those each post gets alone,
    however the batch is cut (two grams at a time here) and for a text too short or empty."""
    texts = [
        ORIGINAL,
        ORIGINAL.replace("华耀", "金怡"),
        "转发微博：" + ORIGINAL,
        "欠薪",
        "",
        "老板跑了，工资没发",
    ]
    fps = [dedupe.fingerprint(t, {}, None, buckets=False) for t in texts]
    monkeypatch.setattr(dedupe, "SIGNATURE_GRAMS", 2)
    assert dedupe.add_buckets(fps) == [None] * len(texts)
    assert [fp.buckets for fp in fps] == [dedupe.fingerprint(t, {}).buckets for t in texts]
    assert fps[0].buckets
    assert not fps[4].buckets


def test_a_fingerprints_facts_are_as_a_stored_lead_reads_them_back():
    """A fingerprint's facts are those a new lead stores and reads back (the JSON round trip, not made): the same
    values, every set iterating in the same order (the order keys are indexed and compared in)."""
    from triage.analyze import triage_post

    post = {"platform": "weibo", "post_id": "x", "title": None, "region": None, "url": None,
            "posted_at": "2026-10-05T09:00:00+08:00",
            "text": "小榄永宁村和埒西一村之间的宏达五金厂、金怡灯饰厂，拖欠我们38个工人九月十月两个月工资共46万，"
                    "老板失联，工友在翠湖湾花园三期门口拉横幅，包工头陈某不接电话。深圳、东莞的工友也来了。"}  # fmt: skip
    facts = dedupe.fingerprint(post["text"], triage_post(post, "wage_arrears"), post).facts
    stored = dedupe.CaseFacts.from_json(facts.to_json())
    assert facts == stored
    several = [v for v in vars(facts).values() if isinstance(v, set) and len(v) > 1]
    assert len(several) >= 4  # sets whose order matters
    for name, value in vars(stored).items():
        assert list(getattr(facts, name)) == list(value) if isinstance(value, set | dict) else True, name


@pytest.mark.parametrize(
    "copy",
    [
        f"转发微博：{ORIGINAL}",
        f"#根治欠薪# {ORIGINAL} 😡😡 @中山人社 http://t.cn/A6x",
        ORIGINAL[:45] + "…",  # truncated by the platform
        "古鎮曹一村的華耀燈飾廠，七月八月兩個月的工資到現在都沒發，我們23個工人加起來27萬。老闆說等訂單回款。#古鎮# #欠薪#",
        f"太过分了 //@古镇街坊: {ORIGINAL}",
    ],
)
def test_copies_join_the_original_lead_with_reason_and_score(db, copy):
    _run(db, [make_post(1, ORIGINAL), make_post(2, copy)])
    assert _lead_of(db, "1") == _lead_of(db, "2")
    reason, score = db.execute(
        "SELECT reason, score FROM lead_posts WHERE post_id = (SELECT id FROM posts WHERE post_id = '2')"
    ).fetchone()
    assert reason.startswith(("exact duplicate", "near-duplicate"))
    assert 0.8 <= score <= 1.0
    assert storage.get_lead(db, _lead_of(db, "1"))["post_count"] == 2


@pytest.mark.parametrize(
    "friend",
    [
        ORIGINAL.replace("曹一村的华耀", "海洲村的明辉")
        .replace("23个", "9个")
        .replace("27万", "5万4"),  # employer, place, amount
        ORIGINAL.replace("古镇曹一村", "横栏四沙村").replace(
            "#古镇#", "#横栏#"
        ),  # another town, same figures
        ORIGINAL.replace("27万", "31万"),  # same factory wording, another amount
        ORIGINAL.replace("华耀", "华辉"),  # another employer only
    ],
)
def test_false_friends_stay_apart(db, friend):
    _run(db, [make_post(1, ORIGINAL), make_post(2, friend)])
    assert _lead_of(db, "1") != _lead_of(db, "2")


def test_a_news_report_in_other_words_merges_when_the_facts_agree(db):
    post = "小榄永宁工业区一间锁具厂老板跑路了，厂里60个工人，两个月工资一共120万，今天早上返工发现大门锁了"
    news = ("小榄一锁具企业负责人失联 60名员工聚集讨薪 9月9日上午，小榄镇永宁社区一家锁具生产企业的60名员工返厂时"
            "发现厂门紧锁，企业拖欠其7、8月工资共约120万元。")  # fmt: skip
    other = news.replace("60名", "25名").replace("120万", "40万").replace("60名员工聚集", "25名员工聚集")
    _run(db, [make_post(1, post), make_post(2, news), make_post(3, other)])
    assert _lead_of(db, "1") == _lead_of(db, "2") != _lead_of(db, "3")
    reason, score = db.execute(
        "SELECT reason, score FROM lead_posts WHERE post_id = (SELECT id FROM posts WHERE post_id = '2')"
    ).fetchone()
    assert reason.startswith("same case: 小榄镇")
    assert "永宁" in reason
    assert 0.5 < score < 1


def test_a_reply_in_the_same_tieba_thread_joins_its_lead(db):
    floor1 = make_post(1, "小榄泰丰工业区五金厂老细走佬，四十几个工友两个月冇出粮，八十几万", platform="tieba",
                       url="https://tieba.baidu.com/p/9001?pid=1#1")  # fmt: skip
    reply = make_post(2, "同厂+1，我同老婆两公婆都喺度做，两个人欠咗三万几", platform="tieba",
                      url="https://tieba.baidu.com/p/9001?pid=2#2")  # fmt: skip
    elsewhere = make_post(3, "同厂+1，我哋车间都冇出粮", platform="tieba",
                          url="https://tieba.baidu.com/p/9002?pid=3#3", post_id="3b")  # fmt: skip
    _run(db, [floor1, reply, elsewhere])
    assert _lead_of(db, "1") == _lead_of(db, "2")
    assert "same thread" in db.execute("SELECT reason FROM lead_posts WHERE post_id = 2").fetchone()[0]
    assert _lead_of(db, "3b") != _lead_of(db, "1")


def test_a_new_post_about_a_closed_lead_reopens_and_flags_it(db):
    _run(db, [make_post(1, ORIGINAL)])
    lead_id = _lead_of(db, "1")
    storage.update_lead(db, lead_id, {"status": "closed", "closed_at": "2026-11-01T10:00:00+08:00"})
    _run(db, [make_post(2, f"又来了！{ORIGINAL}", reposts=40)])
    lead = storage.get_lead(db, lead_id)
    assert (lead["status"], lead["reappeared_after_closing"], lead["reopen_count"]) == ("reopened", 1, 1)
    assert lead["closed_at"] is None
    assert lead["heat"] > 10
    event = [e for e in storage.lead_events(db, lead_id) if e["action"] == "reopened"][-1]
    assert (event["from_state"], event["to_state"], event["who"]) == ("closed", "reopened", "pipeline")
    assert "结案后再次出现" in event["note"]


def test_an_open_lead_gains_heat_and_a_collective_action_raises_it_to_p1(db):
    _run(
        db, [make_post(1, "坦洲金斗湾工地包工头刘某拖欠我们8个泥水工工钱，一共6万，刘某说等甲方", reposts=0)]
    )
    lead_id = _lead_of(db, "1")
    assert storage.get_lead(db, lead_id)["priority"] == "P2"
    _run(
        db,
        [
            make_post(
                2, "坦洲金斗湾工地包工头刘某欠我们8个泥水工6万工钱，今天我们去工地门口拉横幅了", reposts=50
            )
        ],
    )
    lead = storage.get_lead(db, lead_id)
    assert _lead_of(db, "2") == lead_id
    assert lead["priority"] == "P1"
    assert lead["group_incident"] == 1
    assert lead["post_count"] == 2
    actions = [e["action"] for e in storage.lead_events(db, lead_id)]
    assert actions.count("alert") == 1
    assert "priority" in actions


def test_a_crowded_bucket_does_not_slow_the_lookup(db):
    storage.dedup.add_buckets(db, 1, 1, [42])
    for post_id in range(2, 600):
        storage.dedup.add_buckets(db, post_id, post_id, [42])
    candidates = storage.dedup.bucket_candidates(db, [42, 43])
    assert len(candidates) == 20
    assert candidates[0]["post_id"] == 599


def test_the_index_can_be_rebuilt_from_storage(db):
    _run(
        db,
        [
            make_post(1, ORIGINAL),
            make_post(2, f"转发微博：{ORIGINAL}"),
            make_post(3, "三乡雍陌村家具厂7个油漆工两个月4万2没发"),
        ],
    )
    before = storage.dedup.index_size(db)
    counts = rebuild_index(db)
    assert counts == {"posts": 3, "leads": 2}
    assert storage.dedup.index_size(db)["lead_keys"] == before["lead_keys"]
    _run(db, [make_post(4, ORIGINAL[:50] + "…")])
    assert _lead_of(db, "4") == _lead_of(db, "1")


def test_other_labor_and_wage_leads_do_not_merge_on_facts(db):
    wage = "小榄永宁五金厂拖欠我们30个工人两个月工资，一共36万"
    social = "小榄永宁五金厂30个工人的社保一直没交，一共欠了36万社保"
    _run(db, [make_post(1, wage), make_post(2, social)], labels={"社保": "other_labor"})
    assert _lead_of(db, "1") != _lead_of(db, "2")


def test_a_later_post_that_names_the_town_takes_the_lead_out_of_the_unassigned_queue(db):
    _run(db, [make_post(1, "老板欠了我们5个人三个月工资3万，电话不接，微信拉黑，求助各位")])
    lead_id = _lead_of(db, "1")
    assert (storage.get_lead(db, lead_id)["district"], storage.get_lead(db, lead_id)["queue"]) == (
        None,
        "unassigned",
    )
    _run(
        db, [make_post(2, "坦洲镇十四村那边的：老板欠了我们5个人三个月工资3万，电话不接，微信拉黑，求助各位")]
    )
    lead = storage.get_lead(db, lead_id)
    assert _lead_of(db, "2") == lead_id
    assert (lead["district"], lead["queue"]) == ("坦洲镇", "wage")
    assert "坦洲" in lead["district_reason"]
