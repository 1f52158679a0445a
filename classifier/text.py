"""Text handling shared by the classifier and triage: normalisation and jieba segmentation.

Two levels:

- ``normalize(text)``: plain comparable text (entities, NFKC full-width → half-width, URLs,
  @mentions, hashtag marks, repeated punctuation, whitespace, lower case). Triage's dedupe keys
  are built on it, so its output stays stable.
- ``clean(text)``: HTML tags dropped, ``normalize``, traditional → simplified (OpenCC ``t2s``,
  with the Cantonese characters it mangles put back) and emoji tidied (skin tones, variation
  selectors and joiners dropped, runs of one emoji squeezed to one).
- ``prepare(text)``: what every classifier model reads: ``clean`` with place names and phone
  numbers masked.

We own our jieba state (a private ``jieba.Tokenizer`` with the domain user dictionary in
``classifier/data/userdict.txt``) instead of jieba's module-level global.
"""

from __future__ import annotations

import html
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

import jieba
import opencc
from jieba import finalseg

from classifier import dictcache, quickcut, widths
from classifier.hmm import cut as hmm_cut

jieba.setLogLevel(logging.WARNING)

DATA = Path(__file__).parent / "data"
USERDICT = DATA / "userdict.txt"
URL = re.compile(r"https?://[^\s\u3000，。！？]+|www\.[^\s\u3000，。！？]+", re.IGNORECASE)
MENTION = re.compile(r"@[\w\-\u4e00-\u9fff]{1,30}")
HASHTAG_MARK = re.compile(r"#([^#\n]{1,40})#")
TAG = re.compile(r"<[^>]{0,300}>")
REPEAT_PUNCT = re.compile(r"([!?！？。.,，~～…])\1+")
# any two of those marks in a row: what REPEAT_PUNCT finds, found quicker (its group defeats the engine's scan)
REPEATED = re.compile("|".join(re.escape(mark * 2) for mark in "!?！？。.,，~～…"))
# skin tones, variation selectors, zero-width joiners: they split one emoji into several code points
EMOJI_NOISE = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d\u20e3]")
EMOJI_RUN = re.compile("([\U0001f000-\U0001faff\u2600-\u27bf])\\1+")
# any character either of the two above needs (most posts hold none: then neither is run)
EMOJI_ANY = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0e\ufe0f\u200d\u20e3]")
# OpenCC t2s maps some Cantonese characters to rare variants no model or reader expects
# (嗰 → 𠮶, 喎 → 㖞, 餸 → 𩠌, 劏 → 㓥, 癐 → 𤶊); they are put back after conversion.
T2S_UNDO = str.maketrans({"𠮶": "嗰", "㖞": "喎", "𩠌": "餸", "㓥": "劏", "𤶊": "癐"})
# any of them (most texts hold none, and looking is 8× quicker than translating)
T2S_MANGLED = re.compile("[𠮶㖞𩠌㓥𤶊]")
# t2s leaves 著 alone (it is also the simplified 著 of 著名), but Hong Kong and Taiwan text writes the
# particle 着 as 著 (戴著, 接著, 拖著不發): outside the 著名 words it becomes 着.
ZHE = re.compile("(?<![显土卓巨名原编论专遗拙])著(?![名作称述录书者])")


