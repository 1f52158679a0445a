"""The labelled corpus, its corrections and its leak-proof train/dev/test splits.

- ``load_corpus()``: every line of ``classifier/data/corpus/part_*.jsonl`` as an ``Example``, with
  the corrections of ``classifier/data/corrections.tsv`` applied (the part files are never edited).
- ``load_demo()``: the bundled demo posts (``demo/data/posts.jsonl``), written independently of the
  corpus: an external check of generalisation, never trained on.
- ``make_splits()``: story-grouped splits. Rewordings of one story share a ``story`` id; stories
  whose texts are near-duplicates (character 3-gram Jaccard ≥ 0.5, found with MinHash LSH) are
  merged into one group too. A group goes wholly to train, dev or test by a seeded hash of its key,
  so adding posts later does not move the old ones. ``leaks()`` re-checks the result.

Run ``python -m classifier.data`` to (re)write ``classifier/data/splits.json`` and print counts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from classifier.base import LABELS
from classifier.text import clean, normalize, simplify

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
CORRECTIONS = DATA / "corrections.tsv"
SPLITS = DATA / "splits.json"
DEMO = Path(__file__).resolve().parent.parent / "demo" / "data" / "posts.jsonl"
BACKGROUND = DATA / "background" / "reviews.txt"
HOLDOUT = DATA / "holdout" / "posts.jsonl"
SPLIT_NAMES = ("train", "dev", "test")
FRACTIONS = (0.70, 0.15, 0.15)
SEED = 20261125
NEAR_DUPLICATE = 0.5  # character 3-gram Jaccard at which two texts count as one story
SLICES = ("cantonese", "traditional", "short", "long")
CANTONESE = re.compile(r"[冇咗嘅唔佢哋喺嘢啲嚟嗰噉咁㗎喎啱攞揾搵睇俾畀]|老细|出粮|走佬|系咪|而家|边度|点解")
NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: str
    story: str
    kind: str | None = None
    lang: str | None = None
    hard_negative: bool = False
    neg_type: str | None = None
    district: str | None = None
    sector: str | None = None
    source: str = "corpus"

    def slices(self) -> list[str]:
        """The evaluation slices this example belongs to: cantonese, traditional, short (< 30
        characters), long (> 300)."""
        lang = self.lang or guess_lang(self.text)
        found = []
        if lang == "cantonese":
            found.append("cantonese")
        if lang == "traditional":
            found.append("traditional")
        if len(self.text) < 30:
            found.append("short")
        if len(self.text) > 300:
            found.append("long")
        return found


def guess_lang(text: str) -> str:
    """A rough language tag for text that came without one (demo posts, feedback)."""
    plain = normalize(text)
    changed = sum(a != b for a, b in zip(plain, simplify(plain), strict=False))
    if changed >= 2 or (changed and len(plain) < 20):
        return "traditional"
    if len(CANTONESE.findall(simplify(plain))) >= 2:
        return "cantonese"
    return "mandarin"


# ---- loading ----------------------------------------------------------------------------------


def read_corrections(path: Path = CORRECTIONS) -> dict[str, tuple[str, str, str]]:
    """id -> (old label, new label, why) from a TSV with a header ``id old new why``."""
    if not path.exists():
        return {}
    fixes = {}
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.reader(stream, delimiter="\t") if r and not r[0].startswith("#")]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3 or row[2] not in LABELS:
            raise ValueError(f"{path}:{number}: expected id, old, new (one of {LABELS}), why; got {row}")
        fixes[row[0]] = (row[1], row[2], row[3] if len(row) > 3 else "")
    return fixes


def labelled_records(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) of each non-blank line of a labelled JSONL file; raises on invalid JSON,
    a missing text or an unknown label, naming the file and line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
        if record.get("label") not in LABELS or not isinstance(record.get("text"), str):
            raise ValueError(f"{path}:{number}: missing text or unknown label {record.get('label')!r}")
        yield number, record


def read_examples(path: Path, seen: set[str], source: str = "corpus") -> list[Example]:
    """The labelled examples of one JSONL file (the corpus fields); raises on a bad line, a bad label
    or an id already in ``seen`` (which it extends)."""
    fields = set(Example.__dataclass_fields__) - {"source"}
    examples = []
    for number, record in labelled_records(path):
        if record["id"] in seen:
            raise ValueError(f"{path}:{number}: id {record['id']} used twice")
        seen.add(record["id"])
        examples.append(Example(**{k: v for k, v in record.items() if k in fields}, source=source))
    return examples


def load_corpus(corpus_dir: Path = CORPUS, corrections: Path = CORRECTIONS) -> list[Example]:
    """Every corpus example, corrections applied; raises on a bad line, a bad label or an id twice."""
    examples: list[Example] = []
    seen: set[str] = set()
    for path in sorted(corpus_dir.glob("part_*.jsonl")):
        examples += read_examples(path, seen)
    fixes = read_corrections(corrections)
    out = []
    for example in examples:
        fix = fixes.get(example.id)
        if fix:
            old, new, _why = fix
            if example.label != old:
                raise ValueError(f"{corrections}: {example.id} is labelled {example.label}, not {old}")
            example = replace(
                example, label=new, hard_negative=example.hard_negative and new != "wage_arrears"
            )
        out.append(example)
    unknown = set(fixes) - seen
    if unknown and examples:
        raise ValueError(f"{corrections}: unknown ids {sorted(unknown)[:5]}")
    return out


def load_demo(path: Path = DEMO) -> list[Example]:
    """The labelled demo posts as examples (story = the demo's case id, else the post itself)."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("label") not in LABELS:
            continue
        text = "\n".join(t for t in (record.get("title"), record["text"]) if t)
        post = f"demo:{record['platform']}:{record['post_id']}"
        examples.append(
            Example(
                id=post,
                text=text,
                label=record["label"],
                story=f"demo:{record.get('case') or post}",
                kind=record["platform"],
                lang=guess_lang(text),
                district=record.get("district"),
                source="demo",
            )
        )
    return examples


def load_background(limit: int | None = None, path: Path = BACKGROUND) -> list[Example]:
    """Background negatives: real, unlabelled-by-us Chinese consumer reviews (hotels, books,
    electronics; see data/README.md) that contain no labour vocabulary, as ``irrelevant`` examples.
    They teach the models that everyday words (那个, 又, 说, complaint tone) are not wage words."""
    if not path.exists() or limit == 0:
        return []
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Example(id=f"bg-{i:05d}", text=text, label="irrelevant", story=f"bg-{i:05d}", source="background")
        for i, text in enumerate(lines[:limit] if limit is not None else lines, start=1)
    ]


