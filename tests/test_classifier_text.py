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


def test_user_dictionary_has_every_village_and_community_of_the_gazetteer():
    entries = {word for word, _freq, tag in read_userdict() if tag == "ns"}
    with (ROOT / "triage" / "data" / "gazetteer.tsv").open(encoding="utf-8") as stream:
        rows = [r for r in csv.reader(stream, delimiter="\t") if r and not r[0].startswith("#")]
    full_names = {r[0] for r in rows[1:] if r[2] in ("村", "社区") and r[0].endswith(("村", "社区"))}
    missing = sorted(full_names - entries)
    assert not missing, f"{missing[:5]}: run `python -m classifier.userdict` and retrain the models"


def test_refreshing_the_user_dictionary_keeps_the_head_and_old_tags(tmp_path):
    from classifier.text import mask_places
    from classifier.userdict import refreshed

    userdict = tmp_path / "userdict.txt"
    userdict.write_text("# head\n老细\n讨薪\n# ---- places: old\n彩虹 nsx\n中山 ns\n", encoding="utf-8")
    gazetteer = tmp_path / "gazetteer.tsv"
    gazetteer.write_text(
        "# comment\nname\ttown\tkind\tcontext\tsource\n"
        "彩虹社区\t西区街道\t社区\tno\tx\n彩虹\t西区街道\t社区\tyes\tx\n"
        "曹一村\t民众街道\t村\tno\tx\n曹一\t民众街道\t村\tyes\tx\n新鳌岭\t东区街道\t社区\tyes\tx\n"
        "灯饰\t古镇镇\t产业\tyes\tx\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "out.txt"
    elsewhere.write_text("# other cities\n佛山\n", encoding="utf-8")
    text, added = refreshed(userdict, gazetteer, elsewhere)
    assert text.startswith("# head\n老细\n讨薪\n# ---- places")
    rows = {line.split()[0]: line.split()[-1] for line in text.splitlines() if not line.startswith("#")}
    assert rows["彩虹"] == rows["曹一"] == "nsx"  # short forms: segmented, not masked
    assert rows["曹一村"] == rows["新鳌岭"] == rows["佛山"] == rows["中山"] == "ns"
    assert rows["灯饰"] == "nz"
    assert added == 6
    assert mask_places("民众曹一村的工地") == "  的工地"


def _every_text() -> list[str]:
    import json

    data = ROOT / "classifier" / "data"
    paths = [*sorted((data / "corpus").glob("part_*.jsonl")), data / "holdout" / "posts.jsonl",
             ROOT / "demo" / "data" / "posts.jsonl"]  # fmt: skip
    return [
        json.loads(line)["text"] for path in paths for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_our_quicker_tokenizer_cuts_every_text_as_jieba_does():
    """The tokenizer's faster word graph, route, remembered routes and HMM memory (#12) change no word: every corpus,
    holdout and demo text (every other one), raw, cleaned and as the models read it, with and without the HMM."""
    import jieba

    from classifier.text import prepare, tokenizer

    reference = jieba.Tokenizer()
    reference.initialize()
    for word, freq, tag in read_userdict():
        reference.add_word(word, freq, tag)
    ours = tokenizer()
    for text in _every_text()[::2]:
        for variant in (text, clean(text), prepare(text)):
            assert ours.lcut(variant) == reference.lcut(variant), variant
            assert ours.lcut(variant, HMM=False) == reference.lcut(variant, HMM=False), variant
            assert ours.lcut(variant) == reference.lcut(variant), variant  # the remembered HMM runs too


def test_the_quick_features_are_the_explained_ones_without_their_spans():
    from classifier import fast
    from classifier.text import prepare

    config = fast.FastConfig(skip_window=3)
    for text in _every_text()[::7]:
        prepared = prepare(text)
        assert fast.features(prepared, config) == [
            f for f, _, _ in fast.features(prepared, config, spans=True)
        ]


def test_the_batch_feature_ids_are_the_feature_strings_ids():
    # (#12) a made-up vocabulary with every kind of feature, words that are "|", n-grams of one to three
    # characters (one beyond the Basic Multilingual Plane), texts shorter than an n-gram, empty texts
    import numpy as np

    from classifier import fast
    from classifier.text import prepare

    config = fast.FastConfig(skip_window=2)
    texts = [
        "老板拖欠工资|三个月",
        "||工资|",
        "",
        "欠",
        "工资",
        "𠮶度拖欠人工 🙏 abc 123",
        "a|b|c 老板 | 工资",
    ]
    seen = [f for text in texts for f in fast.features(prepare(text), config)]
    vocab = ["<unk>", *dict.fromkeys(f for k, f in enumerate(seen) if k % 3)]  # about two thirds known
    model = fast.FastClassifier(config, vocab)
    prepared = [prepare(text) for text in texts]
    for batch in (prepared, prepared[::-1], prepared[2:4], [""], ["工资|工资"]):
        flat, offsets = model._plain_bags(batch)
        expected = fast._bag([model._ids(fast.features(text, config)) for text in batch])
        assert np.array_equal(flat, expected[0]), batch
        assert np.array_equal(offsets, expected[1]), batch
        assert [model._plain_ids(text) for text in batch] == [
            model._ids(fast.features(t, config)) for t in batch
        ]
    assert any(f.startswith("b:|") or "||" in f for f in vocab)  # the pairs with a "|" word are looked up


def test_our_hmm_cut_is_jiebas():
    # (#12) the quicker Viterbi search: the same states and words as jieba's finalseg, on made-up runs of
    # common and of rare characters (ties included: the same character repeated), with letters and digits
    import random

    from jieba import finalseg

    from classifier import hmm

    rng = random.Random(12)
    common = "老板欠我们工资三个月了厂里的人都没有拿到钱去找劳动局也不管怎么办啊阿强华哥"
    rare = [chr(c) for c in range(0x4E00, 0x9FD6, 7)]
    runs = ["".join(rng.choice(common) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    runs += ["".join(rng.choice(rare) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    runs += ["嗰嗰嗰嗰", "冇冇", "ab12.5%中文x", "中a中", "", "x"]
    for run in runs:
        assert hmm.cut(run) == list(finalseg.cut(run)), run