@lru_cache(maxsize=4096)
def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, kept for the texts seen last: a post's text is folded by the
    classifier (``normalize``) and again by triage (``triage.text.to_simplified``), and most posts hold
    full-width punctuation, which makes NFKC do the whole work (``widths.nfkc``: those replaced first)."""
    return widths.nfkc(text)


def normalize(text: str) -> str:
    """Plain, comparable text: entities decoded, full-width folded to half-width (NFKC), URLs and
    @mentions removed, hashtag marks dropped (the words stay), repeated punctuation squeezed,
    whitespace collapsed, Latin lower-cased.

    >>> normalize("#中山欠薪#  老板ＧＺ不发！！！ @人社局 http://t.cn/abc")
    '中山欠薪 老板gz不发!'
    """
    text = html.unescape(text or "")
    text = nfkc(text)
    if "." in text or ":" in text:  # (a URL holds "://" or "www.")
        text = URL.sub(" ", text)
    if "@" in text:  # (a pattern that needs a character is not run where it is missing: most posts)
        text = MENTION.sub(" ", text)
    if "#" in text:
        text = HASHTAG_MARK.sub(r" \1 ", text)
    if REPEATED.search(text):
        text = REPEAT_PUNCT.sub(r"\1", text)
    # re.sub(r"\s+", " ", text).strip(): str.split() cuts at exactly the characters \s matches (str.isspace)
    return " ".join(text.split()).lower()


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def simplify(text: str) -> str:
    """Traditional → simplified Chinese, keeping Cantonese characters readable. Kept for the texts seen last:
    the classifier simplifies a post's ``normalize``d text and triage its NFKC text (``triage.text.to_simplified``),
    and for most posts the two are the same string.

    >>> simplify("嗰個老細冇出糧")
    '嗰个老细冇出粮'
    >>> simplify("老闆拖著不發薪水，這位著名作家")
    '老板拖着不发薪水，这位著名作家'
    """
    text = _t2s().convert(text)
    if T2S_MANGLED.search(text):
        text = text.translate(T2S_UNDO)
    return ZHE.sub("着", text) if "著" in text else text


def clean(text: str) -> str:
    """The text every classifier model sees: HTML tags dropped, ``normalize``, ``simplify``, tidy emoji.

    >>> clean("老細走佬！！😡😡😡 #中山欠薪# @人社局")
    '老细走佬!😡 中山欠薪'
    """
    text = text or ""
    text = simplify(normalize(TAG.sub(" ", text) if "<" in text else text))
    if not EMOJI_ANY.search(text):
        return text
    text = EMOJI_NOISE.sub("", text)
    return EMOJI_RUN.sub(r"\1", text)


def names_pattern(names) -> re.Pattern:
    """A pattern that matches, where any of ``names`` starts, the longest of them that starts there: what
    the alternation of the names sorted longest first matches, as a trie (坦洲|坦洲镇|坦背 → 坦(?:洲镇?|背)), so
    that at each place the engine follows the text's characters instead of trying every name in turn
    (over 2× quicker with the ~600 place names). A node that ends a name makes the rest optional and greedy:
    the longer names are tried first, and the engine falls back to the shortest only when none fits."""
    trie: dict = {}
    for name in names:
        if name:
            node = trie
            for char in name:
                node = node.setdefault(char, {})
            node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" not in node:
            return body
        return f"{body}?" if len(body) == 1 else f"(?:{body})?"

    return re.compile(pattern(trie) if trie else "(?!)")


@cache
def _place_pattern() -> re.Pattern:
    return names_pattern({w for w, _f, tag in read_userdict() if tag == "ns" and len(w) >= 2})


def mask_places(text: str) -> str:
    """Cleaned text with every place name of the user dictionary (tag ``ns``: the 镇街, villages,
    parks, roads, other cities) replaced by a space. Where a post happens says nothing about
    whether it is a complaint, but complaints name places more often than chatter does: a model
    that learnt "小榄" (or "some place") as a complaint word misfires on food reviews.

    >>> mask_places("小榄的鸡仔饼")
    ' 的鸡仔饼'
    """
    return _place_pattern().sub(" ", text)


# ASCII word characters (jieba's ``re_han_default``: letters, digits, ``+#&._%-``), where jieba-rs's HMM cuts
# otherwise than jieba's (it keeps ``2-3`` and ``3.3w`` whole)
_ASCII = re.compile(r"[a-zA-Z0-9+#&._%\-]")
# a run of jieba's word characters that holds an ASCII one (the whole run: it starts where the run starts)
_ASCII_RUN = re.compile(r"([\u4e00-\u9fd5]*[a-zA-Z0-9+#&._%\-][\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]*)")
# the characters that jieba-rs's runs of word characters hold and jieba's do not (CJK extension A, the end of the
# unified block, compatibility ideographs, the supplementary ideographic planes): a text with one is split as jieba
# splits it before rjieba sees a run (``tests/test_classifier_text.py`` finds these by asking rjieba)
_OTHER_HAN = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_RUN_REST = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]*")


def _ascii_runs(text: str) -> list[str]:
    """``_ASCII_RUN.split(text)``, found from each ASCII word character back over the CJK characters before it (the
    pattern's search tries its greedy CJK head at every character: quadratic in a run of CJK without ASCII)."""
    out, at = [], 0
    while (ascii_char := _ASCII.search(text, at)) is not None:
        start = ascii_char.start()
        while start > at and "\u4e00" <= text[start - 1] <= "\u9fd5":
            start -= 1
        end = _RUN_REST.match(text, ascii_char.end()).end()
        out += (text[at:start], text[start:end])
        at = end
    out.append(text[at:])
    return out


# three digits in a row: in every number PHONE matches, found quicker (PHONE's lookbehind makes it try every character)
DIGITS_3 = re.compile(r"\d\d\d")
PHONE = re.compile(r"(?<![\d*])(?:1[3-9]\d[\d*]{4}\d{4}|0\d{2,3}-?\d{7,8}|\d{3}\*{4}\d{4})(?![\d*])")


def prepare(text: str, mask: bool = True) -> str:
    """What a classifier model reads: ``clean`` text with place names and phone numbers masked
    (unless ``mask`` is off). Neither says whether a post is a complaint; in a written corpus both
    follow the writers' habits (ads carry phone numbers, complaints name towns), which a model
    would learn and then misapply to real posts.

    >>> prepare("坦洲镇工地欠薪，电话138****1234")
    ' 工地欠薪,电话 '
    """
    text = clean(text)
    if not mask:
        return text
    text = mask_places(text)
    return PHONE.sub(" ", text) if DIGITS_3.search(text) else text


def strip_markup(text: str) -> str:
    """Text with HTML tags removed and entities decoded (for text that came as HTML)."""
    return html.unescape(TAG.sub(" ", text or ""))


def read_userdict(path: Path = USERDICT) -> list[tuple[str, int | None, str | None]]:
    """(word, freq, tag) rows of a jieba user dictionary file, comments and blank lines skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        rows.append((parts[0], freq, tag))
    return rows


class Tokenizer(jieba.Tokenizer):
    """jieba's tokenizer, the same words from the same dictionary, with its two inner loops (the
    word graph of a sentence and the best route through it) done with fewer lookups: each word's
    log probability is computed once and kept, not on every sentence it appears in (#12).
    ``tests/test_classifier_text.py`` checks it cuts every corpus text as ``jieba.Tokenizer`` does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._logp: dict[str, float] = {}
        self._unknown: dict[str, tuple[str, ...]] = {}
        self._routes: dict[str, tuple[int, ...]] = {}
        self._cuts: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}
        self._quick: Any = None  # rjieba over our dictionary (``quickcut``), made at the first cut
        self._quick_made = False
        self._adding = False  # while ``add_words`` runs: no rjieba is made (it would be remade at every word)

    def add_word(self, word, freq=None, tag=None):
        # the total, this word's frequency, forced splits and so every best route change
        self._logp, self._unknown, self._routes = {}, {}, {}
        self._cuts = {True: {}, False: {}}
        self._quick, self._quick_made = None, False
        super().add_word(word, freq, tag)

    def add_words(self, rows: Iterable[tuple[str, int | None, str | None]]) -> None:
        """``add_word`` each (word, freq, tag), cutting by the Python route: rjieba remade per word took minutes."""
        self._adding = True
        try:
            for word, freq, tag in rows:
                self.add_word(word, freq, tag)
        finally:
            self._adding = False

    def quick(self) -> Any:
        """rjieba over this dictionary (``quickcut.build``), made once; None without rjieba or in ``add_words``."""
        if self._adding:
            return None
        if not self._quick_made:
            self.check_initialized()
            self._quick, self._quick_made = quickcut.build(self.FREQ, self.total), True
        return self._quick

    def route(self, sentence: str) -> tuple[int, ...]:
        """Where each word of the best route through ``sentence`` ends (jieba's word graph and
        route), kept for the sentences seen last: the classifier and the telling words cut the same
        sentences of a post (with and without HMM), and common phrases recur from post to post."""
        ends = self._routes.get(sentence)
        if ends is None:
            last = self._best_route(sentence)
            x, n, found = 0, len(sentence), []
            while x < n:
                x = last[x] + 1
                found.append(x)
            if len(self._routes) > 50_000:
                self._routes = {}
            ends = self._routes[sentence] = tuple(found)
        return ends

    def _best_route(self, sentence: str) -> list[int]:
        """``get_DAG`` and ``calc`` in one pass from the end: for each start, the last character of the
        best word there (``route[start][1]``). The same words weighed in the same order with the same
        sums, so the same route: each dictionary word sentence[start : end + 1] (frequency above 0) while
        the prefix is known, or the single character when none is, scores log P(word) + the best score
        from end + 1; the highest wins, a tie going to the longer word."""
        self.check_initialized()
        freq, logp, n = self.FREQ, self._logp, len(sentence)
        logtotal = math.log(self.total)
        score: list[float] = [0] * (n + 1)  # route[i][0] (route[n] is (0, 0))
        last = [0] * (n + 1)  # route[i][1]
        for start in range(n - 1, -1, -1):
            best, end, i, frag = None, start, start, sentence[start]
            while i < n and (f := freq.get(frag)) is not None:
                if f:
                    p = logp.get(frag)
                    if p is None:
                        p = logp[frag] = math.log(f) - logtotal
                    if best is None or p + score[i + 1] >= best:  # (a later i is a longer word)
                        best, end = p + score[i + 1], i
                i += 1
                frag = sentence[start : i + 1]
            if best is None:  # no dictionary word starts here: the character alone
                word = sentence[start]
                p = logp.get(word)
                if p is None:
                    p = logp[word] = math.log(freq.get(word) or 1) - logtotal
                best = p + score[start + 1]
            score[start], last[start] = best, end
        return last

    def cut(self, sentence, cut_all=False, HMM=True, use_paddle=False):  # noqa: N803 - jieba's names
        """jieba's ``cut``, accurate mode: the same words, made into a list at once rather than yielded word by
        word through three generators (#12); full mode and paddle are jieba's own."""
        if cut_all or use_paddle:
            return super().cut(sentence, cut_all, HMM, use_paddle)
        return iter(self.words(sentence, HMM))

    def lcut(self, *args, **kwargs):
        return list(self.cut(*args, **kwargs))

    def words(self, sentence: str, hmm: bool = True) -> list[str]:
        """The words of ``sentence`` in jieba's accurate mode (``lcut(sentence, HMM=hmm)``).

        jieba splits the text into runs of its word characters (``re_han_default``: CJK, ASCII letters
        and digits, ``+#&._%-``), which it cuts, and the rest, which it gives one character at a time
        but for a ``\r\n`` kept whole. The split's group makes every odd piece such a run and every even
        piece the rest (possibly empty), so no piece needs matching again. The words of the last
        50,000 runs are kept for each mode: short runs between punctuation recur from post to post.

        rjieba (``quickcut``) splits and cuts a whole text as jieba does where its runs are jieba's: a text
        without the CJK characters that jieba-rs counts as word characters and jieba does not (``_OTHER_HAN``).
        Without HMM its words are jieba's; with HMM, for a text without ASCII word characters (``_hmm_words``)."""
        sentence = jieba.strdecode(sentence)
        quick = self.quick()
        if quick is not None and not _OTHER_HAN.search(sentence):
            if not hmm:
                return quick.cut(sentence, False)
            out = self._hmm_words(sentence, quick)
            if not finalseg.Force_Split_Words or finalseg.Force_Split_Words.isdisjoint(out):
                return out
        block = self._dag_words if hmm else self._dag_words_no_hmm
        out: list[str] = []
        cuts = self._cuts[hmm]
        for k, piece in enumerate(jieba.re_han_default.split(sentence)):
            if k % 2:
                words = cuts.get(piece)
                if words is None:
                    if len(cuts) > 50_000:
                        cuts.clear()
                    words = cuts[piece] = tuple(block(piece))
                out += words
            elif "\r\n" in piece:
                for x in jieba.re_skip_default.split(piece):
                    if x == "\r\n":
                        out.append(x)
                    else:
                        out += x
            else:
                out += piece
        return out

    def _hmm_words(self, sentence: str, quick: Any) -> list[str]:
        """``words(sentence)`` with HMM for a text without ``_OTHER_HAN``, when no forced split is among the
        words: jieba cuts each run of word characters alone, so the text is cut in parts at the runs that hold
        an ASCII word character (``_ASCII_RUN``, each a whole run): those through ``_dag_words`` (kept, as in
        ``words``), what lies between them by rjieba with its HMM, whole."""
        parts = _ascii_runs(sentence)
        if len(parts) == 1:
            return quick.cut(sentence, True)
        out: list[str] = []
        cuts = self._cuts[True]
        for k, part in enumerate(parts):
            if k % 2:
                words = cuts.get(part)
                if words is None:
                    if len(cuts) > 50_000:
                        cuts.clear()
                    words = cuts[part] = tuple(self._dag_words(part))
                out += words
            elif part:
                out += quick.cut(part, True)
        return out

    def _dag_words_no_hmm(self, sentence: str) -> list[str]:
        """jieba's accurate mode without HMM: the best route's words, runs of single ASCII letters or
        digits joined. rjieba's cut without HMM over our dictionary is exactly that (``quickcut``)."""
        quick = self.quick()
        if quick is not None:
            return quick.cut(sentence, False)
        x, buf, out = 0, "", []
        for y in self.route(sentence):
            word = sentence[x:y]
            if y - x == 1 and word.isascii() and word.isalnum():  # jieba.re_eng: [a-zA-Z0-9]
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out

    def _steps(self, sentence: str) -> list[str]:
        """The words of the best route through ``sentence``, one a step: from rjieba's words without HMM (a joined
        run of single ASCII letters and digits split again into its characters) where they tell the route
        unambiguously, else from the route computed here. A joined run that is itself a dictionary word could be
        that word or its characters: such a sentence (rare: a handful of ASCII words have a frequency) is
        routed here."""
        quick = self.quick()
        if quick is not None:
            freq, steps = self.FREQ, []
            for word in quick.cut(sentence, False):
                if len(word) > 1 and word.isascii() and word.isalnum():
                    if freq.get(word):
                        break  # the word, or its characters?
                    steps += word
                else:
                    steps.append(word)
            else:
                return steps
        x, steps = 0, []
        for y in self.route(sentence):
            steps.append(sentence[x:y])
            x = y
        return steps

    def _dag_words(self, sentence: str) -> list[str]:
        """jieba's accurate mode with HMM: the best route, single characters that together are no
        dictionary word given to the HMM (``finalseg``); what the HMM makes of such a run is kept,
        for it is asked about the same runs (names, dialect words) again and again.

        A sentence of CJK characters alone is cut by rjieba with its HMM (``quickcut``): the same route, the same
        runs (a run is a word when our dictionary gives it a frequency), the same Viterbi search over the same
        model with the same tie-breaking. What jieba-rs's HMM does differently lies in ASCII (it keeps
        ``2-3`` and ``3.3w`` whole, jieba cuts them) and in jieba's forced splits (a user word of frequency 0
        that the HMM makes is cut into its characters): sentences with ASCII are routed by rjieba but given
        to our HMM step, and a cut holding a forced split is done here again."""
        quick = self.quick()
        if quick is not None and not _ASCII.search(sentence):
            out = quick.cut(sentence, True)
            if not finalseg.Force_Split_Words or finalseg.Force_Split_Words.isdisjoint(out):
                return out
        run, out, freq = "", [], self.FREQ
        for word in [*self._steps(sentence), ""]:
            if len(word) == 1:
                run += word
                continue
            if len(run) == 1:
                out.append(run)
            elif run and freq.get(run):
                out += run
            elif run:
                words = self._unknown.get(run)
                if words is None:
                    if len(self._unknown) > 100_000:
                        self._unknown = {}
                    words = self._unknown[run] = tuple(hmm_cut(run))
                out += words
            run = ""
            if word:
                out.append(word)
        return out

    def _Tokenizer__cut_DAG_NO_HMM(self, sentence):  # noqa: N802 - replaces jieba's private one
        yield from self._dag_words_no_hmm(sentence)

    def _Tokenizer__cut_DAG(self, sentence):  # noqa: N802 - replaces jieba's private __cut_DAG
        yield from self._dag_words(sentence)

    def get_DAG(self, sentence):
        self.check_initialized()
        freq, n, dag = self.FREQ, len(sentence), {}
        for k in range(n):
            ends, i, frag = [], k, sentence[k]
            while i < n and (f := freq.get(frag)) is not None:
                if f:
                    ends.append(i)
                i += 1
                frag = sentence[k : i + 1]
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence, DAG, route):
        # as jieba's: route[i] = max over the words sentence[i:x+1] of (log P(word) + route[x+1][0], x)
        n = len(sentence)
        route[n] = (0, 0)
        logp, freq, logtotal = self._logp, self.FREQ, math.log(self.total)
        for idx in range(n - 1, -1, -1):
            best = None
            for x in DAG[idx]:
                word = sentence[idx : x + 1]
                p = logp.get(word)
                if p is None:
                    p = logp[word] = math.log(freq.get(word) or 1) - logtotal
                candidate = (p + route[x + 1][0], x)
                if best is None or candidate > best:
                    best = candidate
            route[idx] = best