def load_holdout(path: Path = HOLDOUT) -> list[Example]:
    """The fresh held-out posts (``data/holdout/posts.jsonl``): written after the test split had been
    read, by a writer who saw neither the corpus nor the models; never trained on or tuned on."""
    return read_examples(path, set(), source="holdout") if path.exists() else []


def unlabelled_texts(root: Path | None = None) -> list[str]:
    """Chinese text for masked-LM pre-training: corpus + demo posts + the repository's text files
    (docs, data files, test fixtures), one paragraph per entry, deduplicated."""
    root = root or Path(__file__).resolve().parent.parent
    texts = [e.text for e in load_corpus()]
    if DEMO.exists():
        texts += [e.text for e in load_demo()]
    han = re.compile(r"[\u4e00-\u9fff]")
    skip = {".git", ".venv", "node_modules", "__pycache__", "models"}
    for path in sorted(root.rglob("*")):
        if (
            path.suffix not in {".md", ".txt", ".tsv", ".toml", ".html", ".xml", ".json"}
            or not path.is_file()
        ):
            continue
        if skip & set(path.relative_to(root).parts) or path.name in (
            "splits.json",
            "tokenizer.json",
            "vocab.txt",
        ):
            continue
        try:
            content = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        content = re.sub(r"<[^>]{0,300}>", "\n", content)
        for paragraph in re.split(r"\n\s*\n|\n", content):
            if len(han.findall(paragraph)) >= 8:
                texts.append(paragraph.strip())
    seen, out = set(), []
    for text in texts:
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


# ---- near duplicates and splits ----------------------------------------------------------------


