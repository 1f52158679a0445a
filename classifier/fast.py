"""The ``fast`` model: a fastText-style classifier in torch.

Features of the prepared text (``text.prepare``: cleaned, place names masked): jieba words (our
own tokenizer and user dictionary), word bigrams and character 1–3-grams, with ASCII digits folded
to 0 so that amounts and dates do not become features, plus a length bucket. The features'
embeddings are averaged (``nn.EmbeddingBag``) and a linear layer gives the label logits. The
model is linear in the averaged embedding, so each feature's push towards a label is exact:
``E[f] @ W.T / n``; the explanation sums those pushes over the characters of each jieba word and
names the strongest words. Training averages an ensemble of such models (seeds), which collapses
exactly into one (vocabulary × labels) table (``FastClassifier.collapse``).

Saved like a hub model: ``config.json`` (labels in ``id2label``, sizes, feature settings),
``model.safetensors`` and ``vocab.txt`` (one feature per line), with ``save_pretrained`` /
``from_pretrained``. A saved model with plain averaging and a collapsed linear layer (the identity: the shipped
one) is read with numpy and run in numpy, the same sums in the same order as torch's, so the same logits to
the bit; torch (``fastnet.FastTextNet``) is imported only to train, to collapse, or for other models.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add
from pathlib import Path
from typing import Any

import numpy as np

from classifier import fastexplain, grams
from classifier.base import LABELS, Prediction, as_list, decide, runner_up, threshold_suffix
from classifier.floats import bag_means, softmax
from classifier.grams import GramIds
from classifier.text import _is_word, only_words, prepare, tokenizer, top_words
from classifier.windows import windows
from classifier.wordids import WordIds

DIGIT = re.compile(r"[0-9]")
LENGTH_BUCKETS = (10, 30, 80, 150, 300, 600)
CHUNK = 512  # posts per predict step


@dataclass
class FastConfig:
    labels: tuple[str, ...] = LABELS
    dim: int = 64
    ngrams: tuple[int, ...] = (1, 2, 3)
    word_bigrams: bool = True
    dropout: float = 0.2
    mask_places: bool = True
    skip_window: int = 0  # word pairs up to this many words apart ("欠 … 工资") as features
    wage_threshold: float = 0.5  # P(wage_arrears) from which a post is a lead (chosen on dev)
    # "mean": every feature of a post counts the same; "idf": a feature counts by its inverse
    # document frequency in the training texts, so that in a long letter the few telling words
    # are not drowned by hundreds of common characters
    pooling: str = "mean"
    # a post longer than window_min characters is also read in windows of whole sentences (at
    # least window_chars characters each); its logits are window_weight times those of its most
    # lead-like window plus the rest times those of the whole text, so a complaint buried after
    # greetings and background is not averaged away (0 = whole text only)
    window_chars: int = 0
    window_min: int = 150
    window_weight: float = 0.75

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_type": "wagewatch-fasttext",
            "id2label": dict(enumerate(self.labels)),
            "label2id": {label: i for i, label in enumerate(self.labels)},
            "dim": self.dim,
            "ngrams": list(self.ngrams),
            "word_bigrams": self.word_bigrams,
            "dropout": self.dropout,
            "mask_places": self.mask_places,
            "skip_window": self.skip_window,
            "wage_threshold": self.wage_threshold,
            "pooling": self.pooling,
            "window_chars": self.window_chars,
            "window_min": self.window_min,
            "window_weight": self.window_weight,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FastConfig:
        id2label = {int(k): v for k, v in data["id2label"].items()}
        return cls(
            labels=tuple(id2label[i] for i in range(len(id2label))),
            dim=data["dim"],
            ngrams=tuple(data["ngrams"]),
            word_bigrams=data["word_bigrams"],
            dropout=data.get("dropout", 0.0),
            mask_places=data.get("mask_places", False),
            skip_window=data.get("skip_window", 0),
            wage_threshold=data.get("wage_threshold", 0.5),
            pooling=data.get("pooling", "mean"),
            window_chars=data.get("window_chars", 0),
            window_min=data.get("window_min", 150),
            window_weight=data.get("window_weight", 0.75),
        )


def features(text: str, config: FastConfig, spans: bool = False) -> list[Any]:
    """The feature strings of ``prepare``d text; with ``spans``, (feature, start, end) triples
    giving the characters each feature covers (for explanations)."""
    folded = DIGIT.sub("0", text)
    if not spans:
        return _plain_features(folded, len(text), config)
    words = [(w, s, e) for w, s, e in tokenizer().tokenize(folded) if _is_word(w)]
    out: list[Any] = [(f"w:{w}", s, e) for w, s, e in words]
    if config.word_bigrams:
        out += [(f"b:{a}|{b}", s, e) for (a, s, _), (b, _, e) in zip(words, words[1:], strict=False)]
    for gap in range(2, config.skip_window + 1):
        out += [(f"s:{a}|{b}", s, e) for (a, s, _), (b, _, e) in zip(words, words[gap:], strict=False)]
    for n in config.ngrams:
        out += [
            (f"c:{g}", i, i + n) for i in range(len(folded) - n + 1) if " " not in (g := folded[i : i + n])
        ]
    out.append((_length_feature(len(text)), 0, 0))
    return out


def _plain_features(folded: str, length: int, config: FastConfig) -> list[str]:
    """``features`` without spans, the same strings in the same order, built the quick way
    (the hot path of ``analyze``: no explanation needs the characters each feature covers)."""
    words = [w for w in tokenizer().cut(folded) if _is_word(w)]
    out = [f"w:{w}" for w in words]
    if config.word_bigrams:
        out += [f"b:{a}|{b}" for a, b in zip(words, words[1:], strict=False)]
    for gap in range(2, config.skip_window + 1):
        out += [f"s:{a}|{b}" for a, b in zip(words, words[gap:], strict=False)]
    for n in config.ngrams:
        out += [f"c:{g}" for i in range(len(folded) - n + 1) if " " not in (g := folded[i : i + n])]
    out.append(_length_feature(length))
    return out


def _length_feature(length: int) -> str:
    return f"len:{sum(length > b for b in LENGTH_BUCKETS)}"


def build_vocab(
    texts: Iterable[str], config: FastConfig, min_count: int = 2, max_size: int = 60_000
) -> list[str]:
    """Features found in at least ``min_count`` of the (cleaned) texts, most frequent first, ties in
    code-point order; at most ``max_size``, cut after sorting, so the same texts give the same
    vocabulary in every process (cut before, the features tied at the cut were kept in the order
    of a ``set``, which changes with Python's string hash seed, process to process)."""
    df: Counter = Counter()
    for text in texts:
        df.update(set(features(text, config)))
    kept = sorted((f for f, n in df.items() if n >= min_count), key=lambda f: (-df[f], f))
    return ["<unk>", *kept[:max_size]]


def idf_weights(texts: Iterable[str], vocab: Sequence[str], config: FastConfig):
    """Smoothed inverse document frequency of each vocabulary feature in ``texts`` (prepared):
    ``log((1 + N) / (1 + df)) + 1``; the ``<unk>`` row gets 1."""
    df: Counter = Counter()
    n = 0
    for text in texts:
        df.update(set(features(text, config)))
        n += 1
    weights = [math.log((1 + n) / (1 + df[f])) + 1 for f in vocab]
    weights[0] = 1.0
    import torch

    return torch.tensor(weights, dtype=torch.float)


class FastClassifier:
    """Features → averaged embeddings → linear; ``predict(texts)`` answers with ``Prediction``s."""

    def __init__(
        self, config: FastConfig, vocab: Sequence[str], net=None, state: dict[str, np.ndarray] | None = None
    ):
        """``net``: a ``fastnet.FastTextNet``; ``state``: its saved weights as numpy arrays (the net is then
        made from them only when asked for); neither: a new net."""
        self.config = config
        self.vocab = list(vocab)
        self.index = {f: i for i, f in enumerate(self.vocab)}
        self._net, self._state = net, state
        if net is not None:
            net.eval()
        self.forget_cache()

    @property
    def net(self):
        """The torch network (``fastnet.FastTextNet``), made on first use: training, ``collapse`` and the
        models that numpy does not run need it."""
        if self._net is None:
            from classifier.fastnet import FastTextNet

            net = FastTextNet(len(self.vocab), self.config)
            if self._state is not None:
                import torch

                net.load_state_dict({k: torch.from_numpy(v) for k, v in self._state.items()})
            self._net = net.eval()
        return self._net

    def _table(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(embedding table, bias) when numpy runs this model: loaded from a file and never made a torch net,
        plain averaging, the linear layer the identity (a collapsed model); else None (torch runs it)."""
        state = self._state
        if self._net is not None or state is None or self.config.pooling != "mean":
            return None
        weight = state["classifier.weight"]
        if weight.shape[0] != weight.shape[1] or not np.array_equal(weight, np.eye(len(weight))):
            return None
        return state["embedding.weight"], state["classifier.bias"]

    def _forward(self, flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """The logits (float32) of the bags ``flat``/``offsets``, as the torch net's to the bit."""
        table = self._table()
        if table is None:
            import torch

            with torch.inference_mode():
                return self.net(torch.from_numpy(flat), torch.from_numpy(offsets)).numpy()
        embedding, bias = table
        return bag_means(embedding, flat, offsets) + bias

    def forget_cache(self) -> None:
        """Drop what was derived from the weights (call after changing them)."""
        self._margin_cache: dict[tuple[str, str], list[float]] = {}
        self._margin_arrays: dict[tuple[str, str], np.ndarray] = {}
        self._found: dict[str, dict[int, tuple[list[int], list[int]]]] = {}  # (``_find_ngrams``)
        self._version: str | None = None
        self._by_kind: dict[str, dict[Any, int]] | None = None
        self._grams: GramIds | None = None
        self._words: WordIds | None = None

    @classmethod
    def collapse(cls, members: Sequence[FastClassifier]) -> FastClassifier:
        """One model equal to the logit average of ``members`` (same vocabulary): the model is
        linear in the averaged embedding, so each feature's embedding can be replaced by its push
        towards each label, ``E @ W.T``, averaged over the members; the classifier becomes the
        identity plus the mean bias. A (vocab × labels) table: small and exact."""
        first = members[0]
        labels = len(first.config.labels)
        config = dataclasses.replace(first.config, dim=labels, dropout=0.0)
        model = cls(config, first.vocab)
        import torch

        with torch.no_grad():
            push = sum(m.net.embedding.weight @ m.net.classifier.weight.T for m in members) / len(members)
            bias = sum(m.net.classifier.bias for m in members) / len(members)
            model.net.embedding.weight.copy_(push)
            model.net.classifier.weight.copy_(torch.eye(labels))
            model.net.classifier.bias.copy_(bias)
            if config.pooling == "idf":
                model.net.feature_weight.copy_(first.net.feature_weight)
        model.net.eval()
        return model

    # ---- save / load ----
    @property
    def version(self) -> str:
        """``fast-``, a hash of the weights and, unless it is 0.5, ``@`` the lead threshold: stored
        with every prediction."""
        if self._version is None:
            digest = hashlib.sha1()
            if self._net is None and self._state is not None:  # the file's arrays, in the net's order
                order = ["embedding.weight", "classifier.weight", "classifier.bias"]
                arrays = [self._state[k] for k in ["feature_weight", *order] if k in self._state]
            else:
                arrays = [t.detach().contiguous().numpy() for t in self.net.state_dict().values()]
            for array in arrays:
                digest.update(np.ascontiguousarray(array).tobytes())
            self._version = f"fast-{digest.hexdigest()[:10]}{threshold_suffix(self.config.wage_threshold)}"
        return self._version

    def set_threshold(self, threshold: float) -> None:
        """Set the P(wage_arrears) from which a post is a lead (part of the model version)."""
        self.config = dataclasses.replace(self.config, wage_threshold=float(threshold))
        self._version = None

    def save_pretrained(self, path: str | Path, extra: dict[str, Any] | None = None) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        body = {
            **self.config.to_dict(),
            "vocab_size": len(self.vocab),
            "version": self.version,
            **(extra or {}),
        }
        (path / "config.json").write_text(
            json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (path / "vocab.txt").write_text("\n".join(self.vocab) + "\n", encoding="utf-8")
        from safetensors.torch import save_file

        state = {k: v.detach().contiguous() for k, v in self.net.state_dict().items()}
        save_file(state, str(path / "model.safetensors"), metadata={"format": "pt"})

    @classmethod
    def from_pretrained(cls, path: str | Path) -> FastClassifier:
        path = Path(path)
        if not (path / "config.json").exists():
            raise FileNotFoundError(
                f"no fast model in {path} (train one: wagewatch classifier train --model fast)"
            )
        config = FastConfig.from_dict(json.loads((path / "config.json").read_text(encoding="utf-8")))
        vocab = (path / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
        from safetensors.numpy import load_file

        return cls(config, vocab, state=load_file(str(path / "model.safetensors")))

    # ---- encoding ----
    def _ids(self, feats: Iterable[str]) -> list[int]:
        return [i for i in map(self.index.get, feats) if i is not None] or [0]

    def _kinds(self) -> dict[str, dict[Any, int]]:
        """The vocabulary by kind (``w:``, ``b:``, ``s:``, ``c:``) on the bare word, pair or n-gram, and the
        pairs (``B``, ``S``) by their two words."""
        if self._by_kind is None:
            by_kind: dict[str, dict[Any, int]] = {"w": {}, "b": {}, "s": {}, "c": {}}
            for feature, i in self.index.items():
                if (
                    feature[1:2] == ":"
                    and feature[0] in by_kind
                    and not (feature[0] == "c" and " " in feature)
                ):
                    by_kind[feature[0]][feature[2:]] = i  # (an n-gram holding a space is never a feature)
            # word pairs by (first, second): every way of reading "a|b" as two words (a word may be "|"),
            # so a pair is found exactly when its joined string is a feature, without joining it
            for kind in ("b", "s"):
                by_kind[kind.upper()] = {
                    (pair[:at], pair[at + 1 :]): i
                    for pair, i in by_kind[kind].items()
                    for at in range(len(pair))
                    if pair[at] == "|"
                }
            self._by_kind = by_kind
        return self._by_kind

    def _word_ids(self, folded: str) -> list[int]:
        """The ids of the word, word-pair and skip-pair features of digit-folded ``prepare``d text.
        Every id found is 1 or more (0 is ``<unk>``, no feature), so ``filter(None, …)`` drops exactly the
        misses; the maps and filters run without a Python step per feature."""
        by_kind, config = self._kinds(), self.config
        words = only_words(tokenizer().words(folded))
        ids = list(filter(None, map(by_kind["w"].get, words)))
        if config.word_bigrams:
            ids += filter(None, map(by_kind["B"].get, zip(words, words[1:], strict=False)))
        get = by_kind["S"].get
        for gap in range(2, config.skip_window + 1):
            ids += filter(None, map(get, zip(words, words[gap:], strict=False)))
        return ids

    def _plain_ids(self, text: str) -> list[int]:
        """``self._ids(features(text, self.config))``, found without making each feature's string: the
        vocabulary looked up by kind on the bare word, pair or n-gram (the same ids in the same order,
        so the same logits to the bit). ``_plain_bags`` does the same for a batch, quicker."""
        folded = DIGIT.sub("0", text)
        ids = self._word_ids(folded)
        get = self._kinds()["c"].get
        grams, size = list(folded), 1  # the n-grams of size `size`, in order, made by adding characters
        for n in self.config.ngrams:
            if n < size:
                grams, size = list(folded), 1
            while size < n:
                grams = list(map(add, grams, folded[size:]))
                size += 1
            ids += filter(None, map(get, grams))
        i = self.index.get(_length_feature(len(text)))
        if i is not None:
            ids.append(i)
        return ids or [0]

    def _plain_bags(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``_bag([self._plain_ids(t) for t in texts])``, each size of character n-gram looked up for all
        the texts at once (``grams.GramIds``), and their words and word pairs too (``wordids.WordIds``): the same
        ids in the same order."""
        if not GramIds.handles(self.config.ngrams):
            return _bag([self._plain_ids(t) for t in texts])
        if self._grams is None:
            self._grams = GramIds(self._kinds()["c"])
        if self._words is None:
            self._words = WordIds(self._kinds())
        folded = [DIGIT.sub("0", t) for t in texts]
        found = [self._grams.lookup(folded, n) for n in self.config.ngrams]
        cuts = list(map(tokenizer().words, folded))
        tokens = list(chain.from_iterable(cuts))  # the tokens of every text, one after another
        parts = self._words.parts(
            tokens, list(map(len, cuts)), self.config.word_bigrams, self.config.skip_window
        )
        parts += [(ids, np.diff(ends, prepend=0)) for ids, ends in found]
        # the length feature's id (0: not in the vocabulary) by bucket, the bucket the number of bounds below it
        known = np.array(
            [self.index.get(f"len:{k}", 0) for k in range(len(LENGTH_BUCKETS) + 1)], dtype=np.int64
        )
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        tails = known[np.searchsorted(LENGTH_BUCKETS, lengths, side="left")]
        parts.append((tails[tails != 0], (tails != 0).astype(np.int64)))
        return grams.rows(parts, len(texts))

    def logits(self, texts: Sequence[str], cleaned: bool = False):
        """Post logits of texts (``prepare``d here unless ``cleaned``), long posts read in windows: a torch
        tensor (training and its checks compare them so)."""
        import torch

        prepared = [t if cleaned else prepare(t, self.config.mask_places) for t in texts]
        return torch.from_numpy(self._post_logits(prepared, None)[0])

    def _windows_of(self, text: str) -> list[tuple[int, str]]:
        if not self.config.window_chars or len(text) <= self.config.window_min:
            return []
        return windows(text, self.config.window_chars)

    def _post_logits(self, prepared: Sequence[str], feats: Sequence[Sequence[Any]], spans: bool = False):
        """(post logits, the chosen window of each post: (start, window, its features) or None).
        ``feats``: the features of each text (with spans when ``spans``);
        ``feats`` None: no spans, and the feature ids found without their strings (``_plain_ids``)."""
        if feats is None:
            pieces = [
                (k, start, window, None)
                for k, text in enumerate(prepared)
                for start, window in self._windows_of(text)
            ]
            if not prepared and not pieces:
                return np.zeros((0, len(self.config.labels)), np.float32), []
            bags = self._plain_bags([*prepared, *(piece[2] for piece in pieces)])
        else:
            names = (lambda row: (f for f, _, _ in row)) if spans else (lambda row: row)
            rows = [self._ids(names(row)) for row in feats]
            pieces = []  # (post, start, window text, window features)
            for k, text in enumerate(prepared):
                for start, window in self._windows_of(text):
                    pieces.append((k, start, window, features(window, self.config, spans=spans)))
            rows += [self._ids(names(piece[3])) for piece in pieces]
            if not rows:
                return np.zeros((0, len(self.config.labels)), np.float32), []
            bags = _bag(rows)
        logits = self._forward(*bags)
        post, chosen = logits[: len(prepared)].copy(), [None] * len(prepared)
        if pieces:
            wage = self.config.labels.index("wage_arrears")
            wide = logits.astype(np.float64)
            others = np.delete(wide, wage, axis=1)
            margin = (wide[:, wage] - np.logaddexp.reduce(others, axis=1)).tolist()
            best: dict[int, int] = {}
            for j, (k, *_rest) in enumerate(pieces, start=len(prepared)):
                if k not in best or margin[j] > margin[best[k]]:
                    best[k] = j
            weight = self.config.window_weight
            for k, j in best.items():
                post[k] = weight * logits[j] + (1 - weight) * logits[k]
                chosen[k] = pieces[j - len(prepared)][1:]
        return post, chosen

    def predict_proba(self, texts: str | list[str]) -> list[dict[str, float]]:
        prepared = [prepare(t, self.config.mask_places) for t in as_list(texts)]
        probs = softmax(self._post_logits(prepared, None)[0]).tolist()
        return [dict(zip(self.config.labels, row, strict=True)) for row in probs]

    # ---- explanation ----
    def _margins(self, label: str, rival: str) -> list[float]:
        """Per feature: its push towards ``label`` minus its push towards ``rival`` (cached), times
        its idf weight when the model pools by idf."""
        key = (label, rival)
        if key not in self._margin_cache:
            table = self._table()
            if table is not None:  # the identity layer: each feature's push is its embedding row
                k, j = self.config.labels.index(label), self.config.labels.index(rival)
                self._margin_cache[key] = (table[0][:, k] - table[0][:, j]).tolist()
                return self._margin_cache[key]
            import torch

            with torch.inference_mode():
                weights = self.net.embedding.weight @ self.net.classifier.weight.T
                k, j = self.config.labels.index(label), self.config.labels.index(rival)
                margin = weights[:, k] - weights[:, j]
                if self.config.pooling == "idf":  # a feature pushes by its weight in the pooled mean
                    margin = margin * self.net.feature_weight
                self._margin_cache[key] = margin.tolist()
        return self._margin_cache[key]

    def explain(self, text: str, label: str, rival: str, top: int = 5, spans=None, window=None) -> list[str]:
        """The jieba words of this prepared text that pushed most towards ``label`` rather than
        ``rival`` (the runner-up), strongest first. The model is linear in the averaged feature
        embeddings, so this is exact: each feature's margin is spread over the characters it covers
        (for a post read in windows, the whole text's and the chosen window's features, each by its
        share of the post logits). ``spans``: ``features(text, spans=True)`` when the caller already
        has them (else found without their strings, ``fastexplain``); ``window``: the chosen window
        (start, text, spans or None), if any."""
        whole = self._spans(text, spans)
        views = [(0, whole, 1.0)]
        if window is not None:
            weight, part = self.config.window_weight, self._spans(window[1], window[2])
            views = [
                (0, whole, (1 - weight) / self._norm(whole)),
                (window[0], part, weight / self._norm(part)),
            ]
        key = (label, rival)
        margins = self._margin_arrays.get(key)
        if margins is None:
            margins = self._margin_arrays[key] = np.array(self._margins(label, rival), dtype=np.float64)
        return top_words(text, fastexplain.char_scores(len(text) + 1, views, margins), top, whole.words)

    def _spans(self, text: str, spans=None) -> fastexplain.Spans:
        if spans is not None:
            return fastexplain.from_features(text, spans, self.index)
        length_id = self.index.get(_length_feature(len(text)))
        folded = DIGIT.sub("0", text)
        ngrams = self._found.get(folded)
        return fastexplain.spans_of(text, folded, self.config, self._kinds(), length_id, ngrams)

    def _find_ngrams(self, texts: Sequence[str]) -> None:
        """Look the n-grams of ``texts`` (prepared) up at once, for ``_spans`` to take (``_found``)."""
        if texts and GramIds.handles(self.config.ngrams):
            if self._grams is None:
                self._grams = GramIds(self._kinds()["c"])
            self._found = fastexplain.find_ngrams(
                self._grams, [DIGIT.sub("0", t) for t in texts], self.config.ngrams
            )

    def _norm(self, spans: fastexplain.Spans) -> float:
        """What the pooling divides a bag's summed features by: their count, or their idf sum."""
        ids = spans.known or [0]
        if self.config.pooling == "idf":
            return float(self.net.feature_weight[ids].sum())
        return float(len(ids))

    # ---- the interface ----
    def predict(self, texts: str | list[str], explain: str | bool = "leads") -> list[Prediction]:
        """Label, probabilities, explanation and version for each text. ``explain``: True for every
        prediction, "leads" (default) only for wage_arrears / other_labor, False for none."""
        texts = as_list(texts)
        if len(texts) > CHUNK:  # bounded memory for the feature spans
            return [
                p for i in range(0, len(texts), CHUNK) for p in self.predict(texts[i : i + CHUNK], explain)
            ]
        prepared = [prepare(t, self.config.mask_places) for t in texts]
        if not prepared:
            return []
        # the features without their spans (the same logits and windows); the explained posts' spans are found
        # in ``explain`` (#12: for every post, with their strings, they cost three times the prediction)
        logits, chosen = self._post_logits(prepared, None)
        rows = softmax(logits).tolist()
        probs = [dict(zip(self.config.labels, map(round, row, repeat(4)), strict=True)) for row in rows]
        labels = [decide(p, self.config.wage_threshold) for p in probs]
        wanted = [explain is True or (explain == "leads" and label != "irrelevant") for label in labels]
        explained = [k for k, want in enumerate(wanted) if want]
        self._find_ngrams([prepared[k] for k in explained] + [chosen[k][1] for k in explained if chosen[k]])
        version = self.version
        out = []
        for text, window, p, label, want in zip(prepared, chosen, probs, labels, wanted, strict=True):
            reasons = self.explain(text, label, runner_up(p, label), window=window) if want else []
            out.append(Prediction(label, p["wage_arrears"], p, reasons, version))
        self._found = {}
        return out


def _bag(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of feature ids as EmbeddingBag input (flat ids, offsets)."""
    offsets, flat, total = [], [], 0
    for row in rows:
        offsets.append(total)
        flat.extend(row)
        total += len(row)
    return np.array(flat, dtype=np.int64), np.array(offsets, dtype=np.int64)


def __getattr__(name: str):
    if name == "FastTextNet":  # the torch network, imported only when asked for (training)
        from classifier.fastnet import FastTextNet

        return FastTextNet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
