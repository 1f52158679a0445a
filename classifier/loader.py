"""Pick a model by name: ``load_classifier(kind, settings)`` with the ``[classifier]`` settings.

The models: ``rules`` (rules.py, weighted keyword rules), ``fast`` (fast.py: jieba words + character
n-grams, a fastText-style model), ``transformer`` (transformer.py: any BERT-family checkpoint
fine-tuned, by default the compact Chinese BERT trained here) and ``cascade`` (cascade.py: fast
settles the clear cases, the transformer the uncertain band). Each is imported only when asked for,
so loading ``rules`` or ``fast`` never imports transformers.
"""

from __future__ import annotations

from typing import Any

from classifier.base import model_dir

KINDS = ("rules", "fast", "transformer", "cascade")
DEFAULT_KIND = "fast"  # keep equal to config.py's [pipeline] classifier default
# the [classifier] config section; an empty path means the model shipped in classifier/models/
DEFAULT_SETTINGS: dict[str, Any] = {
    "fast_path": "",
    "transformer_path": "",
    "pretrained_path": "",
    "cascade_band": [0.4, 0.6],
}


def load_classifier(kind: str = DEFAULT_KIND, settings: dict[str, Any] | None = None):
    """The model named by ``[pipeline] classifier``, with the ``[classifier]`` settings."""
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    if kind == "rules":
        from classifier.rules import RuleClassifier

        return RuleClassifier()
    if kind == "fast":
        from classifier.fast import FastClassifier

        return FastClassifier.from_pretrained(model_dir("fast", settings))
    if kind == "transformer":
        from classifier.transformer import TransformerClassifier

        return TransformerClassifier.from_pretrained(model_dir("transformer", settings))
    if kind == "cascade":
        from classifier.cascade import CascadeClassifier

        low, high = settings["cascade_band"]
        return CascadeClassifier(
            load_classifier("fast", settings), load_classifier("transformer", settings), band=(low, high)
        )
    raise ValueError(f"unknown classifier {kind!r} (known: {', '.join(KINDS)})")
