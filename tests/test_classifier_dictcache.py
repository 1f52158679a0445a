"""(#12) Our tokenizer's dictionary is read back from a cache file: the same words, frequencies, total and
tags as building it, a changed user dictionary never read from a stale file, a broken file rebuilt."""

from __future__ import annotations

import pytest

from classifier import dictcache
from classifier.text import Tokenizer, load_tokenizer, read_userdict

TEXT = "坦洲镇的甜水厂老细冇出粮，拖欠工人三个月工资"


def _built(userdict):
    tok = Tokenizer()
    tok.initialize()
    for word, freq, tag in read_userdict(userdict):
        tok.add_word(word, freq, tag)
    return tok


@pytest.fixture
def userdict(tmp_path, monkeypatch):
    monkeypatch.setenv("WAGEWATCH_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "userdict.txt"
    path.write_text("# made-up words\n老细 ns\n甜水厂 50 nz\n", encoding="utf-8")
    return path


def test_the_cached_dictionary_is_the_built_one(userdict):
    first = load_tokenizer(userdict)  # built, then written
    assert dictcache.cache_file(userdict).is_file()
    again = load_tokenizer(userdict)  # read back
    reference = _built(userdict)
    for tok in (first, again):
        assert tok.FREQ == reference.FREQ
        assert tok.total == reference.total
        assert tok.user_word_tag_tab == {"老细": "ns", "甜水厂": "nz"}
    assert again.words(TEXT) == reference.words(TEXT)
    assert "甜水厂" in again.words(TEXT)


def test_a_changed_user_dictionary_is_never_read_from_the_old_file(userdict):
    old = dictcache.cache_file(userdict)
    load_tokenizer(userdict)
    userdict.write_text("老细 ns\n甜水厂 50 nz\n三个月工资 9 n\n", encoding="utf-8")
    assert dictcache.cache_file(userdict) != old
    assert "三个月工资" in load_tokenizer(userdict).words(TEXT)


def test_a_broken_cache_file_is_built_again(userdict):
    path = dictcache.cache_file(userdict)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a dictionary")
    tok = load_tokenizer(userdict)
    assert tok.FREQ == _built(userdict).FREQ
    assert dictcache.load(path) is not None  # written again, good this time


def test_jiebas_dictionary_alone_is_cached_apart(userdict):
    plain = load_tokenizer(None)
    assert dictcache.cache_file(None) != dictcache.cache_file(userdict)
    reference = Tokenizer()
    reference.initialize()
    assert plain.FREQ == reference.FREQ
    assert load_tokenizer(None).total == reference.total
    assert "甜水厂" not in plain.FREQ


def test_a_cold_start_builds_the_real_user_dictionary_quickly_and_as_jieba_does(tmp_path, monkeypatch):
    # a machine without the cache file (a fresh install, CI): the ~1,000 user words, many with no frequency, are
    # added by cutting each; rjieba was remade from the whole dictionary for every one of them (minutes of CPU)
    import jieba

    from classifier import quickcut, text

    monkeypatch.setenv("WAGEWATCH_CACHE", str(tmp_path / "cache"))
    builds = []
    real_build = quickcut.build
    monkeypatch.setattr(quickcut, "build", lambda *a: builds.append(1) or real_build(*a))
    tok = load_tokenizer(text.USERDICT)
    assert builds == []  # not once while the words were added
    reference = jieba.Tokenizer()
    reference.initialize()
    for word, freq, tag in read_userdict(text.USERDICT):
        reference.add_word(word, freq, tag)
    assert tok.total == reference.total
    assert tok.FREQ == reference.FREQ
    assert tok.words(TEXT) == reference.lcut(TEXT)
    assert len(builds) == (quickcut._module() is not None)  # the first cut after loading makes rjieba once