@cache
def tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer, loaded once, with the domain user dictionary."""
    return load_tokenizer()


def load_tokenizer(userdict: Path | None = USERDICT) -> Tokenizer:
    """jieba's dictionary with the words of ``userdict`` added (None: none; ``Tokenizer`` cuts as
    ``jieba.Tokenizer`` does, so ``load_tokenizer(None)`` can stand in for a plain one), read back from our cache
    of the two when it is there (``dictcache``: the same words, frequencies and total, read in a fourth of
    jieba's time), else built (jieba's dictionary, then ``add_word`` for each user word) and cached."""
    rows = read_userdict(userdict) if userdict and userdict.exists() else []
    path = dictcache.cache_file(userdict)
    tok = Tokenizer()
    kept = dictcache.load(path)
    if kept is None:
        tok.initialize()
        tok.add_words(rows)
        dictcache.save(path, tok.FREQ, tok.total)
        return tok
    tok.FREQ, tok.total = kept
    tok.initialized = True
    for word, freq, tag in rows:  # what add_word leaves besides the frequencies
        if tag:
            tok.user_word_tag_tab[word] = tag
        if freq == 0:
            finalseg.add_force_split(word)
    return tok


class _WordKinds(dict):
    """token → whether it is a word (not blank, not punctuation or a separator), worked out once per token
    and kept (the cache is emptied past ``LIMIT`` tokens); ``kinds[token]`` stays in C for a known token."""

    LIMIT = 1 << 16

    def __missing__(self, token: str) -> bool:
        if len(self) > self.LIMIT:
            self.clear()
        kind = self[token] = bool(token.strip()) and not unicodedata.category(token[0]).startswith(("P", "Z"))
        return kind


_word_kinds = _WordKinds()


def _is_word(token: str) -> bool:
    return _word_kinds[token]


def only_words(tokens: list[str]) -> list[str]:
    """The tokens that are words (``_is_word``), in order: ``[t for t in tokens if _is_word(t)]``."""
    return list(compress(tokens, map(_word_kinds.__getitem__, tokens)))


def top_words(
    text: str, char_score: Sequence[float], top: int = 5, spans: Sequence[tuple[str, int, int]] | None = None
) -> list[str]:
    """The jieba words of ``text`` whose characters' scores add up highest (positive ones only,
    strongest first): how models turn per-character attributions into an officer's explanation.
    ``spans``: the (word, start, end) segmentation when the caller already has it."""
    scored: dict[str, float] = {}
    for word, start, end in spans if spans is not None else tokenizer().tokenize(text):
        if _is_word(word):
            score = sum(char_score[start:end])
            scored[word] = max(scored.get(word, score), score)
    return sorted((w for w, s in scored.items() if s > 0), key=lambda w: -scored[w])[:top]


def words_of_clean(text: str) -> list[str]:
    """jieba words of text that is already ``clean``, without spaces and punctuation."""
    return [w for w in tokenizer().lcut(text, HMM=True) if _is_word(w)]


def words(text: str) -> list[str]:
    """jieba words of the cleaned (normalised, simplified) text, without spaces and punctuation.

    >>> words("老細冇出糧")
    ['老细', '冇出粮']
    """
    return words_of_clean(clean(text))
