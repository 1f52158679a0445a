"""Classifier throughput on this machine's CPU, text handling included, and peak memory.

    python bench/classify.py                 # every model, 2 threads
    python bench/classify.py --only fast --posts 5000

Each model runs in its own subprocess (so the peak RSS is that model's): the shipped ``fast``,
``transformer`` and ``cascade`` models as the pipeline calls them (``predict``, explanations for
leads only), the same without explanations, and a ``bert-base`` sized model (12 layers, hidden
768, the bert-base-chinese vocabulary size; random weights built from a config, never
downloaded) as a user's real checkpoint would run, plain and with dynamic int8 quantisation,
labels and probabilities only. The posts are the corpus and demo texts in a seeded shuffle
(their real length mix: median 37 characters, mean 69; about half are leads or other labour
disputes, so half get explained), cycled to ``--posts``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"fast": 2000, "transformer": 200}
CASES = [
    "fast",
    "fast-noexplain",
    "transformer",
    "transformer-noexplain",
    "cascade",
    "bert-base",
    "bert-base-int8",
]


def _texts(n: int) -> list[str]:
    from classifier.data import load_corpus, load_demo

    pool = [e.text for e in load_corpus()] + [e.text for e in load_demo()]
    random.Random(0).shuffle(pool)  # the corpus files are ordered by writer and topic
    return [pool[i % len(pool)] for i in range(n)]


def _bert_base():
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from classifier.base import LABELS
    from classifier.pretrain import BASE_DIR
    from classifier.transformer import TransformerClassifier

    config = BertConfig(
        vocab_size=21128,
        max_position_embeddings=512,
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={v: i for i, v in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config).eval()
    model.config.wagewatch_mask_places = True  # read posts the way the shipped models do
    model.config.wagewatch_max_windows = 4
    # our character tokenizer stands in for bert-base-chinese's (also one token per character)
    return TransformerClassifier(
        model, AutoTokenizer.from_pretrained(BASE_DIR), max_length=128, version="bert-base-random"
    )


def run_one(case: str, posts: int, threads: int) -> dict:
    import torch

    torch.set_num_threads(threads)
    from classifier import load_classifier

    started = time.perf_counter()
    if case.startswith("bert-base"):
        model = _bert_base()
        if case.endswith("int8"):
            model.model = torch.ao.quantization.quantize_dynamic(
                model.model, {torch.nn.Linear}, dtype=torch.qint8
            )
    else:
        model = load_classifier(case.split("-")[0])
    load_s = time.perf_counter() - started
    # quantised layers have no gradient, so the bert-base figures are for labels and probabilities only
    explain = False if case.endswith("noexplain") or case.startswith("bert-base") else "leads"
    texts = _texts(posts)
    model.predict(texts[:32], explain=explain)  # warm-up: jieba, OpenCC, first torch calls
    started = time.perf_counter()
    predictions = model.predict(texts, explain=explain)
    seconds = time.perf_counter() - started
    leads = sum(p.label != "irrelevant" for p in predictions)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "posts": len(texts),
        "seconds": round(seconds, 2),
        "posts_per_s": round(len(texts) / seconds, 1),
        "explained": leads if explain else 0,
        "load_s": round(load_s, 2),
        "peak_rss_mb": round(peak_mb),
        "threads": threads,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=CASES, action="append", help="Run only these cases (repeatable).")
    parser.add_argument("--posts", type=int, default=3000, help="Posts per fast/cascade run.")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--one", choices=CASES, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(run_one(options.one, options.posts, options.threads)))
        return 0
    sizes = {
        "fast": options.posts,
        "fast-noexplain": options.posts,
        "cascade": options.posts,
        "transformer": 1000,
        "transformer-noexplain": 1000,
        "bert-base": 120,
        "bert-base-int8": 120,
    }
    print(f"{'case':22} {'posts/s':>9} {'posts':>6} {'explained':>9} {'peak RSS':>9} {'load':>6}")
    for case in options.only or CASES:
        command = [
            sys.executable,
            __file__,
            "--one",
            case,
            "--posts",
            str(sizes[case]),
            "--threads",
            str(options.threads),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        if done.returncode:
            print(f"{case:22} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        target = TARGETS.get(case)
        verdict = ""
        if target is not None:
            verdict = f"  (target ≥ {target}: {'ok' if row['posts_per_s'] >= target else 'MISSED'})"
        print(
            f"{case:22} {row['posts_per_s']:9.1f} {row['posts']:6d} {row['explained']:9d} "
            f"{row['peak_rss_mb']:7d}MB {row['load_s']:5.1f}s{verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
