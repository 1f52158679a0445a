"""The pure half of a pipeline pass: classify a batch of posts, triage each, fingerprint the leads.

Nothing here reads or writes the database, so it can run beside the storing half: in this process,
or on a pool of worker processes (forked, so they share the loaded model and dictionaries) while the
main process stores the batch before. Either way the results come back in input order, and they are
the same: the model, the rules and the text are the same, and each worker runs torch on one thread.

Used by ``pipeline.run_pass`` (``wagewatch process``, ``ingest``, ``analyze``, the demo).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import storage
from triage import dedupe, promote, wordkinds
from triage.analyze import LEAD_LABELS, triage_post
from triage.text import post_text


@dataclass(frozen=True)
class Prepared:
    """What the pure half concluded about one post: the classifier's prediction, triage's analysis,
    the duplicate fingerprint of a lead post, or the error triage raised on this post."""

    prediction: Any
    analysis: dict[str, Any] | None = None
    fingerprint: dedupe.Fingerprint | None = None
    error: str | None = None
    # its ``post_analysis`` columns (``storage.analysis_columns``), when the preparer was asked for them (a pass)
    columns: tuple[Any, ...] | None = None


def analysis_row(prediction, analysis: dict[str, Any]) -> dict[str, Any]:
    """A post's ``post_analysis`` row: what triage found and what the classifier said."""
    return {**analysis, "label": prediction.label, "score": prediction.score,
            "model_version": prediction.model_version, "explanation": prediction.explanation}  # fmt: skip


def prepare(
    posts: list[dict[str, Any]],
    classifier,
    rules: dict[str, Any] | None,
    explain: str | bool = "leads",
    columns: bool = False,
) -> list[Prepared]:
    """Classify ``posts`` in one batch, then triage each (and fingerprint the leads). A post that
    triage cannot handle carries its error instead (the caller sets it aside); a classifier failure
    raises, for the whole batch. ``columns``: each with its ``post_analysis`` columns too (a pass writes
    them; the storing half need not make them)."""
    texts = [post_text(p) for p in posts]
    # "leads" is every model's default; stand-ins (tests, the evaluation's truth labels) take no more
    predictions = (
        classifier.predict(texts) if explain == "leads" else classifier.predict(texts, explain=explain)
    )
    out = []
    for post, text, prediction in zip(posts, texts, predictions, strict=True):
        try:
            analysis = triage_post(post, prediction.label, rules)
            if promote.promoted(prediction, analysis, text, rules):  # a near-miss that names a wage figure
                prediction = promote.as_lead(prediction, analysis, text)
                analysis = triage_post(post, prediction.label, rules)
            fp = (  # its bucket keys found below, with the batch's
                dedupe.fingerprint(text, analysis, post, buckets=False)
                if prediction.label in LEAD_LABELS
                else None
            )
        except Exception as exc:  # noqa: BLE001 - the post is set aside with this, never lost
            out.append(Prepared(prediction, error=f"{type(exc).__name__}: {exc}"))
            continue
        row = storage.analysis_columns(analysis_row(prediction, analysis)) if columns else None
        out.append(Prepared(prediction, analysis, fp, columns=row))
    # the lead posts' bucket keys, their MinHash signatures found for the batch at once (#12); a post whose keys cannot
    # be found is set aside with its error, as when its fingerprint was made
    leads = [k for k, prepared in enumerate(out) if prepared.fingerprint is not None]
    for k, exc in zip(leads, dedupe.add_buckets([out[k].fingerprint for k in leads]), strict=True):
        if exc is not None:
            out[k] = Prepared(out[k].prediction, error=f"{type(exc).__name__}: {exc}")
    return out


# a lead post that makes preparing load everything it loads on first use
WARM_UP = {"platform": "weibo", "post_id": "warm-up", "title": None, "region": None, "url": None,
           "posted_at": "2026-01-05T09:00:00+08:00",
           "text": "中山市小榄镇永宁工业区一家五金厂拖欠28名工人三个月工资共46万元，老板失联，工人在厂门口讨薪。"}  # fmt: skip


def warm_up(classifier, rules: dict[str, Any] | None, explain: str | bool = "leads") -> None:
    """Load, in this process, what preparing a post loads on first use (the classifier's tokenizer,
    dictionaries, the gazetteer, the telling-word counts), so that the workers forked from it
    share one copy instead of each loading its own at its first batch (measured: 1.4 s of CPU and
    85 MB each). The post's results are thrown away; nothing it leaves behind changes an output."""
    prepare([WARM_UP], classifier, rules, explain)
    # triage and the fingerprint too, whatever label the classifier gave the post
    dedupe.fingerprint(post_text(WARM_UP), triage_post(WARM_UP, "wage_arrears", rules), WARM_UP)
    wordkinds._tagged()  # jieba's tagged words (0.2 s), read by the first post that names a brand-like word


