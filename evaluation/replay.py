"""A labelled set prepared once, its storing half replayed as often as needed (issue 11).

The pure half of a pipeline pass (classify with the truth labels, triage, fingerprint) does not
depend on the merge decision's settings (``triage/data/merge.toml``), so ``load_set`` runs it once
per set and keeps what it concluded; ``replay`` then runs only the storing half (``pipeline.run_pass``
with a stand-in preparer that hands back the kept results, in a fresh memory database) under the
settings in force, and ``figures`` scores it exactly as ``wagewatch leads evaluate`` does.

    labelled = load_set(Path("eval/realworld/posts.jsonl"))
    figures(labelled, {"retold_same_town": 0.9})["pair_f1"]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation import leads
from evaluation.labelled import EvalPost, eval_posts, false_friends_for, read_labelled
from triage import mergesettings


@dataclass
class LabelledSet:
    """One labelled set with its pure half done: the posts, the look-alike pairs, what preparing concluded."""

    name: str
    posts: list[EvalPost]
    false_friends: list[tuple[str, str, str]]
    prepared: dict[str, Any] = field(default_factory=dict)  # post id -> preparing.Prepared
    largest_case: int = 1  # posts in its largest case: the pairs one post leaving its case costs, plus one


class _Recording:
    """The real pure half (``preparing.prepare``, in this process, as a one-worker pass runs it), keeping
    what it concluded for each post."""

    def __init__(self, classifier, kept: dict[str, Any]):
        import config

        self.classifier, self.rules = classifier, config.priority_rules(config.load())
        self.kept = kept

    def map(self, batches: Iterable[list[dict[str, Any]]]) -> Iterator[list[Any]]:
        from preparing import prepare

        for batch in batches:
            prepared = prepare(batch, self.classifier, self.rules)
            self.kept.update({p["post_id"]: r for p, r in zip(batch, prepared, strict=True)})
            yield prepared


class _Replaying:
    """Hands back what preparing concluded the first time (the storing half runs anew)."""

    def __init__(self, kept: dict[str, Any]):
        self.kept = kept

    def map(self, batches: Iterable[list[dict[str, Any]]]) -> Iterator[list[Any]]:
        for batch in batches:
            yield [self.kept[p["post_id"]] for p in batch]


def load_set(
    path: Path | str, false_friends: Path | str | None = None, name: str | None = None
) -> LabelledSet:
    """A labelled JSONL file (``evaluation.labelled``; a bad file raises ``LabelledFileError`` naming the lines)
    with its pure half done once."""
    posts = eval_posts(read_labelled(path))
    return _prepared(LabelledSet(name or _name(Path(path)), posts, false_friends_for(path, false_friends)))


def held_out_set() -> LabelledSet:
    """The hand-written held-out set (``triage/data/eval``)."""
    posts = leads.load_posts(leads.EVAL / "posts.psv")
    friends = leads.load_false_friends(leads.EVAL / "false_friends.tsv")
    return _prepared(LabelledSet("held-out", posts, friends))


def demo_set() -> LabelledSet:
    """The demo corpus."""
    friends = [(a, b, "demo README") for a, b in leads.DEMO_FALSE_FRIENDS]
    return _prepared(LabelledSet("demo", leads.load_demo(), friends))


def _name(path: Path) -> str:
    return path.parent.name if path.name == "posts.jsonl" else path.stem


def _prepared(labelled: LabelledSet) -> LabelledSet:
    from collections import Counter

    leads.run(labelled.posts, None, _Recording(leads.truth_classifier(labelled.posts), labelled.prepared))
    sizes = Counter(p.case for p in labelled.posts if p.case)
    labelled.largest_case = max(sizes.values(), default=1)
    return labelled


@contextmanager
def settings(values: dict[str, int | float] | None):
    """``values`` in force inside the block, the previous ones after it."""
    previous = mergesettings.apply(values or {})
    try:
        yield
    finally:
        mergesettings.apply(previous)


def replay(labelled: LabelledSet, values: dict[str, int | float] | None = None) -> dict[str, dict[str, Any]]:
    """The storing half alone, under ``values`` (else the settings in force): post id -> analysis + lead id."""
    with settings(values):
        classifier = leads.truth_classifier(labelled.posts)
        return leads.run(labelled.posts, classifier, _Replaying(labelled.prepared), search_index=False)


def figures(labelled: LabelledSet, values: dict[str, int | float] | None = None) -> dict[str, Any]:
    """``wagewatch leads evaluate``'s figures for the set under ``values``."""
    return leads.score(labelled.posts, replay(labelled, values), labelled.false_friends)["figures"]
