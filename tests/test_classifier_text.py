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


def _reference():
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    for word, freq, tag in read_userdict():
        reference.add_word(word, freq, tag)
    return reference


# (#12) made-up texts where rjieba's cut could part from jieba's: ASCII words of the dictionary (joined runs of
# letters and digits that are also a word), ASCII that jieba-rs's HMM keeps whole, CJK characters that jieba-rs
# counts as word characters and jieba does not, line breaks
EDGES = [
    "拨打12345热线,12345没人接", "a12345b欠薪", "学c++和C#的AT&T员工被拖欠工资", "x.y_z%a-b+c#d&e老板跑了",
    "月薪2349-6447,欠了2-3月", "3.3w的工钱拖着不给", "老板欠了3.5万元工资50%", "欠薪kfc店长qq群",
    "老板\u3400欠薪\u9fd6三个月\uf900工资\U00020000没发", "嗰个老细冇出粮", "工资\r\n欠了\n三个月\r\n",
    "张三李四王五赵六欠薪", "中a中b中", "", "abc" * 20, "1 2 3 4", "\ue000欠薪\ue000",
]  # fmt: skip


def test_rjieba_cuts_as_jieba_does_where_it_could_part():
    from classifier.text import tokenizer

    reference, ours = _reference(), tokenizer()
    assert ours.quick() is not None  # rjieba is installed (pyproject.toml): the quick route is what is tested
    for text in EDGES:
        for hmm in (True, False):
            assert ours.lcut(text, HMM=hmm) == reference.lcut(text, HMM=hmm), (text, hmm)


def test_without_rjieba_the_words_are_the_same(monkeypatch):
    from classifier import quickcut
    from classifier.text import load_tokenizer, tokenizer

    monkeypatch.setattr(quickcut, "build", lambda freq, total: None)
    plain = load_tokenizer()
    assert plain.quick() is None
    for text in [*EDGES, *_every_text()[::40]]:
        for hmm in (True, False):
            assert plain.lcut(text, HMM=hmm) == tokenizer().lcut(text, HMM=hmm), (text, hmm)


def test_a_forced_split_is_kept_with_rjieba(tmp_path, monkeypatch):
    # a user word of frequency 0 is cut into its characters when jieba's HMM makes it (finalseg's forced
    # splits, one set for every jieba tokenizer): rjieba knows nothing of it
    from jieba import finalseg

    from classifier.text import load_tokenizer

    monkeypatch.setenv("WAGEWATCH_CACHE", str(tmp_path))
    text = "阿强老板欠薪"
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("欠薪 5000 v\n", encoding="utf-8")
    made = load_tokenizer(userdict).lcut(text)
    hmm_word = next(w for w in made if len(w) > 1 and w != "欠薪")  # a word the HMM made (阿强)
    userdict.write_text(f"欠薪 5000 v\n{hmm_word} 0\n", encoding="utf-8")
    try:
        ours = load_tokenizer(userdict)
        assert ours.quick() is not None
        reference = __import__("jieba").Tokenizer()
        reference.initialize()
        reference.add_word("欠薪", 5000, "v")
        reference.add_word(hmm_word, 0)
        assert ours.lcut(text) == reference.lcut(text)
        assert hmm_word not in ours.lcut(text)
    finally:
        finalseg.Force_Split_Words.discard(hmm_word)


def test_other_han_is_every_character_rjieba_joins_and_jieba_does_not():
    # (#12) rjieba splits a text into runs of word characters with its own pattern; where it counts a character
    # jieba does not, the text is split first (``_OTHER_HAN``). Asked of rjieba: a made-up word "中X" is one
    # word in its cut exactly when X is in its runs. Characters 0x21 … 0x3FFFF (surrogates left out).
    import re

    from classifier import quickcut
    from classifier.text import _OTHER_HAN

    jieba_run = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]")
    probe = quickcut._module().Jieba.empty()
    chars = [chr(c) for c in range(0x21, 0x40000) if not 0xD800 <= c < 0xE000]
    for char in chars:
        probe.add_word("中" + char, 1000, None)
    for char in chars:
        rjieba_joins = probe.cut("中" + char, False) == ["中" + char]
        if rjieba_joins != bool(jieba_run.match(char)):
            assert _OTHER_HAN.match(char), hex(ord(char))


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
