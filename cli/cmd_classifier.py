"""``classifier train | evaluate | choose-threshold | predict``: the models in classifier/models/."""

from __future__ import annotations

import json
import sys

import click

import storage
from cli.context import State


class _ClassifierGroup(click.Group):
    """Problems with the corpus, the splits or a model directory end as one-line errors."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None


@click.group("classifier", cls=_ClassifierGroup)
def classifier_group() -> None:
    """Train, evaluate and try the classifier.

    The models live in classifier/models/ (see its README); [pipeline] classifier picks one."""


def _classifier_settings(state: State, model: str | None) -> tuple[str, dict]:
    return model or state.config["pipeline"]["classifier"], state.config["classifier"]


@classifier_group.command("train")
@click.option("--model", "kind", type=click.Choice(["fast", "transformer", "cascade"]), default="fast", show_default=True,
              help="cascade trains fast and transformer, then tunes the uncertain band on dev.")  # fmt: skip
@click.option(
    "--with-feedback",
    is_flag=True,
    help="Add officers' decisions stored in the database to the training data.",
)
@click.option(
    "--out", type=click.Path(file_okay=False), help="Save here instead of the configured model path."
)
@click.option(
    "--seed",
    type=int,
    default=13,
    show_default=True,
    help="fast trains its ensemble members with seed, seed+1, ...: to measure seed noise use seeds "
    "further apart than the ensemble size (13, 113, 213), or the runs share members.",
)
@click.pass_obj
def classifier_train(state: State, kind: str, with_feedback: bool, out: str | None, seed: int) -> None:
    """Train a model on the corpus's train split.

    Early stopping on dev; the test split is never read. Seeded: the same data and seed give the
    same model (the version printed is a hash of its weights)."""
    from classifier.data import feedback_examples, load_splits
    from classifier.train import TrainingArguments, train_model
    from triage.text import post_text

    feedback = []
    if with_feedback:
        rows = [{**row, "text": post_text(row)} for row in storage.latest_feedback(state.db())]
        splits = load_splits()
        feedback = feedback_examples(rows, held_out=splits["dev"] + splits["test"])
        click.echo(f"{len(feedback)} officer decision(s) added ({len(rows) - len(feedback)} left out as "
                   "near-duplicates of dev/test posts)")  # fmt: skip
    summary = train_model(kind, state.config["classifier"], feedback, out, TrainingArguments(seed=seed),
                          progress=lambda line: click.echo(line, err=True))  # fmt: skip
    for name, part in summary.items():
        if name == "cascade":
            click.echo(f"cascade: best band on dev {part['band']} (wage_arrears F1 {part['dev_wage_f1']:.3f}, "
                       f"{part['dev_routed']:.0%} routed); set [classifier] cascade_band to use it")  # fmt: skip
            continue
        extra = f" + {part['pretrain_minutes']:.1f} min pre-training" if part.get("pretrain_minutes") else ""
        click.echo(f"{name}: {part['version']} saved to {part['path']} in {part['minutes']:.1f} min{extra}; "
                   f"dev {json.dumps(part['dev'])}")  # fmt: skip


@classifier_group.command("evaluate")
@click.option("--model", "kind", type=click.Choice(["rules", "fast", "transformer", "cascade"]),
              help="Default: [pipeline] classifier.")  # fmt: skip
@click.option("--split", type=click.Choice(["test", "dev", "train", "demo", "holdout"]), default="test",
              show_default=True, help="demo = the bundled demo posts, written apart from the corpus; holdout = "
              "the fresh held-out posts (classifier/data/holdout), written by a writer who saw neither.")  # fmt: skip
@click.option("--file", "labelled", type=click.Path(exists=True, dir_okay=False),
              help="A labelled JSONL file (the analyze schema plus label, hard_negative, lang; see "
              "evaluation/labelled.py) instead of a split.")  # fmt: skip
@click.option(
    "--worst",
    type=int,
    help="How many of the worst errors to list, with their text (default: 10 for a split, "
    "none for --file, so that measuring a blind set does not show its posts).",
)
@click.option("--pipeline", "as_pipeline", is_flag=True,
              help="Measure the lead decision a pipeline pass makes: the model, then triage's promotion of a near-miss "
              "that names a wage figure (triage/data/priority.toml [promote]).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def classifier_evaluate(
    state: State,
    kind: str | None,
    split: str,
    labelled: str | None,
    worst: int | None,
    as_pipeline: bool,
    as_json: bool,
) -> None:
    """Measure a model on a corpus split or a labelled file.

    Precision/recall/F1 per label, the confusion matrix, wage_arrears recall on the Cantonese,
    traditional, short (< 30 characters) and long (> 300) slices, the false-positive rate on hard
    negatives and the worst errors."""
    from classifier import load_classifier
    from classifier.data import load_demo, load_holdout, load_splits
    from classifier.evaluate import evaluate, format_report

    kind, settings = _classifier_settings(state, kind)
    if labelled:
        from evaluation.labelled import examples as labelled_examples
        from evaluation.labelled import read_labelled

        examples, split = labelled_examples(read_labelled(labelled)), labelled
    elif split == "demo":
        examples = load_demo()
    elif split == "holdout":
        examples = load_holdout()
        if not examples:
            raise click.ClickException("no held-out posts in classifier/data/holdout/posts.jsonl")
    else:
        examples = load_splits()[split]
    if worst is None:
        worst = 0 if labelled else 10
    model = load_classifier(kind, settings)
    if as_pipeline:
        from triage.promote import Promoting

        model, kind = Promoting(model), f"{kind} + triage's promotion"
    result = evaluate(model, examples, worst=worst)
    click.echo(
        json.dumps(result, ensure_ascii=False, indent=1)
        if as_json
        else format_report(result, f"{kind} on {split}")
    )


@classifier_group.command("choose-threshold")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--model", "kind", type=click.Choice(["fast", "transformer"]), default="fast", show_default=True
)
@click.option("--with-dev", is_flag=True, help="Add the corpus's dev split as one more set.")
@click.option("--max-fpr", type=click.FloatRange(0, 1), default=0.03, show_default=True,
              help="The most hard-negative false alarms a threshold may raise (a share of the look-alikes).")  # fmt: skip
@click.option("--write", is_flag=True, help="Store the threshold chosen on all sets pooled in the model.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def classifier_choose_threshold(state: State, files: tuple[str, ...], kind: str, with_dev: bool, max_fpr: float,
                                write: bool, as_json: bool) -> None:  # fmt: skip
    """Choose the lead threshold on labelled sets.

    Each FILE is a labelled JSONL file (as for `evaluate --file`). For each set, the threshold with
    the best wage_arrears F1 whose hard-negative FPR on the other sets pooled stays under --max-fpr
    is scored on the set left out; then the threshold chosen on all sets pooled is shown, and with
    --write stored in the model (its version changes)."""
    from classifier import load_classifier
    from classifier.base import model_dir
    from classifier.threshold import cross_validate, format_cross_validation, score_sets, write_threshold
    from evaluation.labelled import examples as labelled_examples
    from evaluation.labelled import read_labelled

    sets = {path: labelled_examples(read_labelled(path)) for path in files}
    if len(sets) != len(files):
        raise click.UsageError("a FILE was given twice")
    if with_dev:
        from classifier.data import load_splits

        sets["dev split"] = load_splits()["dev"]
    settings = state.config["classifier"]
    model = load_classifier(kind, settings)
    current = model.config.wage_threshold if kind == "fast" else model.wage_threshold
    result = cross_validate(score_sets(model, sets), current=current, max_hard_negative_fpr=max_fpr)
    if write:
        path = model_dir(kind, settings)
        result["written"] = {"path": str(path), "version": write_threshold(model, path, result)}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    click.echo(format_cross_validation(result))
    if write:
        click.echo(f"threshold {result['threshold']:g} written to {result['written']['path']}: "
                   f"model {result['written']['version']}")  # fmt: skip


@classifier_group.command("predict")
@click.argument("texts", nargs=-1)
@click.option("-i", "--input", "infile", type=click.Path(allow_dash=True),
              help="JSONL with a text field per line (the analyze schema), or plain text, one post per line.")  # fmt: skip
@click.option("--model", "kind", type=click.Choice(["rules", "fast", "transformer", "cascade"]),
              help="Default: [pipeline] classifier.")  # fmt: skip
@click.pass_obj
def classifier_predict(state: State, texts: tuple[str, ...], infile: str | None, kind: str | None) -> None:
    """Classify texts and print one JSON line each.

    Each line: label, score (probability of wage_arrears), probabilities, explanation (the words
    that drove the decision) and model_version."""
    from classifier import load_classifier

    items = [(None, t) for t in texts]
    if infile:
        stream = sys.stdin if infile == "-" else open(infile, encoding="utf-8")  # noqa: SIM115
        with stream:
            for line in stream:
                line = line.strip()
                if not line:
                    continue
                record = json.loads(line) if line.startswith("{") else {"text": line}
                items.append((record.get("id"), record.get("text", "")))
    if not items:
        raise click.UsageError("give TEXTS or --input")
    kind, settings = _classifier_settings(state, kind)
    predictions = load_classifier(kind, settings).predict([t for _, t in items], explain=True)
    for (item_id, text), p in zip(items, predictions, strict=True):
        row = {"id": item_id, "text": text, "label": p.label, "score": p.score, "probabilities": p.probabilities,
               "explanation": p.explanation, "model_version": p.model_version}  # fmt: skip
        click.echo(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False))