AHEAD = 2  # batches handed to each worker before the caller has taken the first back
# while a preparer runs (until close()): the collector's youngest generation is examined after this many new container objects (Python's
# default: 700). Preparing and storing a post make and keep thousands of small dicts, sets and tuples (a worker's
# results, unpickled in the caller, then the caller's in-memory leads), and every one of those frequent young
# collections walked them: over half the CPU of unpickling the workers' results went to the collector (#12).
# Nothing is collected that would not be; cyclic garbage only waits a little longer.
YOUNG_THRESHOLD = 20_000

# what a forked worker inherits from the process that made the pool
_job: tuple[Any, dict[str, Any] | None, str | bool, bool] | None = None


def _start_worker() -> None:
    # a model run in torch (the transformer) imported it before the fork; the fast model runs in numpy, and
    # importing torch here would cost each worker ~1.9 s of CPU for nothing (#12)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)  # as PyTorch's own DataLoader workers: one thread each, no OpenMP after fork


# what a caller may have done where a batch is prepared (a worker): it gets the batch as the caller gave it and a
# function that prepares a list of posts, and returns what the caller takes back instead of the prepared list
Reader = Callable[[list[Any], Callable[[list[dict[str, Any]]], list[Prepared]]], Any]


def _prepare_in_worker(batch: list[Any], read: Reader | None) -> Any:
    return _prepare_batch(batch, read, *_job)


def _prepare_batch(batch: list[Any], read: Reader | None, classifier, rules, explain, columns) -> Any:
    if read is None:
        return prepare(batch, classifier, rules, explain, columns)
    return read(batch, lambda posts: prepare(posts, classifier, rules, explain, columns))


def default_workers() -> int:
    """One worker per processor, at most four (the storing half needs a core of its own too)."""
    return max(1, min(4, os.cpu_count() or 1))


class Preparer:
    """Prepares batches of posts, in order, on ``workers`` forked processes (1: in this process).

    >>> with Preparer(classifier, rules, workers=2) as preparer:        # doctest: +SKIP
    ...     for batch, prepared in zip(batches, preparer.map(batches)):
    ...         store(batch, prepared)
    """

    def __init__(
        self,
        classifier,
        rules: dict[str, Any] | None,
        workers: int = 1,
        explain: str | bool = "leads",
        columns: bool = False,
    ):
        self.classifier, self.rules, self.explain, self.columns = classifier, rules, explain, columns
        self.workers = max(1, workers)
        self._pool = None
        self._thresholds: tuple[int, ...] | None = None  # the collector's setting before this preparer's

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def map(self, batches: Iterable[list[Any]], read: Reader | None = None) -> Iterator[Any]:
        """The prepared batches, in the order given. Workers run ahead of the caller by at most
        ``AHEAD`` batches each, taken from ``batches`` as they are needed: a stream of any length
        keeps every worker busy while the caller stores, and memory stays flat. ``read`` (a function of the
        module, which a worker finds by its name): ``read(batch, prepare)`` is run where each batch is
        prepared, and what it returns comes back instead (``analyze``: a batch of input records made into posts
        there, and only what the storing half needs of each handed back)."""
        if self._thresholds is None:  # until close(); a pool's workers inherit it
            self._thresholds = gc.get_threshold()
            gc.set_threshold(YOUNG_THRESHOLD, *self._thresholds[1:])
        if self.workers == 1:
            for batch in batches:
                yield _prepare_batch(batch, read, self.classifier, self.rules, self.explain, self.columns)
            return
        if self._pool is None:
            global _job
            _job = (self.classifier, self.rules, self.explain, self.columns)
            warm_up(self.classifier, self.rules, self.explain)
            # what is loaded now (model, dictionaries, gazetteer: ~176,000 objects the collector tracks, never
            # garbage) is kept out of the collector's sight here and in the workers, where every full collection
            # walked all of it (unpickling the workers' results took twice as long; a whole analyze gains ~1 %,
            # measured); close() undoes it
            gc.freeze()
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_start_worker)
        batches, in_flight = iter(batches), deque()
        while True:
            while len(in_flight) < self.workers * AHEAD and (batch := next(batches, None)) is not None:
                in_flight.append(self._pool.apply_async(_prepare_in_worker, (batch, read)))
            if not in_flight:
                return
            yield in_flight.popleft().get()
            # the caller has stored that batch: what it keeps (its leads and their index, growing with every batch) is
            # kept out of the collector's sight too, as the loaded model is (a whole analyze of 20,000 posts: the
            # parent's collections ~0.55 s -> ~0.01 s of CPU); close() undoes it
            gc.freeze()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
            gc.unfreeze()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
