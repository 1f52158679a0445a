"""``wagewatch leads export-labels`` (#11): what officers decided comes out as a labelled set that
``leads evaluate --file`` and ``classifier evaluate --file`` read; nothing the machine concluded is
written as truth, and what no officer looked at is left out and counted."""

from __future__ import annotations

import json
import math
import time

import pytest

import cli

POSTS = [
    {"id": "p1", "platform": "weibo", "posted_at": "2026-11-02T09:00:00+08:00", "url": "https://m.weibo.cn/detail/1",
     "text": "坦洲镇金斗湾工地包工头刘某拖欠我们14个泥水工16万8，三个月没发，联系电话13800001234"},
    {"id": "p2", "platform": "weibo", "posted_at": "2026-11-02T11:00:00+08:00",
     "text": "转发：坦洲金斗湾工地14个泥水工被拖欠16万8工资，包工头刘某跑了"},
    {"id": "p3", "platform": "tieba", "posted_at": "2026-11-05T10:00:00+08:00",
     "text": "小榄永宁工业区一间锁具厂老板跑路了，60个工人两个月工资一共120万，大家去镇政府拉横幅了"},
    {"id": "p4", "platform": "tieba", "posted_at": "2026-11-06T10:00:00+08:00",
     "text": "永宁那间锁厂的老板跑路，六十个工友两个月人工冇发，一共一百二十万"},
    {"id": "p5", "platform": "weibo", "posted_at": "2026-11-07T10:00:00+08:00",
     "text": "根治欠薪冬季专项行动启动，市人社局公布举报电话，欠薪可拨打12345"},
    {"id": "p6", "platform": "weibo", "posted_at": "2026-11-08T10:00:00+08:00", "text": "今日天气晴朗，中山石岐步行街人很多"},
    {"id": "p7", "platform": "weibo", "posted_at": "2026-11-09T10:00:00+08:00",
     "text": "古镇灯饰厂拖欠我们8个工人三个月工资共9万元，老板不接电话"},
    {"id": "p8", "platform": "douyin", "posted_at": "2026-11-20T10:00:00+08:00",
     "text": "我老公在灯饰厂做了半年，厂里说资金紧张，工资一直拖着不给，我们该找谁"},
]  # fmt: skip


