"""The quicker text steps of #12 give what the plain ones give: NFKC (``classifier.widths``) and the split of a text at
its runs holding ASCII word characters (``classifier.text._ascii_runs``)."""

import random
import unicodedata

from classifier import widths
from classifier.text import _ASCII_RUN, _ascii_runs, nfkc


def test_nfkc_is_unicodedatas():
    texts = [
        "老板拖欠工资，三个月了！怎么办？",
        "电话：１３８００００００００（王）…",
        "Ｅ\u0301 café\u0301 ①②③ ㎡ ｶﾀｶﾅ \u3000 ﬁle ½ Ⅻ ™",  # a mark after a replaced letter composes with it
        "已经NFKC的文字 abc 123",
        "",
    ]
    rng = random.Random(12)
    pool = [chr(p) for low, high in widths.BLOCKS for p in range(low, high)] + list(
        "欠薪老板工资a1 \u0301\u0308"
    )
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(20_000)]
    for text in texts:
        assert widths.nfkc(text) == unicodedata.normalize("NFKC", text), text
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text


def test_ascii_runs_split_as_the_pattern():
    rng = random.Random(13)
    alphabet = "欠薪老板工资a0Z9-.#%&+_，。 !\u4e00\u9fd5\u9fd6\u3400"
    texts = ["", "老板欠薪", "工资0000元,老板x.y跑了", "abc", "中文abc中文，中文"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(50_000)]
    for text in texts:
        assert _ascii_runs(text) == _ASCII_RUN.split(text), text
