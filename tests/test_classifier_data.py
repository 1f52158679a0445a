"""The corpus loader, corrections and the leak-proof splits (#3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from classifier.base import LABELS
from classifier.data import (
    Example,
    feedback_examples,
    leaks,
    load_background,
    load_corpus,
    load_holdout,
    load_splits,
    make_splits,
    near_duplicates,
    read_splits,
    write_splits,
)


def _line(i: int, text: str, label: str, story: str) -> str:
    record = {
        "id": f"T-{i:04d}",
        "text": text,
        "label": label,
        "story": story,
        "kind": "weibo",
        "lang": "mandarin",
        "hard_negative": False,
        "neg_type": None,
        "district": None,
        "sector": None,
    }
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture
def corpus(tmp_path):
    lines = [
        _line(1, "坦洲镇工地包工头拖欠我们二十个工友三个月工资", "wage_arrears", "T-s1"),
        _line(2, "转发：坦洲镇工地包工头拖欠我们二十个工友三个月工资！！", "wage_arrears", "T-s1b"),
        _line(3, "小榄五金厂老细走佬，成个厂冇出粮", "wage_arrears", "T-s2"),
        _line(4, "急招普工，包吃住，工资月结不拖欠", "irrelevant", "T-s3"),
        _line(5, "公司不给我们交社保", "other_labor", "T-s4"),
    ]
    (tmp_path / "part_t.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_corrections_are_applied_and_checked(corpus, tmp_path):
    fixes = tmp_path / "corrections.tsv"
    fixes.write_text("id\told\tnew\twhy\nT-0005\tother_labor\tirrelevant\ttest\n", encoding="utf-8")
    examples = {e.id: e for e in load_corpus(corpus, fixes)}
    assert examples["T-0005"].label == "irrelevant"
    fixes.write_text(
        "id\told\tnew\twhy\nT-0005\twage_arrears\tirrelevant\twrong old label\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="not wage_arrears"):
        load_corpus(corpus, fixes)


def test_near_duplicate_rewordings_are_found_and_kept_in_one_split(corpus, tmp_path):
    examples = load_corpus(corpus, tmp_path / "none.tsv")
    assert (0, 1) in near_duplicates([e.text for e in examples])
    splits = make_splits(examples, seed=1)
    where = {i: name for name, ids in splits.items() for i in ids}
    assert where["T-0001"] == where["T-0002"]  # different story ids, same case: never split apart
    assert leaks(examples, splits) == []


def test_leaks_reports_a_story_across_splits(corpus, tmp_path):
    examples = load_corpus(corpus, tmp_path / "none.tsv")
    bad = {"train": ["T-0001", "T-0003", "T-0004"], "dev": ["T-0002"], "test": ["T-0005"]}
    assert any(problem[-1] == "near-duplicate text" for problem in leaks(examples, bad))


def test_splits_file_round_trip_and_refuses_unplaced_examples(corpus, tmp_path):
    examples = load_corpus(corpus, tmp_path / "none.tsv")
    splits = make_splits(examples)
    path = tmp_path / "splits.json"
    write_splits(splits, examples, path)
    again = read_splits(examples, path)
    assert sorted(e.id for part in again.values() for e in part) == sorted(e.id for e in examples)
    extra = Example(id="T-0099", text="新的一条", label="irrelevant", story="T-s99")
    with pytest.raises(ValueError, match="python -m classifier.data"):
        read_splits([*examples, extra], path)


def test_the_shipped_splits_cover_the_corpus_without_leaks():
    splits = load_splits()
    examples = [e for part in splits.values() for e in part]
    assert len(examples) >= 3000
    assert {e.label for e in splits["test"]} == set(LABELS)
    stories = {name: {e.story for e in part} for name, part in splits.items()}
    assert not stories["train"] & stories["test"]
    assert not stories["dev"] & stories["test"]
    assert not stories["train"] & stories["dev"]


def test_feedback_that_copies_a_held_out_post_is_left_out():
    held_out = [
        Example(id="x", text="坦洲镇工地包工头拖欠我们二十个工友三个月工资", label="wage_arrears", story="s")
    ]
    rows = [
        {"post_id": 1, "label": "wage_arrears", "text": "转发 坦洲镇工地包工头拖欠我们二十个工友三个月工资"},
        {"post_id": 2, "label": "irrelevant", "text": "招聘保安，工资月结"},
    ]
    kept = feedback_examples(rows, held_out)
    assert [e.id for e in kept] == ["feedback:2"]
    assert kept[0].source == "feedback"


def test_background_negatives_carry_no_labour_vocabulary():
    background = load_background()
    assert len(background) >= 3000
    assert {e.label for e in background} == {"irrelevant"}
    vocabulary = re.compile(
        "欠薪|工资|工钱|讨薪|拖欠|出粮|人工|血汗钱|劳务费|老板|打工|上班|工人|包工头|社保|加班|辞退|老细"
    )
    assert not [e.text for e in background if vocabulary.search(e.text)]
    assert len(load_background(limit=10)) == 10


def test_the_holdout_posts_are_valid_and_share_nothing_with_the_corpus():
    holdout, corpus = load_holdout(), load_corpus()
    assert len(holdout) >= 300
    assert {e.label for e in holdout} == set(LABELS)
    assert not {e.id for e in holdout} & {e.id for e in corpus}
    texts = [e.text for e in corpus] + [e.text for e in holdout]
    crossing = [(a, b) for a, b in near_duplicates(texts) if (a < len(corpus)) != (b < len(corpus))]
    assert crossing == []


# Public sayings both writers met on their own (the 12345/12333 hotline slogan, the 打工人 meme): shared words,
# not a leak of one set into the other. Sets B and C were written after the corpus, by writers who never saw it.
COMMON_SAYINGS = {"#根治欠薪# 遇到欠薪请拨打12345或12333", "打工人，打工魂，打工都是人上人"}


@pytest.mark.parametrize(
    ("folder", "at_least"),
    [
        ("realworld", 300),
        ("realworld-b", 200),
        ("realworld-c", 190),
        ("realworld-d", 350),
        ("realworld-e", 360),
    ],
)
def test_no_real_text_evaluation_post_near_duplicates_a_corpus_post(folder, at_least):
    # eval/realworld* measure the models on posts rewritten from real pages (#11); a corpus post that
    # copies or closely paraphrases one of them would turn the measurement into a memory test
    path = Path(__file__).resolve().parent.parent / "eval" / folder / "posts.jsonl"
    real = [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(real) >= at_least
    corpus = [e.text for e in load_corpus()] + [e.text for e in load_holdout()]
    crossing = [
        (corpus[a][:40], real[b - len(corpus)][:40])
        for a, b in near_duplicates(corpus + real)
        if a < len(corpus) <= b and real[b - len(corpus)] not in COMMON_SAYINGS
    ]
    assert crossing == []
