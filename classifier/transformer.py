"""The ``transformer`` model: ``AutoModelForSequenceClassification`` and its tokenizer.

Any BERT-family checkpoint directory works (``bert-base-chinese``, ``hfl/chinese-roberta-wwm-ext``,
``hfl/rbt3``... downloaded once by a user, path in ``[classifier] pretrained_path``); by default the
compact character BERT pre-trained here (``pretrain.py``) is fine-tuned. Label names live in the
saved config's ``id2label``. Texts longer than the model's window are read in overlapping windows
whose logits are averaged. The explanation is gradient × input at the first encoder layer's input,
summed over the characters of each jieba word.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from transformers.utils import logging as hf_logging

from classifier.base import LABELS, Prediction, as_list, decide, runner_up, threshold_suffix
from classifier.text import prepare, top_words

hf_logging.disable_progress_bar()  # no "Loading weights" bar on every model load in CLI output

MAX_WINDOWS = 8


def _file_hash(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:10]


class TransformerClassifier:
    """A fine-tuned sequence classifier behind ``predict(texts)``."""

    def __init__(self, model, tokenizer, max_length: int = 128, stride: int = 32, version: str = ""):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = min(max_length, getattr(model.config, "max_position_embeddings", max_length))
        self.stride = min(stride, self.max_length // 4)  # the overlap of consecutive windows
        self.weights_version = version or "transformer-untrained"
        self.labels = tuple(model.config.id2label[i] for i in range(model.config.num_labels))
        # set when wagewatch fine-tuned the model on place-masked text (text.prepare)
        self.mask_places = bool(getattr(model.config, "wagewatch_mask_places", False))
        # how many windows of a long post are read, and how their logits make the post's
        # ("mean": averaged; "max": the window most like a lead speaks for the post)
        self.max_windows = int(getattr(model.config, "wagewatch_max_windows", MAX_WINDOWS))
        self.window_pooling = str(getattr(model.config, "wagewatch_window_pooling", "mean"))
        # P(wage_arrears) from which a post is a lead (chosen on dev when wagewatch trained it)
        self.wage_threshold = float(getattr(model.config, "wagewatch_wage_threshold", 0.5))
        if set(self.labels) != set(LABELS):
            raise ValueError(f"model labels {self.labels} are not {LABELS}")

    @classmethod
    def from_pretrained(cls, path: str | Path, **kwargs: Any) -> TransformerClassifier:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        path = Path(path)
        if not (path / "config.json").exists():
            raise FileNotFoundError(
                f"no transformer model in {path} (train one: wagewatch classifier train --model transformer)"
            )
        model = AutoModelForSequenceClassification.from_pretrained(path, dtype=torch.float32)
        tok = AutoTokenizer.from_pretrained(path)
        weights = path / "model.safetensors"
        version = f"transformer-{_file_hash(weights)}" if weights.exists() else "transformer"
        return cls(model, tok, version=version, **kwargs)

    @property
    def version(self) -> str:
        """The weights' version plus, unless it is 0.5, ``@`` the lead threshold."""
        return self.weights_version + threshold_suffix(self.wage_threshold)

    def set_threshold(self, threshold: float) -> None:
        """Set the P(wage_arrears) from which a post is a lead; saved in the model config."""
        self.wage_threshold = float(threshold)
        self.model.config.wagewatch_wage_threshold = self.wage_threshold

    def save_pretrained(self, path: str | Path) -> None:
        path = Path(path)
        self.model.save_pretrained(path)
        self.tokenizer.save_pretrained(path)
        vocab = sorted(self.tokenizer.get_vocab().items(), key=lambda kv: kv[1])
        (path / "vocab.txt").write_text("\n".join(t for t, _ in vocab) + "\n", encoding="utf-8")
        self.weights_version = f"transformer-{_file_hash(path / 'model.safetensors')}"

    # ---- encoding and scoring ----
    def encode(self, texts: Sequence[str]):
        """Windows of the (cleaned) texts: a BatchEncoding with ``overflow_to_sample_mapping``."""
        return self.tokenizer(
            list(texts),
            truncation=True,
            max_length=self.max_length,
            stride=self.stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding=True,
            return_tensors="pt",
        )

    def _window_logits(self, encoding, inputs_embeds=None) -> torch.Tensor:
        kwargs = {"attention_mask": encoding["attention_mask"]}
        if "token_type_ids" in encoding:
            kwargs["token_type_ids"] = encoding["token_type_ids"]
        if inputs_embeds is None:
            kwargs["input_ids"] = encoding["input_ids"]
        else:
            kwargs["inputs_embeds"] = inputs_embeds
        return self.model(**kwargs).logits

    def logits(self, texts: Sequence[str], batch_size: int = 64) -> torch.Tensor:
        """(texts, labels) logits of cleaned texts, windows averaged; batches of similar length."""
        out = torch.zeros(len(texts), len(self.labels))
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                encoding = self.encode([texts[i] for i in chosen])
                mapping = encoding["overflow_to_sample_mapping"]
                keep = _first_windows(mapping, self.max_windows)
                window_logits = self._window_logits({k: v[keep] for k, v in encoding.items()})
                out[chosen] = pool_windows(
                    window_logits, mapping[keep], len(chosen), self.window_pooling, self.wage_index
                )
        return out

    @property
    def wage_index(self) -> int:
        return self.labels.index("wage_arrears")

    def predict_proba(self, texts: str | list[str]) -> list[dict[str, float]]:
        probs = torch.softmax(
            self.logits([prepare(t, self.mask_places) for t in as_list(texts)]), dim=-1
        ).tolist()
        return [dict(zip(self.labels, row, strict=True)) for row in probs]

    # ---- explanation ----
    attribution_layer = 0  # the first layer's input: every token, before mixing (explanations read best)

    def _attribution_layer(self) -> torch.nn.Module | None:
        """The encoder layer whose input is attributed (BERT, RoBERTa, ELECTRA... keep their
        layers in ``encoder.layer``)."""
        layers = getattr(getattr(self.model.base_model, "encoder", None), "layer", None)
        return layers[self.attribution_layer] if layers is not None and len(layers) else None

    def explain(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        rivals: Sequence[str],
        top: int = 5,
        batch_size: int = 32,
    ) -> list[list[str]]:
        """For each prepared text, the jieba words with the largest gradient × input towards its
        label rather than its rival (the runner-up), at the input of encoder layer
        ``attribution_layer`` (token + position embeddings; a later layer would make the backward
        pass shorter but the words less telling); models without ``encoder.layer`` fall back to
        the word embeddings."""
        out: list[list[str]] = [[] for _ in texts]
        layer = self._attribution_layer()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of similar length
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            chunk = [texts[i] for i in chosen]
            chunk_labels, chunk_rivals = [labels[i] for i in chosen], [rivals[i] for i in chosen]
            encoding = self.encode(chunk)
            mapping = encoding["overflow_to_sample_mapping"]
            keep = _first_windows(mapping, self.max_windows)
            encoding = {k: v[keep] for k, v in encoding.items()}
            mapping = mapping[keep]
            target = torch.tensor([self.labels.index(chunk_labels[i]) for i in mapping.tolist()])
            rival = torch.tensor([self.labels.index(chunk_rivals[i]) for i in mapping.tolist()])
            token_scores = self._grad_times_input(encoding, target, rival, layer).tolist()
            char_scores = [[0.0] * (len(t) + 1) for t in chunk]
            for window, offsets in enumerate(encoding["offset_mapping"].tolist()):
                scores = char_scores[int(mapping[window])]
                for position, (begin, end) in enumerate(offsets):
                    if end > begin:
                        share = token_scores[window][position] / (end - begin)
                        for c in range(begin, end):
                            scores[c] += share
            for i, text, scores in zip(chosen, chunk, char_scores, strict=True):
                out[i] = top_words(text, scores, top)
        return out

    def _grad_times_input(self, encoding, target, rival, layer) -> torch.Tensor:
        """(windows, tokens) gradient × input of the logit margin target − rival."""
        captured: list[torch.Tensor] = []

        def leaf(_module, args, kwargs):
            hidden = args[0].detach().requires_grad_(True)
            captured.append(hidden)
            return (hidden, *args[1:]), kwargs

        flags = [p.requires_grad for p in self.model.parameters()]
        self.model.requires_grad_(False)  # no graph before the attribution point
        try:
            with torch.enable_grad():
                if layer is None:
                    embeddings = self.model.get_input_embeddings()(encoding["input_ids"]).requires_grad_(True)
                    captured.append(embeddings)
                    logits = self._window_logits(encoding, inputs_embeds=embeddings)
                else:
                    handle = layer.register_forward_pre_hook(leaf, with_kwargs=True)
                    try:
                        logits = self._window_logits(encoding)
                    finally:
                        handle.remove()
                margin = logits.gather(1, target.unsqueeze(1)) - logits.gather(1, rival.unsqueeze(1))
                (grad,) = torch.autograd.grad(margin.sum(), captured[0])
        finally:
            for parameter, flag in zip(self.model.parameters(), flags, strict=True):
                parameter.requires_grad_(flag)
        return (grad * captured[0]).sum(-1).detach()

    # ---- the interface ----
    def predict(self, texts: str | list[str], explain: str | bool = "leads") -> list[Prediction]:
        """Label, probabilities, explanation and version for each text. ``explain``: True for every
        prediction, "leads" (default) only for wage_arrears / other_labor, False for none."""
        cleaned = [prepare(t, self.mask_places) for t in as_list(texts)]
        if not cleaned:
            return []
        probs = torch.softmax(self.logits(cleaned), dim=-1).tolist()
        rows = [dict(zip(self.labels, (round(v, 4) for v in row), strict=True)) for row in probs]
        labels = [decide(p, self.wage_threshold) for p in rows]
        wanted = [
            i
            for i, label in enumerate(labels)
            if explain is True or (explain == "leads" and label != "irrelevant")
        ]
        reasons = dict(
            zip(
                wanted,
                self.explain(
                    [cleaned[i] for i in wanted],
                    [labels[i] for i in wanted],
                    [runner_up(rows[i], labels[i]) for i in wanted],
                ),
                strict=True,
            )
        )
        return [
            Prediction(label, p["wage_arrears"], p, reasons.get(i, []), self.version)
            for i, (label, p) in enumerate(zip(labels, rows, strict=True))
        ]


