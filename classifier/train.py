"""Training: seeded and reproducible runs for the ``fast`` and ``transformer`` models.

``TrainingArguments`` holds every knob (``to_dict``/``from_dict``, saved beside the model as
``training_args.json``). ``train_fast`` and ``train_transformer`` train on the train split, pick the
epoch with the best dev loss (early stopping) and never look at the test split. ``train_model`` is
what ``wagewatch classifier train`` calls: splits, optional officer feedback, training, saving.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import torch
from torch import nn

from classifier.base import LABELS, choose_threshold, model_dir
from classifier.data import Example, load_background, load_holdout, load_splits
from classifier.fast import FastClassifier, FastConfig, build_vocab, features, idf_weights
from classifier.fastnet import FastTextNet
from classifier.realtext import load_real_text, real_text_setting
from classifier.text import prepare

log = logging.getLogger("wagewatch.classifier.train")
ROOT = Path(__file__).resolve().parent.parent
TRAINING_FILE = Path(__file__).parent / "data" / "training.toml"


def corpus_setting(name: str, path: Path = TRAINING_FILE) -> float:
    """A number from the operator-edited training settings (``data/training.toml``)."""
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8"))[name]
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: training settings missing (restore it from git)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    except KeyError:
        raise ValueError(f"{path}: {name} is not set") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{path}: {name} must be a number >= 0, got {value!r}")
    return float(value)


@dataclass
class TrainingArguments:
    seed: int = 13
    # fast model
    fast_dim: int = 64
    fast_epochs: int = 40
    fast_lr: float = 0.02
    fast_batch_size: int = 16
    fast_weight_decay: float = 0.0
    fast_feature_dropout: float = 0.3
    fast_min_count: int = 2
    fast_patience: int = 6
    # early stopping keeps the epoch with the lowest dev loss from this epoch on (0: from the first); the
    # hand-written dev split's loss is lowest after two epochs, before real-text posts are fitted
    fast_min_epochs: int = 0
    fast_ensemble: int = 5
    fast_mask_places: bool = True
    fast_ngrams: tuple[int, ...] = (1, 2, 3)
    fast_skip_window: int = 0
    fast_pooling: str = "mean"  # or "idf" (see FastConfig.pooling)
    # long posts are also read in windows of whole sentences (FastConfig.window_*; chosen on dev)
    fast_window_chars: int = 100
    fast_window_min: int = 150
    fast_window_weight: float = 0.75
    # loss weight of look-alike non-leads (``hard_negative``): set in data/training.toml
    hard_negative_weight: float = field(default_factory=lambda: corpus_setting("hard_negative_weight"))
    # background negatives (data/background/reviews.txt): how many, and their loss weight
    background: int = 3000
    background_weight: float = 0.5
    # labelled real-text files added to the train split, each with a loss weight: data/training.toml
    real_text: list[dict[str, Any]] = field(default_factory=lambda: real_text_setting())
    # the lead threshold is chosen on dev: best wage_arrears F1 with at most this hard-negative
    # false-positive rate (0 keeps the plain 0.5)
    max_hard_negative_fpr: float = 0.02
    # transformer fine-tuning
    epochs: int = 15
    lr: float = 1.5e-4
    batch_size: int = 32
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_length: int = 128
    max_windows: int = 4
    window_pooling: str = "mean"  # "mean" or "max" (classifier.transformer.pool_windows)
    patience: int = 3
    mask_places: bool = True
    # both
    label_smoothing: float = 0.1
    feedback_weight: float = 2.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingArguments:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


class EarlyStopping:
    """Keep the weights of the epoch with the lowest dev loss; stop after ``patience`` epochs
    without a better one."""

    def __init__(self, patience: int):
        self.patience, self.best, self.stale, self.state = patience, math.inf, 0, None

    def stop(self, loss: float, module: nn.Module) -> bool:
        if loss < self.best - 1e-4:
            self.best, self.stale = loss, 0
            self.state = {k: v.detach().clone() for k, v in module.state_dict().items()}
            return False
        self.stale += 1
        return self.stale >= self.patience

    def restore(self, module: nn.Module) -> None:
        if self.state is not None:
            module.load_state_dict(self.state)
        module.eval()


def example_weights(examples: Sequence[Example], args: TrainingArguments, weights=None) -> list[float]:
    """Per-example loss weights: ``weights`` (or 1) times ``hard_negative_weight`` for look-alikes."""
    base = weights if weights is not None else [1.0] * len(examples)
    return [
        w * (args.hard_negative_weight if e.hard_negative else 1.0)
        for w, e in zip(base, examples, strict=True)
    ]


def label_ids(examples: Sequence[Example]) -> torch.Tensor:
    return torch.tensor([LABELS.index(e.label) for e in examples], dtype=torch.long)


# ---- fast ---------------------------------------------------------------------------------------


def _fast_batch(rows: list[list[int]], keep: float, generator: torch.Generator | None):
    ids, offsets = [], []
    for row in rows:
        offsets.append(len(ids))
        if generator is not None and keep < 1 and len(row) > 1:
            mask = torch.rand(len(row), generator=generator) < keep
            kept = [f for f, m in zip(row, mask.tolist(), strict=True) if m]
            row = kept or row[:1]
        ids.extend(row)
    return torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


def train_fast(
    train: Sequence[Example],
    dev: Sequence[Example],
    args: TrainingArguments | None = None,
    weights: Sequence[float] | None = None,
    progress: Callable[[str], None] = log.info,
) -> tuple[FastClassifier, list[dict[str, float]]]:
    """A fast model trained on ``train`` (optionally weighted per example), early-stopped on ``dev``:
    ``fast_ensemble`` members (seeds seed, seed+1, ...) collapsed into one exact logit average."""
    args = args or TrainingArguments()
    config = FastConfig(
        dim=args.fast_dim,
        ngrams=tuple(args.fast_ngrams),
        mask_places=args.fast_mask_places,
        skip_window=args.fast_skip_window,
        pooling=args.fast_pooling,
        window_chars=args.fast_window_chars,
        window_min=args.fast_window_min,
        window_weight=args.fast_window_weight,
    )
    train_text = [prepare(e.text, config.mask_places) for e in train]
    dev_text = [prepare(e.text, config.mask_places) for e in dev]
    vocab = build_vocab(train_text, config, min_count=args.fast_min_count)
    index = {f: i for i, f in enumerate(vocab)}

    def encode(texts: list[str]) -> list[list[int]]:
        return [[index[f] for f in features(t, config) if f in index] or [0] for t in texts]

    train_rows, dev_rows = encode(train_text), encode(dev_text)
    idf = idf_weights(train_text, vocab, config) if config.pooling == "idf" else None
    members, history = [], []
    for k in range(max(1, args.fast_ensemble)):
        member, member_history = _train_fast_member(
            config,
            vocab,
            train_rows,
            dev_rows,
            label_ids(train),
            label_ids(dev),
            example_weights(train, args, weights),
            args,
            args.seed + k,
            progress,
            idf,
        )
        members.append(member)
        history += [{"member": k, **row} for row in member_history]
    return FastClassifier.collapse(members), history


def _train_fast_member(
    config, vocab, train_rows, dev_rows, y, y_dev, weights, args, seed, progress, idf=None
):
    seed_everything(seed)
    # sparse embedding gradients: each step touches only the features of its batch
    model = FastClassifier(config, vocab, FastTextNet(len(vocab), config, sparse=True))
    if idf is not None:
        model.net.feature_weight.copy_(idf)
    w = torch.tensor(weights if weights is not None else [1.0] * len(train_rows), dtype=torch.float)
    net = model.net
    sparse_opt = torch.optim.SparseAdam(list(net.embedding.parameters()), lr=args.fast_lr)
    dense_opt = torch.optim.Adam(
        net.classifier.parameters(), lr=args.fast_lr, weight_decay=args.fast_weight_decay
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing, reduction="none")
    generator = torch.Generator().manual_seed(seed)
    dev_ids, dev_offsets = _fast_batch(dev_rows, 1.0, None)
    stopper, history = EarlyStopping(args.fast_patience), []
    for epoch in range(args.fast_epochs):
        net.train()
        order = torch.randperm(len(train_rows), generator=generator).tolist()
        total = 0.0
        for start in range(0, len(order), args.fast_batch_size):
            batch = order[start : start + args.fast_batch_size]
            ids, offsets = _fast_batch(
                [train_rows[i] for i in batch], 1 - args.fast_feature_dropout, generator
            )
            loss = (loss_fn(net(ids, offsets), y[batch]) * w[batch]).sum() / w[batch].sum()
            sparse_opt.zero_grad()
            dense_opt.zero_grad()
            loss.backward()
            sparse_opt.step()
            dense_opt.step()
            total += float(loss.detach()) * len(batch)
        net.eval()
        with torch.no_grad():
            dev_logits = net(dev_ids, dev_offsets)
            dev_loss = float(nn.functional.cross_entropy(dev_logits, y_dev)) if dev_rows else 0.0
            dev_acc = float((dev_logits.argmax(-1) == y_dev).float().mean()) if dev_rows else 0.0
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / len(train_rows),
                "dev_loss": dev_loss,
                "dev_accuracy": dev_acc,
            }
        )
        progress(
            f"fast (seed {seed}) epoch {epoch + 1}: train loss {total / len(train_rows):.4f}, "
            f"dev loss {dev_loss:.4f}, dev accuracy {dev_acc:.3f}"
        )
        if epoch + 1 >= args.fast_min_epochs and stopper.stop(dev_loss, net):
            break
    stopper.restore(net)
    return FastClassifier(config, vocab, net), history


# ---- transformer ----------------------------------------------------------------------------------


def _length_batches(lengths: Sequence[int], batch_size: int, generator: torch.Generator) -> list[list[int]]:
    """Shuffled batches of similar-length examples (less padding, same randomness every run)."""
    order = torch.randperm(len(lengths), generator=generator).tolist()
    pool = batch_size * 20
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    perm = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[i] for i in perm]


def train_transformer(
    train: Sequence[Example],
    dev: Sequence[Example],
    base: str | Path,
    args: TrainingArguments | None = None,
    weights: Sequence[float] | None = None,
    progress: Callable[[str], None] = log.info,
):
    """Fine-tune the checkpoint in ``base`` (any BERT-family directory with a tokenizer) on
    ``train``; the epoch with the best dev loss is kept. Returns (TransformerClassifier, history)."""
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )
    from transformers.utils import logging as hf_logging

    from classifier.transformer import TransformerClassifier, pool_windows

    args = args or TrainingArguments()
    seed_everything(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the MLM head is dropped and the classifier head is new: expected
    try:
        model = AutoModelForSequenceClassification.from_pretrained(
            base,
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)},
            dtype=torch.float32,
        )
    finally:
        hf_logging.set_verbosity(verbosity)
    model.config.wagewatch_mask_places = args.mask_places
    model.config.wagewatch_max_windows = args.max_windows
    model.config.wagewatch_window_pooling = args.window_pooling
    classifier = TransformerClassifier(model, tokenizer, max_length=args.max_length)

    def encode(examples: Sequence[Example]) -> tuple[list[list[int]], list[int]]:
        """Token ids of each window (a long post is read in overlapping windows, as at prediction
        time) and the example each window belongs to."""
        texts = [prepare(e.text, args.mask_places) for e in examples]
        encoded = tokenizer(
            texts,
            truncation=True,
            max_length=classifier.max_length,
            stride=classifier.stride,
            return_overflowing_tokens=True,
        )
        rows, owners, seen = [], [], Counter()
        for ids, owner in zip(encoded["input_ids"], encoded["overflow_to_sample_mapping"], strict=True):
            seen[owner] += 1
            if seen[owner] <= args.max_windows:
                rows.append(ids)
                owners.append(owner)
        return rows, owners

    (train_ids, train_owner), (dev_ids, dev_owner) = encode(train), encode(dev)
    windows = Counter(train_owner)
    example_w = example_weights(train, args, weights)
    # each example weighs the same however many windows it has
    w = torch.tensor([example_w[o] / windows[o] for o in train_owner], dtype=torch.float)
    y = label_ids(train)[torch.tensor(train_owner)]
    y_dev = label_ids(dev)
    dev_owner_t = torch.tensor(dev_owner)
    pad = tokenizer.pad_token_id

    def batch_tensors(rows: list[list[int]]):
        width = max(len(r) for r in rows)
        ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
        return ids, (ids != pad).long()

    units_per_epoch = len(train) if args.window_pooling == "max" else len(train_ids)
    steps_per_epoch = math.ceil(units_per_epoch / args.batch_size)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
    )
    total_steps = steps_per_epoch * args.epochs
    schedule = get_linear_schedule_with_warmup(optimizer, int(total_steps * args.warmup_ratio), total_steps)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing, reduction="none")
    generator = torch.Generator().manual_seed(args.seed)
    stopper, history = EarlyStopping(args.patience), []
    started = time.monotonic()
    # "max" pooling is learnt post by post (all windows of a post in one batch); "mean" window by window
    by_post = [[] for _ in train]
    for window, owner in enumerate(train_owner):
        by_post[owner].append(window)
    post_y, post_w = label_ids(train), torch.tensor(example_w, dtype=torch.float)
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        if args.window_pooling == "max":
            units = _length_batches([len(train_ids[p[-1]]) for p in by_post], args.batch_size, generator)
        else:
            units = _length_batches([len(r) for r in train_ids], args.batch_size, generator)
        for batch in units:
            if args.window_pooling == "max":
                chosen = [window for post in batch for window in by_post[post]]
                local = torch.tensor([k for k, post in enumerate(batch) for _ in by_post[post]])
                ids, mask = batch_tensors([train_ids[i] for i in chosen])
                window_logits = model(input_ids=ids, attention_mask=mask).logits
                logits = pool_windows(window_logits, local, len(batch), "max", LABELS.index("wage_arrears"))
                loss = (loss_fn(logits, post_y[batch]) * post_w[batch]).sum() / post_w[batch].sum()
            else:
                ids, mask = batch_tensors([train_ids[i] for i in batch])
                logits = model(input_ids=ids, attention_mask=mask).logits
                loss = (loss_fn(logits, y[batch]) * w[batch]).sum() / w[batch].sum()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(batch)
        model.eval()
        window_logits = torch.zeros(len(dev_ids), len(LABELS))
        with torch.inference_mode():
            order = sorted(range(len(dev_ids)), key=lambda i: len(dev_ids[i]))
            for start in range(0, len(order), 64):
                chosen = order[start : start + 64]
                ids, mask = batch_tensors([dev_ids[i] for i in chosen])
                window_logits[chosen] = model(input_ids=ids, attention_mask=mask).logits
        dev_logits = pool_windows(
            window_logits, dev_owner_t, len(dev), args.window_pooling, LABELS.index("wage_arrears")
        )
        dev_loss = float(nn.functional.cross_entropy(dev_logits, y_dev)) if len(dev) else 0.0
        correct = int((dev_logits.argmax(-1) == y_dev).sum())
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / units_per_epoch,
                "dev_loss": dev_loss,
                "dev_accuracy": correct / max(1, len(dev)),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
        progress(
            f"transformer epoch {epoch + 1}: train loss {total / units_per_epoch:.4f}, "
            f"dev loss {dev_loss:.4f}, "
            f"dev accuracy {history[-1]['dev_accuracy']:.3f}, {history[-1]['seconds']:.0f}s"
        )
        if stopper.stop(dev_loss, model):
            break
    stopper.restore(model)
    return classifier, history


# ---- what `wagewatch classifier train` runs -----------------------------------------------------------


def _write_report(path: Path, body: dict[str, Any]) -> None:
    (path / "training.json").write_text(
        json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def train_model(
    kind: str,
    settings: dict[str, Any] | None = None,
    feedback: Sequence[Example] = (),
    out: str | Path | None = None,
    args: TrainingArguments | None = None,
    progress: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """Train ``kind`` (fast, transformer or cascade = both, then the band tuned on dev) on the
    train split plus ``feedback`` examples, save it where the configuration says (or ``out``),
    and return a summary (paths, minutes, dev figures)."""

    settings = settings or {}
    args = args or TrainingArguments()
    splits = load_splits()
    background = load_background(args.background)
    held_out = list(splits["dev"]) + list(splits["test"]) + load_holdout()
    real, real_weights = load_real_text(args.real_text, held_out)
    train, dev = list(splits["train"]) + list(feedback) + background + real, splits["dev"]
    weights = (
        [1.0] * len(splits["train"])
        + [args.feedback_weight] * len(feedback)
        + [args.background_weight] * len(background)
        + real_weights
    )
    data = {
        "train": len(splits["train"]),
        "feedback": len(feedback),
        "background": len(background),
        "real_text": len(real),
        "dev": len(dev),
    }
    summary: dict[str, Any] = {}
    if kind in ("fast", "cascade"):
        target = Path(out) if out and kind == "fast" else model_dir("fast", settings)
        started = time.monotonic()
        model, history = train_fast(train, dev, args, weights, progress)
        summary["fast"] = _finish(model, history, dev, args, target, started, {"data": data})
    if kind in ("transformer", "cascade"):
        from classifier.pretrain import BASE_DIR, pretrain

        target = Path(out) if out and kind == "transformer" else model_dir("transformer", settings)
        base = Path(settings.get("pretrained_path") or BASE_DIR)
        pretrain_minutes = 0.0
        if not (base / "config.json").exists():
            if settings.get("pretrained_path"):
                raise FileNotFoundError(f"[classifier] pretrained_path {base} has no config.json")
            from classifier.data import unlabelled_texts

            progress(f"no pre-trained base in {base}: pre-training the compact Chinese BERT first")
            started = time.monotonic()
            pretrain(unlabelled_texts(), out=base, progress=progress)
            pretrain_minutes = (time.monotonic() - started) / 60
        started = time.monotonic()
        model, history = train_transformer(train, dev, base, args, weights, progress)
        shown = base.resolve()  # recorded relative to the repository when it lies inside it
        shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
        report = {"base": str(shown), "pretrain_minutes": round(pretrain_minutes, 2), "data": data}
        summary["transformer"] = _finish(model, history, dev, args, target, started, report)
        summary["transformer"]["pretrain_minutes"] = pretrain_minutes
    if kind == "cascade":
        from classifier.cascade import tune_band
        from classifier.fast import FastClassifier
        from classifier.transformer import TransformerClassifier

        fast = FastClassifier.from_pretrained(summary["fast"]["path"])
        transformer = TransformerClassifier.from_pretrained(summary["transformer"]["path"])
        texts = [e.text for e in dev]
        fast_pred = fast.predict(texts, explain=False)
        transformer_pred = transformer.predict(texts, explain=False)
        band, f1, share = tune_band(
            [p.score for p in fast_pred],
            [p.label for p in fast_pred],
            [p.label for p in transformer_pred],
            [e.label for e in dev],
        )
        summary["cascade"] = {"band": list(band), "dev_wage_f1": f1, "dev_routed": share}
    if kind not in ("fast", "transformer", "cascade"):
        raise ValueError(f"cannot train {kind!r}: choose fast, transformer or cascade")
    return summary


def _finish(
    model, history, dev, args, target: Path, started: float, report: dict[str, Any]
) -> dict[str, Any]:
    """Choose the lead threshold on dev, save the model and its ``training.json``; the summary."""
    from classifier.evaluate import evaluate

    threshold = tune_threshold(model, dev, args)
    minutes = (time.monotonic() - started) / 60
    model.save_pretrained(target)
    headline = _headline(evaluate(model, dev, worst=0))
    _write_report(
        target,
        {
            "model": model.version,
            "minutes": round(minutes, 2),
            **report,
            "training_args": args.to_dict(),
            "history": history,
            "threshold": threshold,
            "dev": headline,
        },
    )
    return {"path": str(target), "minutes": minutes, "version": model.version, "dev": headline}


def tune_threshold(model, dev: Sequence[Example], args: TrainingArguments) -> dict[str, float]:
    """Choose the model's lead threshold on dev (``classifier.base.choose_threshold``) and set it."""
    if not args.max_hard_negative_fpr or not dev:
        return {"threshold": 0.5}
    scores = [p.score for p in model.predict([e.text for e in dev], explain=False)]
    chosen = choose_threshold(
        scores, [e.label for e in dev], [e.hard_negative for e in dev], args.max_hard_negative_fpr
    )
    model.set_threshold(chosen["threshold"])
    return chosen


def _headline(result: dict[str, Any]) -> dict[str, float]:
    return {
        "accuracy": round(result["accuracy"], 4),
        "macro_f1": round(result["macro_f1"], 4),
        "wage_arrears_f1": round(result["per_label"]["wage_arrears"]["f1"], 4),
        "hard_negative_fpr": round(result["hard_negative_fpr"], 4),
    }
