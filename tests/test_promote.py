"""(issue 11, round 16) A post the classifier scored just under its lead threshold becomes a wage-arrears lead when
triage finds a wage figure in it; the officers see why; nothing else changes."""

from __future__ import annotations

import json
import subprocess
import sys

import pipeline
import storage
from classifier.base import Prediction
from tests.conftest import make_post
from triage import promote
from triage.priority import load_rules, with_p1_thresholds

FIGURED = "坦洲镇那间制衣厂拖了我们8个人两个月人工，问老板就话等下个月"
BARE = "坦洲镇那间制衣厂老板最近成日唔见人，问佢咩事都话等下个月"
# an official reply that tells an unresolved case (round 17): the model scores such replies like publicity
OWED = ("【答复】关于民众街道某桥梁工程拖欠工资问题，经查该项目负责人拖欠28名农民工工资35万元，已下达限期改正指令书，"
        "其逾期仍未支付，负责人下落不明，案件已移送公安机关。")  # fmt: skip
# news of a case settled: the look-alike DOMAIN.md names
PAID = "好消息！东凤镇一家小家电厂拖欠的32名工人工资46万元，经镇劳动监察中队协调，今天已全额发放，工人们终于拿到了血汗钱。"


class _Scores:
    """A model that calls every post ``label`` with the given wage-arrears probability."""

    version = "stub"

    def __init__(self, score: float, label: str = "irrelevant"):
        self.score, self.label = score, label

    def predict(self, texts, explain=False):
        texts = [texts] if isinstance(texts, str) else texts
        return [Prediction(self.label, self.score, {self.label: 1 - self.score, "wage_arrears": self.score}, [],
                           "stub") for _ in texts]  # fmt: skip


def _pass(db, model, *texts):
    storage.upsert_posts(db, [make_post(i, text) for i, text in enumerate(texts, 1)])
    stats = pipeline.run_pass(db, classifier=model)
    rows = db.execute("SELECT p.text, a.label, a.explanation FROM posts p JOIN post_analysis a ON a.post_id = p.id "
                      "ORDER BY p.id").fetchall()  # fmt: skip
    return stats, {text: (label, explanation) for text, label, explanation in rows}


def test_a_near_miss_that_names_a_wage_figure_becomes_a_lead_and_says_why(db):
    stats, rows = _pass(db, _Scores(0.55), FIGURED, BARE)
    assert stats["new_leads"] == 1
    label, explanation = rows[FIGURED]
    assert label == "wage_arrears"
    assert "0.55" in explanation
    assert "8人" in explanation
    assert "2个月" in explanation
    assert rows[BARE][0] == "irrelevant"  # no figure: the model's word stands
    lead = storage.list_leads(db)[0]
    assert (lead["district"], lead["workers"], lead["months_unpaid"]) == ("坦洲镇", 8, 2)


def test_a_post_scored_far_below_or_called_other_labor_is_left_as_the_model_called_it(db):
    stats, rows = _pass(db, _Scores(0.3), FIGURED)
    assert rows[FIGURED][0] == "irrelevant"
    assert not stats.get("new_leads")
    assert not promote.promoted(_Scores(0.6, "other_labor").predict(FIGURED)[0], {"workers": 8}, FIGURED)


def test_the_rule_is_data_min_score_1_turns_it_off_and_surge_keeps_it():
    prediction = _Scores(0.55).predict(FIGURED)[0]
    assert promote.promoted(prediction, {"amount_yuan": 5000.0}, FIGURED)
    assert not promote.promoted(
        prediction, {"amount_yuan": 5000.0}, FIGURED, {**load_rules(), "promote": {"min_score": 1}}
    )
    # min_score = 1 turns off the promotion of owed stories too
    owed = _Scores(0.2).predict(OWED)[0]
    assert not promote.promoted(owed, {"workers": 28}, OWED, {**load_rules(), "promote": {"min_score": 1,
                                                                                         "owed_min_score": 0.1}})  # fmt: skip
    # without owed_min_score, an owed story needs min_score like any other
    assert not promote.promoted(owed, {"workers": 28}, OWED, {**load_rules(), "promote": {"min_score": 0.5}})
    assert promote.min_score(with_p1_thresholds(10, 300000)) == promote.min_score()
    assert promote.min_score({"p1": {}}) is None  # rules without the section: off


def test_classifier_evaluate_pipeline_measures_the_decision_a_pass_makes(tmp_path):
    lines = [
        {"id": "a", "text": FIGURED, "label": "wage_arrears"},
        {"id": "b", "text": "今日天气好好，去岐江公园行下", "label": "irrelevant"},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    model = _Scores(0.55)
    wrapped = promote.Promoting(model).predict([x["text"] for x in lines])
    assert [p.label for p in wrapped] == ["wage_arrears", "irrelevant"]
    out = subprocess.run([sys.executable, "-m", "cli", "classifier", "evaluate", "--file", str(path), "--pipeline",
                          "--json"], capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(out.stdout)["examples"] == 2


def test_the_lead_page_shows_why_a_post_was_promoted(client, auth, web):
    database = storage.open_db(web[0])
    storage.upsert_posts(database, [make_post(900, FIGURED)])
    pipeline.run_pass(database, classifier=_Scores(0.55))
    lead_id = database.execute("SELECT lead_id FROM lead_posts lp JOIN posts p ON p.id = lp.post_id "
                               "WHERE p.post_id = ?", ["900"]).fetchone()[0]  # fmt: skip
    database.close()
    auth.login()
    page = client.get(f"/leads/{lead_id}").get_data(as_text=True)
    assert "依据：模型分数0.55略低于线索阈值，但写明欠薪数字（8人、2个月）" in page


def _owed_floor(monkeypatch, floor=0.1):
    rules = load_rules()
    monkeypatch.setattr(
        promote, "load_rules", lambda: {**rules, "promote": {**rules["promote"], "owed_min_score": floor}}
    )


def test_an_owed_story_is_held_to_min_score_unless_the_operator_sets_owed_min_score(db):
    _, rows = _pass(db, _Scores(0.2), OWED)
    assert rows[OWED][0] == "irrelevant"  # the shipped rules: off (it did not carry to the blind sets)


def test_with_owed_min_score_a_reply_that_says_the_pay_is_still_owed_is_promoted_and_says_so(db, monkeypatch):
    _owed_floor(monkeypatch)
    stats, rows = _pass(db, _Scores(0.2), OWED)
    label, explanation = rows[OWED]
    assert label == "wage_arrears"
    assert "且写明仍未支付（逾期仍未支付、下落不明）" in explanation
    assert stats["new_leads"] == 1
    assert storage.list_leads(db)[0]["workers"] == 28


def test_an_owed_story_scored_below_the_owed_floor_stays_as_the_model_called_it(db, monkeypatch):
    _owed_floor(monkeypatch)
    _, rows = _pass(db, _Scores(0.05), OWED)
    assert rows[OWED][0] == "irrelevant"


def test_news_that_the_pay_was_handed_over_is_never_promoted(db):
    stats, rows = _pass(db, _Scores(0.6), PAID, FIGURED)
    assert rows[PAID][0] == "irrelevant"  # 32 workers and an amount, but settled: a look-alike
    assert rows[FIGURED][0] == "wage_arrears"  # the same score, not settled: promoted
    assert stats["new_leads"] == 1