def shingles(text: str, n: int = 3) -> set[str]:
    """Character n-grams of the cleaned text without punctuation and spaces."""
    plain = NOT_WORD.sub("", clean(text)).replace("_", "")
    return {plain[i : i + n] for i in range(max(1, len(plain) - n + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_duplicates(texts: Sequence[str], threshold: float = NEAR_DUPLICATE, num_perm: int = 128):
    """Index pairs (i, j), i < j, whose 3-gram Jaccard is at least ``threshold``: MinHash LSH finds
    candidates, the exact Jaccard confirms them."""
    from datasketch import MinHash, MinHashLSH

    sets = [shingles(t) for t in texts]
    lsh = MinHashLSH(threshold=threshold * 0.8, num_perm=num_perm)
    pairs = set()
    for i, grams in enumerate(sets):
        signature = MinHash(num_perm=num_perm, seed=1)
        signature.update_batch([g.encode("utf-8") for g in grams])
        for j in lsh.query(signature):
            if jaccard(grams, sets[j]) >= threshold:
                pairs.add((j, i))
        lsh.insert(i, signature)
    return sorted(pairs)


def story_groups(examples: Sequence[Example], threshold: float = NEAR_DUPLICATE) -> dict[str, str]:
    """Example id -> group key: one group per story, stories with near-duplicate texts merged."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for example in examples:
        find(example.story)
    for i, j in near_duplicates([e.text for e in examples], threshold):
        union(examples[i].story, examples[j].story)
    return {e.id: find(e.story) for e in examples}


def _bucket(key: str, seed: int) -> str:
    value = int(hashlib.sha1(f"{seed}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if value < FRACTIONS[0]:
        return "train"
    return "dev" if value < FRACTIONS[0] + FRACTIONS[1] else "test"


def make_splits(examples: Sequence[Example], seed: int = SEED) -> dict[str, list[str]]:
    """Split name -> example ids; whole story groups go to one split by a seeded hash."""
    groups = story_groups(examples)
    splits: dict[str, list[str]] = {name: [] for name in SPLIT_NAMES}
    for example in examples:
        splits[_bucket(groups[example.id], seed)].append(example.id)
    return splits


def leaks(examples: Sequence[Example], splits: dict[str, list[str]], threshold: float = NEAR_DUPLICATE):
    """Pairs of examples in different splits that share a story or are near-duplicates
    (empty when the splits are sound): (id, split, id, split, why)."""
    where = {i: name for name, ids in splits.items() for i in ids}
    chosen = [e for e in examples if e.id in where]
    problems = []
    story_split: dict[str, tuple[str, str]] = {}
    for e in chosen:
        first = story_split.setdefault(e.story, (e.id, where[e.id]))
        if first[1] != where[e.id]:
            problems.append((first[0], first[1], e.id, where[e.id], f"story {e.story}"))
    for i, j in near_duplicates([e.text for e in chosen], threshold):
        a, b = chosen[i], chosen[j]
        if where[a.id] != where[b.id]:
            problems.append((a.id, where[a.id], b.id, where[b.id], "near-duplicate text"))
    return problems


def write_splits(splits: dict[str, list[str]], examples: Sequence[Example], path: Path = SPLITS) -> None:
    by_id = {e.id: e for e in examples}
    counts = {name: dict(Counter(by_id[i].label for i in ids)) for name, ids in splits.items()}
    body = {
        "seed": SEED,
        "method": "story groups (story id + 3-gram Jaccard >= 0.5 near-duplicates) hashed to 70/15/15",
        "counts": counts,
        **{name: sorted(ids) for name, ids in splits.items()},
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_splits(examples: Sequence[Example], path: Path = SPLITS) -> dict[str, list[Example]]:
    """The examples of each split as written in ``splits.json``; an example the file does not know
    (the corpus grew) is an error that says how to rebuild the file."""
    body = json.loads(path.read_text(encoding="utf-8"))
    where = {i: name for name in SPLIT_NAMES for i in body[name]}
    missing = [e.id for e in examples if e.id not in where]
    if missing:
        raise ValueError(
            f"{path} does not place {len(missing)} example(s) ({missing[:3]}...): "
            "run `python -m classifier.data` to rebuild the splits"
        )
    out: dict[str, list[Example]] = {name: [] for name in SPLIT_NAMES}
    for e in examples:
        out[where[e.id]].append(e)
    return out


def load_splits(path: Path = SPLITS) -> dict[str, list[Example]]:
    """The corpus split as in ``splits.json`` (train, dev, test), corrections applied."""
    return read_splits(load_corpus(), path)


def feedback_examples(rows: Iterable[dict[str, Any]], held_out: Sequence[Example] = ()) -> list[Example]:
    """Officers' decisions (``{"post_id", "label", "text"}`` rows, latest per post) as training
    examples; a decision whose text is a near-duplicate of a held-out (dev/test) example is left
    out, so feedback cannot leak the evaluation."""
    examples = [
        Example(
            id=f"feedback:{row['post_id']}",
            text=row["text"],
            label=row["label"],
            story=f"feedback:{row['post_id']}",
            lang=guess_lang(row["text"]),
            source="feedback",
        )
        for row in rows
        if row.get("label") in LABELS and row.get("text")
    ]
    if not examples or not held_out:
        return examples
    texts = [e.text for e in held_out] + [e.text for e in examples]
    leaking = {j - len(held_out) for i, j in near_duplicates(texts) if i < len(held_out) <= j}
    return [e for k, e in enumerate(examples) if k not in leaking]


def describe(examples: Iterable[Example]) -> dict[str, Any]:
    examples = list(examples)
    return {
        "examples": len(examples),
        "labels": dict(Counter(e.label for e in examples)),
        "hard_negatives": sum(e.hard_negative for e in examples),
        "slices": dict(Counter(s for e in examples for s in e.slices())),
        "stories": len({e.story for e in examples}),
    }


def main(argv: list[str] | None = None) -> int:
    examples = load_corpus()
    splits = make_splits(examples)
    problems = leaks(examples, splits)
    for problem in problems:
        print("LEAK", *problem, file=sys.stderr)
    if problems:
        return 1
    write_splits(splits, examples)
    by_id = {e.id: e for e in examples}
    for name, ids in splits.items():
        print(name, json.dumps(describe(by_id[i] for i in ids), ensure_ascii=False))
    print(f"wrote {SPLITS}; no story or near-duplicate crosses a split")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = [
    "Example",
    "asdict",
    "describe",
    "feedback_examples",
    "guess_lang",
    "leaks",
    "load_corpus",
    "load_demo",
    "load_splits",
    "make_splits",
    "near_duplicates",
    "read_splits",
    "story_groups",
    "unlabelled_texts",
    "write_splits",
]
