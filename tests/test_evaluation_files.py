"""``wagewatch leads evaluate FILE`` and ``wagewatch classifier evaluate --file FILE`` (#11): any
labelled JSONL in the analyze schema plus truth fields is scored, and a bad file is refused with the
lines named."""

from __future__ import annotations

import json

import cli

POSTS = [
    {"id": "a1", "text": "坦洲金斗湾工地包工头刘某拖欠我们14个泥水工16万8，三个月没发", "platform": "weibo",
     "posted_at": "2026-09-03T20:11:00+08:00", "label": "wage_arrears", "case": "C1", "district": "坦洲镇",
     "workers": 14, "amount_yuan": 168000, "months_unpaid": 3, "group_incident": False, "lang": "mandarin"},
    {"id": "a2", "text": "转发微博：坦洲金斗湾工地包工头刘某拖欠我们14个泥水工16万8，三个月没发", "platform": "weibo",
     "posted_at": "2026-09-03T22:11:00+08:00", "label": "wage_arrears", "case": "C1", "district": "坦洲镇",
     "workers": 14, "amount_yuan": 168000, "months_unpaid": 3, "group_incident": False},
    {"id": "a3", "text": "小榄永宁工业区一间锁具厂老板跑路了，60个工人两个月工资一共120万，大家去镇政府拉横幅了",
     "platform": "tieba", "posted_at": "2026-09-05T10:00:00+08:00", "label": "wage_arrears", "case": "C2",
     "district": "小榄镇", "workers": 60, "amount_yuan": 1200000, "months_unpaid": 2, "group_incident": True},
    {"id": "n1", "text": "根治欠薪冬季专项行动启动，市人社局公布举报电话", "platform": "news",
     "posted_at": "2026-09-06T10:00:00+08:00", "label": "irrelevant", "hard_negative": True,
     "neg_type": "publicity", "district": None},
]  # fmt: skip


def write(tmp_path, rows, friends: str | None = None):
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if friends is not None:
        (tmp_path / "false_friends.tsv").write_text(friends, encoding="utf-8")
    return path


def test_leads_evaluate_scores_a_labelled_file(runner, tmp_path):
    path = write(tmp_path, POSTS, "case_a\tcase_b\twhat differs\nC1\tC2\tother town\n")
    result = runner.invoke(cli.main, ["leads", "evaluate", str(path), "--json"])
    figures = json.loads(result.output)
    assert figures["posts"] == 4
    assert figures["lead_posts"] == 3
    assert figures["duplicate_groups"] == 1
    assert figures["false_friend_pairs"] == 1
    assert figures["pair_tp"] == 1  # the repost joined its original
    assert figures["pair_fp"] == 0
    assert figures["false_friend_merges"] == 0
    assert figures["district"] == 1.0
    assert figures["workers"] == 1.0
    assert figures["amount"] == 1.0
    assert result.exit_code == 0


def test_leads_evaluate_lists_misses_and_fails_below_target(runner, tmp_path):
    wrong = [dict(POSTS[2], district="坦洲镇"), *POSTS[:2]]
    path = write(tmp_path, wrong)
    result = runner.invoke(cli.main, ["leads", "evaluate", str(path), "--errors"])
    assert result.exit_code == 1
    assert "district accuracy" in result.output
    assert "[district] a3: got 小榄镇 want 坦洲镇" in result.output


def test_a_post_triage_fails_on_is_counted_and_said(runner, tmp_path, monkeypatch):
    """A post that triage raises on is set aside by the pipeline; the evaluation says so instead of quietly
    scoring it as a miss. (The fault is forced: no text is known to make triage raise.)"""
    import triage.analyze

    real = triage.analyze.triage_post

    def fails_on_a3(post, label, rules=None):
        if "锁具厂" in post["text"]:
            raise ValueError("forced")
        return real(post, label, rules)

    monkeypatch.setattr("preparing.triage_post", fails_on_a3)
    path = write(tmp_path, POSTS)
    result = runner.invoke(cli.main, ["leads", "evaluate", str(path), "--json"])
    assert json.loads(result.output)["failed_posts"] == 1
    result = runner.invoke(cli.main, ["leads", "evaluate", str(path), "--errors"])
    assert "1 post(s) FAILED in triage" in result.output
    assert "[failed] a3: triage failed" in result.output


def test_end_to_end_lets_the_classifier_decide(runner, tmp_path):
    path = write(tmp_path, POSTS)
    result = runner.invoke(cli.main, ["leads", "evaluate", str(path), "--end-to-end", "--json"])
    figures = json.loads(result.output)
    assert figures["lead_posts"] == 3
    assert figures["leads_created"] >= 2


def test_classifier_evaluate_on_a_labelled_file(runner, tmp_path):
    path = write(tmp_path, POSTS)
    result = runner.invoke(
        cli.main, ["classifier", "evaluate", "--file", str(path), "--model", "rules", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["examples"] == 4
    assert report["hard_negatives"] == 1
    assert set(report["hard_negatives_by_type"]) == {"publicity"}
    assert report["per_label"]["wage_arrears"]["support"] == 3


def test_measuring_a_file_shows_no_post_text_unless_asked(runner, tmp_path):
    """A blind set measured once must not show its posts to whoever measures it: the misses are
    counted, and listed with their text only with --worst N."""
    wrong = [{**POSTS[3], "label": "wage_arrears"}, *POSTS[:3]]  # the rules call the publicity post no lead
    path = write(tmp_path, wrong)
    quiet = runner.invoke(cli.main, ["classifier", "evaluate", "--file", str(path), "--model", "rules"])
    assert quiet.exit_code == 0, quiet.output
    assert "errors: " in quiet.output
    assert "--worst N" in quiet.output
    assert "根治欠薪冬季专项行动" not in quiet.output
    listed = runner.invoke(
        cli.main, ["classifier", "evaluate", "--file", str(path), "--model", "rules", "--worst", "2"]
    )
    assert "根治欠薪冬季专项行动" in listed.output


def test_a_bad_labelled_file_is_refused_with_its_lines(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"id": "x", "text": "欠薪", "label": "spam"}, ensure_ascii=False) + "\n{not json\n",
        encoding="utf-8",
    )
    for args in (["leads", "evaluate", str(path)], ["classifier", "evaluate", "--file", str(path)]):
        result = runner.invoke(cli.main, args)
        assert result.exit_code == 1
        assert "2 bad line(s)" in result.output
        assert "bad.jsonl:1: label must be one of" in result.output
        assert "bad.jsonl:2: invalid JSON" in result.output
        assert "Traceback" not in result.output
