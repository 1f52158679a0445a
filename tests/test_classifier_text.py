"""Text handling for the classifier (#3): OpenCC, emoji, the user dictionary, the char tokenizer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from classifier.text import clean, normalize, read_userdict, simplify, words

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("嗰間廠冇出糧", "嗰间厂冇出粮"),  # OpenCC alone turns 嗰 into 𠮶
        ("佢哋話喎", "佢哋话喎"),  # ... and 喎 into 㖞
        ("老細走佬，拖欠工資三個月", "老细走佬,拖欠工资三个月"),
    ],
)
def test_clean_simplifies_traditional_and_keeps_cantonese_characters(text, expected):
    assert clean(text) == expected


def test_clean_folds_width_drops_links_mentions_and_tidies_emoji():
    text = "＃中山欠薪＃ 老板ＧＺ不发！！！😡🏻😡😡 @中山人社 https://t.cn/abc"
    assert clean(text) == "中山欠薪 老板gz不发!😡"


def test_normalize_stays_stable_for_dedupe_keys():
    # triage's exact-duplicate keys are built on normalize(): no character conversion there
    assert normalize("老細冇出糧") == "老細冇出糧"
    assert simplify("老細冇出糧") == "老细冇出粮"


def test_user_dictionary_keeps_domain_words_whole():
    assert words("老細冇出糧兩個月")[:2] == ["老细", "冇出粮"]
    assert "包工头" in words("包工头跑路了")
    assert "坦洲镇" in words("坦洲镇某工地")


def test_user_dictionary_has_every_town_of_the_gazetteer():
    entries = {word for word, _freq, _tag in read_userdict()}
    with (ROOT / "triage" / "data" / "gazetteer.tsv").open(encoding="utf-8") as stream:
        rows = [
            r for r in csv.reader(stream, delimiter="\t") if r and not r[0].startswith("#") and r[0] != "name"
        ]
    towns = {row[1] for row in rows}
    assert len(towns) == 23
    assert towns <= entries
    for cantonese in ("老细", "冇出粮", "走佬", "人工", "出粮"):
        assert cantonese in entries


def test_char_tokenizer_keeps_chinese_characters():
    from classifier.pretrain import build_vocab, char_tokenizer

    vocab = build_vocab(["老细冇出粮", "拖欠工资gz"], min_count=1)
    tokenizer = char_tokenizer(vocab)
    tokens = tokenizer.tokenize("老细冇出粮 gz")
    assert tokens == ["老", "细", "冇", "出", "粮", "g", "##z"]
    assert tokenizer.unk_token_id not in tokenizer("拖欠工资")["input_ids"]