@pytest.fixture
def intake(tmp_path, runner, db_path):
    """The posts ingested into a real SQLite file; ``run`` calls the CLI on it."""

    def run(*args: str, ok: bool = True):
        result = runner.invoke(cli.main, ["--db", str(db_path), *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    src = tmp_path / "posts.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTS), encoding="utf-8")
    run("ingest", str(src))
    return run


def lead_of(run, post_id: str) -> int:
    listed = [json.loads(line) for line in run("leads", "list", "--json").output.splitlines()]
    for lead in listed:
        shown = json.loads(run("leads", "show", str(lead["id"]), "--json").output)
        if post_id in [p["post_id"] for p in shown["posts"]]:
            return lead["id"]
    raise AssertionError(f"post {post_id} is in no lead")


def database_id(run, lead_id: int, post_id: str) -> int:
    shown = json.loads(run("leads", "show", str(lead_id), "--json").output)
    return next(p["id"] for p in shown["posts"] if p["post_id"] == post_id)


def exported(path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["id"].split(":")[1]: r for r in map(json.loads, lines)}


def test_officers_decisions_come_out_as_a_labelled_set_the_evaluators_read(intake, tmp_path):
    run = intake
    by = ("--by", "li.wei")
    tanzhou, xiaolan, guzhen = lead_of(run, "p1"), lead_of(run, "p3"), lead_of(run, "p7")
    # the machine put p1 and p2 together and p3 with p4; the two 灯饰厂 posts it left apart
    assert lead_of(run, "p2") == tanzhou
    assert lead_of(run, "p4") == xiaolan
    other = lead_of(run, "p8")
    assert other != guzhen

    run("leads", "confirm", str(tanzhou), *by)
    run("leads", "split", str(tanzhou), str(database_id(run, tanzhou, "p2")), *by, "--note", "另一工地")
    run("leads", "merge", str(guzhen), str(other), *by, "--note", "同一灯饰厂")
    run("leads", "confirm", str(guzhen), *by)
    run("leads", "district", str(guzhen), "横栏镇", *by, "--reason", "厂在横栏")
    run("leads", "dismiss", str(xiaolan), "--label", "irrelevant", *by, "--note", "旧闻重发")

    out = tmp_path / "officers.jsonl"
    summary = run("leads", "export-labels", str(out)).output
    rows = exported(out)

    assert set(rows) == {"p1", "p2", "p3", "p4", "p7", "p8"}  # p5, p6: no officer saw them
    assert "wrote 6 of 8 posts" in summary
    assert "left out: 2 (no officer decision 2); --include-unreviewed" in summary
    assert rows["p7"]["case"] == rows["p8"]["case"]  # merged by an officer: one case
    assert rows["p1"]["case"] != rows["p2"]["case"]  # split off: a case of its own
    assert rows["p3"]["label"] == rows["p4"]["label"] == "irrelevant"  # the dismissal's label
    assert "case" not in rows["p3"]
    assert rows["p7"]["district"] == rows["p8"]["district"] == "横栏镇"  # the officer's route wins
    assert rows["p7"]["truth"]["district"] == "routed"
    assert rows["p1"]["district"] == "坦洲镇"
    assert rows["p1"]["truth"]["district"] == "confirmed"
    assert "district" not in rows["p2"]
    assert "district" in rows["p2"]["unlabelled"]
    assert "138****1234" in rows["p1"]["text"]
    assert "13800001234" not in out.read_text(encoding="utf-8")
    for row in rows.values():  # never the machine's own facts as truth
        assert not {"workers", "amount_yuan", "months_unpaid", "group_incident"} & set(row)
        assert {"workers", "amount_yuan", "months_unpaid", "group_incident"} <= set(row["unlabelled"])

    triage = json.loads(run("leads", "evaluate", str(out), "--json", ok=False).output)
    assert triage["posts"] == 6
    assert triage["lead_posts"] == 4
    assert triage["cases"] == 3
    assert triage["pair_tp"] + triage["pair_fn"] == 1  # the one pair officers put together: p7 + p8
    assert triage["unlabelled"] == {"amount_yuan": 6, "district": 3, "group_incident": 6, "months_unpaid": 6,
                                    "workers": 6}  # fmt: skip
    assert math.isnan(triage["workers"])  # not scored, rather than scored against "not stated"
    shown = run("leads", "evaluate", str(out), ok=False).output
    assert "workers exact                 -  target ≥ 95%  not scored" in shown

    classifier = run("classifier", "evaluate", "--file", str(out), "--model", "rules", "--json").output
    report = json.loads(classifier)
    assert report["examples"] == 6
    assert report["per_label"]["irrelevant"]["support"] == 2
    assert report["per_label"]["wage_arrears"]["support"] == 4


def test_what_no_officer_looked_at_is_left_out_or_written_without_truth(intake, tmp_path):
    run = intake
    tanzhou, xiaolan, guzhen = lead_of(run, "p1"), lead_of(run, "p3"), lead_of(run, "p7")
    run("leads", "assign", str(guzhen), "zhang.san", "--by", "duty")  # dispatching is not reviewing
    run("leads", "note", str(xiaolan), "已电话联系投诉人", "--by", "li.wei")  # read, but no label given
    run("leads", "confirm", str(tanzhou), "--by", "li.wei")
    time.sleep(1.1)  # the ledger and the lead's posts are stamped to the second
    later = tmp_path / "later.jsonl"
    repost = {**POSTS[0], "id": "p9", "posted_at": "2026-11-21T09:00:00+08:00",
              "text": "转发：" + POSTS[0]["text"].replace("13800001234", "")}  # fmt: skip
    later.write_text(json.dumps(repost, ensure_ascii=False) + "\n", encoding="utf-8")
    run("ingest", str(later))
    assert lead_of(run, "p9") == tanzhou  # the machine added it after the officer's look

    out = tmp_path / "officers.jsonl"
    summary = run("leads", "export-labels", str(out)).output
    assert set(exported(out)) == {"p1", "p2"}
    assert "joined its lead after the officer's last look 1" in summary
    assert "no officer decision 4" in summary  # the assigned 古镇 lead's posts among them
    assert "an officer acted on its lead but never confirmed or dismissed it 2" in summary

    everything = tmp_path / "all.jsonl"
    run("leads", "export-labels", str(everything), "--include-unreviewed", "--keep-phones")
    rows = exported(everything)
    assert len(rows) == 9
    assert rows["p9"]["label"] is None
    assert rows["p9"]["unreviewed"] == "joined its lead after the officer's last look"
    assert rows["p7"]["label"] is None
    assert "case" in rows["p7"]["unlabelled"]
    assert "13800001234" in rows["p1"]["text"]
    refused = run("leads", "evaluate", str(everything), ok=False)  # not scored until labelled by hand
    assert refused.exit_code == 1
    assert "label must be one of" in refused.output

    narrow = tmp_path / "narrow.jsonl"
    summary = run("leads", "export-labels", str(narrow), "--since", "2026-11-02", "--until", "2026-11-02",
                  "--district", "坦洲镇").output  # fmt: skip
    assert set(exported(narrow)) == {"p1", "p2"}
    assert "outside --since/--until 7" in summary
    bad = run("leads", "export-labels", str(narrow), "--district", "坦州", ok=False)
    assert bad.exit_code == 2
    assert "not one of the 23 镇街" in bad.output


def test_a_field_named_unlabelled_is_not_scored(runner, tmp_path):
    rows = [
        {"id": "a", "text": "坦洲金斗湾工地包工头刘某拖欠我们14个泥水工16万8，三个月没发", "label": "wage_arrears",
         "case": "C1", "district": "坦洲镇", "unlabelled": ["workers", "amount_yuan", "months_unpaid"]},
        {"id": "b", "text": "今日天气晴朗，中山石岐步行街人很多", "label": "irrelevant", "unlabelled": ["district"]},
    ]  # fmt: skip
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    figures = json.loads(runner.invoke(cli.main, ["leads", "evaluate", str(path), "--json"]).output)
    assert figures["district"] == 1.0  # b's district not scored (else the machine's 石岐 would miss null)
    assert math.isnan(figures["workers"])
    assert math.isnan(figures["amount"])

    path.write_text(
        json.dumps({**rows[1], "unlabelled": ["town"]}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    refused = runner.invoke(cli.main, ["leads", "evaluate", str(path)])
    assert refused.exit_code == 1
    assert "unlabelled must be a list of" in refused.output


def test_a_labelled_files_url_puts_a_forum_reply_in_its_thread_as_the_pipeline_does(tmp_path, runner):
    """A Tieba reply that names nothing ("同厂+1") joins its thread's lead in the pipeline through its URL;
    scored from a labelled file (an export carries each post's url) it must be judged the same way."""
    thread = "https://tieba.baidu.com/p/8800123456"
    lines = [
        {"id": "t1", "platform": "tieba", "posted_at": "2026-11-05T10:00:00+08:00", "url": thread,
         "text": "小榄永宁工业区一间锁具厂老板跑路了，60个工人两个月工资一共120万", "label": "wage_arrears",
         "case": "c1", "district": "小榄镇"},
        {"id": "t2", "platform": "tieba", "posted_at": "2026-11-05T11:00:00+08:00",
         "url": f"{thread}?pid=8800123999", "text": "同厂+1，我同老婆都喺度做", "label": "wage_arrears", "case": "c1",
         "district": "小榄镇", "district_of": "case",
         "unlabelled": ["workers", "amount_yuan", "months_unpaid", "group_incident"]},
    ]  # fmt: skip
    path = tmp_path / "thread.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    scored = runner.invoke(
        cli.main, ["--db", str(tmp_path / "x.db"), "leads", "evaluate", str(path), "--json"]
    )
    figures = json.loads(scored.output[scored.output.index("{") :])
    assert (figures["pair_tp"], figures["pair_fn"]) == (1, 0)
    # the reply names no place: as a case-level truth (officers route cases) it is scored by its lead's 镇街
    assert figures["district"] == 1.0
    post_level = tmp_path / "post.jsonl"
    post_level.write_text(
        "".join(json.dumps({k: v for k, v in line.items() if k != "district_of"}, ensure_ascii=False) + "\n"
                for line in lines), encoding="utf-8")  # fmt: skip
    scored = runner.invoke(
        cli.main, ["--db", str(tmp_path / "z.db"), "leads", "evaluate", str(post_level), "--json"]
    )
    assert json.loads(scored.output[scored.output.index("{") :])["district"] == 0.5
    without = tmp_path / "nourl.jsonl"
    without.write_text(
        "".join(
            json.dumps({k: v for k, v in line.items() if k != "url"}, ensure_ascii=False) + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )
    scored = runner.invoke(
        cli.main, ["--db", str(tmp_path / "y.db"), "leads", "evaluate", str(without), "--json"]
    )
    assert json.loads(scored.output[scored.output.index("{") :])["pair_fn"] == 1


def test_mergewhy_leaves_out_a_post_whose_case_no_one_labelled(tmp_path):
    """An export marks a post's case unknown (its lead took a machine merge after the officer's look); the cause
    table must not count it as a missed or a wrong pair of its own one-post case."""
    from evaluation import mergewhy
    from evaluation.replay import load_set

    base = {"platform": "weibo", "label": "wage_arrears", "district": "小榄镇"}
    lines = [
        {**base, "id": "m1", "posted_at": "2026-11-05T10:00:00+08:00", "case": "c1",
         "text": "小榄永宁工业区锁具厂老板跑路，60个工人两个月工资一共120万没发"},
        {**base, "id": "m2", "posted_at": "2026-11-05T12:00:00+08:00", "case": "c1",
         "text": "永宁那间锁具厂老板跑路了，六十个工人两个月工资120万"},
        {**base, "id": "m3", "posted_at": "2026-11-05T13:00:00+08:00", "unlabelled": ["case"],
         "text": "小榄永宁锁具厂60个工人被欠两个月工资120万，老板跑路"},
    ]  # fmt: skip
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    report = mergewhy.causes(load_set(path))
    assert all("m3" not in pair[:2] for pair in report["missed"] + report["wrong"])
    labelled = {
        **{k: v for k, v in lines[2].items() if k != "unlabelled"},
        "case": "c2",
    }  # labelled as another case, the same post is a wrong pair if merged
    other = tmp_path / "labelled.jsonl"
    other.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in [*lines[:2], labelled]),
                     encoding="utf-8")  # fmt: skip
    wrong = mergewhy.causes(load_set(other))["wrong"]
    assert any("m3" in pair[:2] for pair in wrong)
