"""A compact Chinese BERT made here: character vocabulary, ``BertTokenizerFast``, masked-LM
pre-training (``BertForMaskedLM``) on all the unlabelled Chinese text available offline (the corpus,
the demo posts and the repository's own text files, see ``data.unlabelled_texts``).

The result is saved with ``save_pretrained`` (tokenizer and model in one directory) and loads with
``AutoTokenizer.from_pretrained`` / ``AutoModelForSequenceClassification.from_pretrained`` like any
hub checkpoint; ``transformer.py`` fine-tunes it. Rebuild::

    python -m classifier.pretrain --out classifier/models/zh-char-bert

PITFALL (transformers 5.x): ``BertTokenizer(vocab_file=...)`` silently ignores the file; the
tokenizer is built from a ``vocab=`` dict here and ``char_tokenizer`` checks that Chinese characters
survive.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from classifier.base import MODELS
from classifier.text import prepare

log = logging.getLogger("wagewatch.classifier.pretrain")
SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
BASE_DIR = MODELS / "zh-char-bert"


@dataclass
class PretrainArguments:
    seed: int = 13
    hidden_size: int = 128
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 512
    max_length: int = 128
    min_count: int = 2
    epochs: int = 10
    lr: float = 1e-3
    batch_size: int = 32
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    mask_probability: float = 0.15
    time_limit_s: float = 0.0  # 0 = none; a limit makes the result depend on the machine's speed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_vocab(texts: Sequence[str], min_count: int = 2) -> dict[str, int]:
    """Token -> id: the special tokens, ASCII letters and digits (whole and ``##`` pieces), then
    every character seen at least ``min_count`` times in the cleaned texts, most frequent first."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(ch for ch in text if not ch.isspace())
    tokens = list(SPECIAL)
    tokens += list(ASCII) + [f"##{c}" for c in ASCII]
    seen = set(tokens)
    for ch, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if ch in seen or (ch.isascii() and ch.isalnum()) or (n < min_count and not ch.isascii()):
            continue
        tokens.append(ch)
        seen.add(ch)
        if not _is_cjk(ch):  # symbols glued to Latin text ("gz😡") are WordPiece continuations
            tokens.append(f"##{ch}")
            seen.add(f"##{ch}")
    return {token: i for i, token in enumerate(tokens)}


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def char_tokenizer(vocab: dict[str, int], max_length: int = 128):
    """A real ``BertTokenizerFast`` over a character vocabulary (Chinese characters split one by
    one by BERT's pre-tokenizer; Latin letters and digits as WordPiece pieces)."""
    from transformers import BertTokenizerFast

    tokenizer = BertTokenizerFast(
        vocab=vocab, do_lower_case=True, tokenize_chinese_chars=True, model_max_length=max_length
    )
    probe = tokenizer.tokenize("老细冇出粮")
    if probe != list("老细冇出粮") and all(c in vocab for c in "老细冇出粮"):
        raise RuntimeError(f"the tokenizer lost Chinese characters: {probe}")
    return tokenizer


def _blocks(texts: Sequence[str], tokenizer, length: int) -> list[list[int]]:
    """Texts packed into blocks of ``length`` token ids (each wrapped in [CLS] ... [SEP]), texts
    separated by [SEP]."""
    stream: list[int] = []
    encoded = tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
    for ids in encoded:
        stream.extend(ids + [tokenizer.sep_token_id])
    body = length - 2
    return [
        [tokenizer.cls_token_id, *stream[i : i + body], tokenizer.sep_token_id]
        for i in range(0, len(stream), body)
        if len(stream[i : i + body]) >= 16
    ]


def _mask(batch: torch.Tensor, tokenizer, probability: float, generator: torch.Generator):
    """BERT masking: 15 % of ordinary tokens are predicted; of those 80 % become [MASK], 10 % a
    random token, 10 % stay."""
    labels = batch.clone()
    special = batch < len(SPECIAL)
    chosen = (torch.rand(batch.shape, generator=generator) < probability) & ~special
    labels[~chosen] = -100
    inputs = batch.clone()
    roll = torch.rand(batch.shape, generator=generator)
    inputs[chosen & (roll < 0.8)] = tokenizer.mask_token_id
    swap = chosen & (roll >= 0.8) & (roll < 0.9)
    inputs[swap] = torch.randint(len(SPECIAL), len(tokenizer), (int(swap.sum()),), generator=generator)
    return inputs, labels


def pretrain(
    texts: Sequence[str],
    args: PretrainArguments | None = None,
    out: str | Path | None = None,
    progress: Callable[[str], None] = log.info,
    mask_places: bool = True,
):
    """Build the vocabulary and tokenizer, pre-train ``BertForMaskedLM`` on ``texts`` (masked LM;
    the texts as the classifier reads them, ``text.prepare``), save both to ``out`` (when given)
    and return (model, tokenizer, history)."""
    from transformers import BertConfig, BertForMaskedLM, get_linear_schedule_with_warmup

    args = args or PretrainArguments()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    cleaned = [prepare(t, mask_places) for t in texts]
    cleaned = [t for t in cleaned if t]
    tokenizer = char_tokenizer(build_vocab(cleaned, args.min_count), args.max_length)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=args.hidden_size,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        intermediate_size=args.intermediate_size,
        max_position_embeddings=args.max_length,
        type_vocab_size=2,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = BertForMaskedLM(config)
    blocks = _blocks(cleaned, tokenizer, args.max_length)
    random.Random(args.seed).shuffle(blocks)
    held = max(1, len(blocks) // 50)
    dev_blocks, train_blocks = blocks[:held], blocks[held:]
    steps = args.epochs * math.ceil(len(train_blocks) / args.batch_size)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
    )
    schedule = get_linear_schedule_with_warmup(optimizer, int(steps * args.warmup_ratio), steps)
    generator = torch.Generator().manual_seed(args.seed)
    progress(
        f"pre-training on {len(cleaned)} texts, {sum(map(len, cleaned))} characters: "
        f"{len(train_blocks)} blocks of {args.max_length}, vocabulary {len(tokenizer)}"
    )
    history = []
    started = time.monotonic()

    def dev_loss() -> float:
        model.eval()
        g = torch.Generator().manual_seed(0)
        with torch.no_grad():
            batch = torch.tensor(_pad(dev_blocks, tokenizer.pad_token_id))
            inputs, labels = _mask(batch, tokenizer, args.mask_probability, g)
            return float(model(input_ids=inputs, attention_mask=(batch != 0).long(), labels=labels).loss)

    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train_blocks), generator=generator).tolist()
        total, count = 0.0, 0
        for start in range(0, len(order), args.batch_size):
            batch = torch.tensor(
                _pad(
                    [train_blocks[i] for i in order[start : start + args.batch_size]], tokenizer.pad_token_id
                )
            )
            inputs, labels = _mask(batch, tokenizer, args.mask_probability, generator)
            loss = model(
                input_ids=inputs, attention_mask=(batch != tokenizer.pad_token_id).long(), labels=labels
            ).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            count += 1
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / count,
                "dev_loss": dev_loss(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
        progress(
            f"MLM epoch {epoch + 1}: train loss {total / count:.3f}, dev loss {history[-1]['dev_loss']:.3f}, "
            f"{history[-1]['seconds']:.0f}s"
        )
        if args.time_limit_s and time.monotonic() - started > args.time_limit_s:
            progress(f"stopping: time limit of {args.time_limit_s:.0f}s reached")
            break
    model.eval()
    if out is not None:
        save_base(
            model,
            tokenizer,
            out,
            {
                "pretrain_args": args.to_dict(),
                "history": history,
                "texts": len(cleaned),
                "characters": sum(map(len, cleaned)),
            },
        )
    return model, tokenizer, history


def _pad(rows: list[list[int]], pad: int) -> list[list[int]]:
    width = max(len(r) for r in rows)
    return [r + [pad] * (width - len(r)) for r in rows]


def save_base(model, tokenizer, out: str | Path, info: dict[str, Any]) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    (out / "vocab.txt").write_text("\n".join(t for t, _ in vocab) + "\n", encoding="utf-8")
    (out / "pretraining.json").write_text(
        json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    from classifier.data import unlabelled_texts

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(BASE_DIR))
    for name, value in PretrainArguments().to_dict().items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    options = vars(parser.parse_args(argv))
    out = options.pop("out")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    pretrain(unlabelled_texts(), PretrainArguments(**options), out)
    print(f"saved {out} in {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
