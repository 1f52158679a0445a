"""The first classifier (keyword rules): complaints vs the look-alikes of DOMAIN.md."""

from __future__ import annotations

import pytest

from classifier import load_classifier


@pytest.fixture(scope="module")
def model():
    return load_classifier("rules")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("坦洲镇某工地老板拖欠我们二十多个工友三个月工资，求助！", "wage_arrears"),
        ("老细走佬，成个厂冇出粮两个月", "wage_arrears"),
        ("包工头跑路了，我们的血汗钱谁来还", "wage_arrears"),
        ("公司不给我们交社保，怎么办", "other_labor"),
        ("上班受了工伤，老板不认", "other_labor"),
        ("中山市人社局召开根治欠薪冬季专项行动部署会议", "irrelevant"),
        ("急招普工，包吃住，工资月结不拖欠", "irrelevant"),
        ("小榄一工厂拖欠工资，经劳动监察大队介入，已全部发放到位", "irrelevant"),
        ("老板欠我一个假期😂", "irrelevant"),
        ("健身房跑路了，会员卡退费无门", "irrelevant"),
    ],
)
def test_rule_labels(model, text, label):
    assert model.predict(text)[0].label == label


def test_prediction_explains_itself_and_names_its_version(model):
    prediction = model.predict(["老细走佬，成个厂冇出粮两个月"])[0]
    assert prediction.model_version.startswith("rules-")
    assert any("冇出粮" in reason for reason in prediction.explanation)
    assert abs(sum(prediction.probabilities.values()) - 1) < 1e-3