def pool_windows(
    logits: torch.Tensor, owner: torch.Tensor, n: int, how: str = "mean", wage: int = 0
) -> torch.Tensor:
    """(n, labels) post logits from (windows, labels) window logits and each window's post.
    "mean" averages a post's windows; "max" takes the logits of its window with the largest
    margin for wage_arrears over the other labels (a complaint buried in the fourth paragraph
    of a letter is not averaged away by three paragraphs of greetings and background). The
    chosen window carries the gradient in training."""
    if how == "mean":
        sums = torch.zeros(n, logits.shape[1], dtype=logits.dtype).index_add(0, owner, logits)
        return sums / torch.bincount(owner, minlength=n).clamp(min=1).unsqueeze(1)
    if how != "max":
        raise ValueError(f"unknown window pooling {how!r} (mean or max)")
    others = torch.cat([logits[:, :wage], logits[:, wage + 1 :]], dim=1)
    margin = (logits[:, wage] - torch.logsumexp(others, dim=1)).detach().tolist()
    best: dict[int, int] = {}
    for window, post in enumerate(owner.tolist()):
        if post not in best or margin[window] > margin[best[post]]:
            best[post] = window
    return logits[torch.tensor([best[post] for post in range(n)])]


def _first_windows(mapping: torch.Tensor, limit: int) -> torch.Tensor:
    """Indices of the windows to keep: at most ``limit`` per text."""
    seen: dict[int, int] = {}
    keep = []
    for i, sample in enumerate(mapping.tolist()):
        seen[sample] = seen.get(sample, 0) + 1
        if seen[sample] <= limit:
            keep.append(i)
    return torch.tensor(keep, dtype=torch.long)
