"""Issue 11, round 10b (dm10): one worker hurt, told of in the third person, is 1 (the convention of
evaluation/labelled.py); a bare first person stays uncounted. Invented examples (no sentence, name or figure of
the demo, the phrasings sets or an evaluation set)."""

from __future__ import annotations

import pytest

from triage.extract import extract_facts

POSTED = "2026-03-10T09:00:00+08:00"


def workers(text: str) -> int | None:
    return extract_facts(text, POSTED).workers


@pytest.mark.parametrize(
    "text",
    [
        "板芙一间家具厂，工友在木料堆上摔下来，厂里不肯报工伤，叫他自己出医药费",  # 摔下: a fall
        "送快递的小哥在路口被货车撞伤，站点说他是外包的，不关公司事",  # 撞伤: hit by a vehicle
        "仓库同事被叉车撞伤了脚，主管说是她自己走错通道，工伤一直不给报",
        # 非本人主要责任 is the one hurt, in a lawyer's words, not the poster
        "横栏灯饰厂工人下班途中受伤，家属申请工伤认定被拒，律师说只要非本人主要责任就应认定",
    ],
)
def test_one_worker_hurt_told_of_in_the_third_person_is_one(text):
    assert workers(text) == 1


@pytest.mark.parametrize(
    "text",
    [
        "我从脚手架上摔下来，老板说不关他的事，工伤也不给报",
        "本人在厂里被叉车撞伤，公司不肯申请工伤，请问怎么办",
    ],
)
def test_a_bare_first_person_hurt_counts_no_one(text):
    assert workers(text) is None
