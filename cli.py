"""The ``wagewatch`` command: thin click commands over storage, pipeline, spiders and digest."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import click

import config as config_module
import storage

log = logging.getLogger("wagewatch")

# what the demo searches on its local Weibo mirror, and which 吧 it reads
DEMO_KEYWORDS = "欠薪,讨薪,工资,出粮,人工,工钱,社保,工伤,辞退,加班,中山,老板,老细,工地,拖,欠"
DEMO_BARS = "中山,小榄,古镇,坦洲,三乡,三角,东凤,南头,大涌,横栏,民众,港口,黄圃"


class State:
    def __init__(self, db_path: str | None, config_path: str | None):
        try:
            self.config = config_module.load(config_path)
        except config_module.ConfigError as exc:
            raise click.ClickException(f"configuration error: {exc}") from None
        self.db_path = storage.resolve_db_path(
            db_path or os.environ.get("WAGEWATCH_DB") or self.config["database"]["path"]
        )

    def db(self):
        return storage.open_db(self.db_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="SQLite file (else $WAGEWATCH_DB, else ./wagewatch.db).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="TOML config (else $WAGEWATCH_CONFIG, else defaults).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, config_path: str | None, verbose: bool) -> None:
    """wagewatch: find wage-arrears complaints in public posts and track them until workers are paid."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = State(db_path, config_path)


# ---- input files ------------------------------------------------------------------------------


def read_jsonl(path: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """Good records (line number, object) and one error message per bad line of an input file
    in the ``analyze``/``ingest`` schema: ``{"id", "text"}`` plus optional ``platform``,
    ``posted_at`` (ISO 8601) and ``url``."""
    good, bad = [], []
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    with stream:
        for number, raw in enumerate(stream, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                bad.append(f"{path}:{number}: not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            problem = _record_problem(record)
            if problem:
                bad.append(f"{path}:{number}: {problem}")
                continue
            good.append((number, record))
    return good, bad


def _record_problem(record) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if "id" not in record or record["id"] is None or isinstance(record["id"], (dict, list, bool)):
        return 'missing or unusable "id" (a string or number)'
    if not isinstance(record.get("text"), str):
        return 'missing "text" (a string)'
    for key in ("platform", "url", "posted_at"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f'"{key}" must be a string'
    if record.get("posted_at"):
        try:
            datetime.fromisoformat(record["posted_at"].replace("Z", "+00:00"))
        except ValueError:
            return f'"posted_at" is not ISO 8601: {record["posted_at"]!r}'
    return None


def _post_from_record(record: dict, post_id: str, platform_default: str) -> dict:
    return {
        "platform": record.get("platform") or platform_default,
        "post_id": post_id,
        "url": record.get("url"),
        "author": record.get("author"),
        "title": record.get("title"),
        "text": record["text"],
        "posted_at": record.get("posted_at"),
        "reposts": record.get("reposts") if isinstance(record.get("reposts"), int) else None,
        "comments": record.get("comments") if isinstance(record.get("comments"), int) else None,
        "likes": record.get("likes") if isinstance(record.get("likes"), int) else None,
        "region": record.get("region") if isinstance(record.get("region"), str) else None,
        "raw": json.dumps(record, ensure_ascii=False),
    }


# ---- commands ---------------------------------------------------------------------------------


@main.command()
@click.argument("infile", type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    "outfile",
    type=click.Path(allow_dash=True),
    default="-",
    show_default=True,
    help="Output JSONL.",
)
@click.pass_obj
def analyze(state: State, infile: str, outfile: str) -> None:
    """Classify and triage posts from JSONL, statelessly, to JSONL."""
    import pipeline

    good, bad = read_jsonl(infile)
    for message in bad:
        click.echo(message, err=True)
    db = storage.memory_db()
    posts = [_post_from_record(r, f"line-{n}", "input") for n, r in good]
    storage.upsert_posts(db, posts, source="analyze")
    pipeline.run_pass(db, batch_size=state.config["pipeline"]["batch_size"], config=state.config)
    ids = {row[1]: row[0] for row in db.execute("SELECT id, post_id FROM posts").fetchall()}
    analysis = storage.analysis_for_posts(db, list(ids.values()))
    lead_keys = {row[0]: row[1] for row in db.execute("SELECT id, case_key FROM leads").fetchall()}
    out = sys.stdout if outfile == "-" else open(outfile, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        for number, record in good:
            a = analysis.get(ids[f"line-{number}"], {})
            lead_id = a.get("lead_id")
            result = {
                "id": record["id"],
                "label": a.get("label"),
                "score": a.get("score"),
                "district": a.get("district"),
                "lead_id": f"L-{lead_keys[lead_id]}" if lead_id else None,
                "workers": a.get("workers"),
                "amount_yuan": a.get("amount_yuan"),
                "months_unpaid": a.get("months_unpaid"),
                "employer": a.get("employer"),
                "group_incident": bool(a.get("group_incident")),
                "priority": a.get("priority"),
            }
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    if bad:
        click.echo(f"{len(bad)} bad line(s) skipped; {len(good)} analysed", err=True)
        sys.exit(1)


@main.command()
@click.argument("infile", type=click.Path(allow_dash=True))
@click.pass_obj
def ingest(state: State, infile: str) -> None:
    """Store posts from JSONL (analyze schema) and process them."""
    import pipeline

    good, bad = read_jsonl(infile)
    for message in bad:
        click.echo(message, err=True)
    db = state.db()
    posts = [_post_from_record(r, str(r["id"]), "ingest") for _, r in good]
    counts = storage.upsert_posts(db, posts, source="ingest")
    stats = pipeline.run_pass(db, batch_size=state.config["pipeline"]["batch_size"], config=state.config)
    click.echo(
        f"ingested {len(good)} line(s): {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; processed {stats.get('posts', 0)} post(s), "
        f"{stats.get('new_leads', 0)} new lead(s); database {state.db_path}"
    )
    if bad:
        click.echo(f"{len(bad)} bad line(s) skipped", err=True)
        sys.exit(1)


@main.command()
@click.option("--batch-size", type=click.IntRange(min=1), help="Posts per transaction (default from config).")
@click.option("--retry-failed", is_flag=True, help="Put posts that failed before back in the queue first.")
@click.pass_obj
def process(state: State, batch_size: int | None, retry_failed: bool) -> None:
    """Run the pipeline over every post not processed yet."""
    import pipeline

    db = state.db()
    if retry_failed:
        click.echo(f"requeued {storage.requeue_failed(db)} failed post(s)")
    stats = pipeline.run_pass(
        db, batch_size=batch_size or state.config["pipeline"]["batch_size"], config=state.config
    )
    click.echo(json.dumps(stats, ensure_ascii=False, sort_keys=True))


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--order", type=click.Choice(["recent", "relevance"]), default="recent", show_default=True)
@click.pass_obj
def search(state: State, query: str, limit: int, order: str) -> None:
    """Full-text search over stored posts (jieba words)."""
    for post in storage.search_posts(state.db(), query, limit=limit, order=order):
        text = post["text"].replace("\n", " ")
        click.echo(f"{post['platform']}:{post['post_id']}  {post['posted_at'] or '':25}  {text[:80]}")


@main.command()
@click.argument("source")
@click.option(
    "--timeout", type=click.IntRange(min=1), help="Seconds before the crawl is stopped (default from config)."
)
@click.pass_obj
def crawl(state: State, source: str, timeout: int | None) -> None:
    """Crawl one configured source into the database.

    Exits with an error when the run was blocked or failed, not only when it could not start.
    """
    from spiders.runner import CrawlTimeout, run_source

    sources = {s["name"]: s for s in state.config["sources"]}
    if source not in sources:
        raise click.ClickException(f"unknown source {source!r}; configured: {', '.join(sources) or 'none'}")
    try:
        result = run_source(sources[source], state.db_path, state.config["crawl"], timeout=timeout)
    except CrawlTimeout as exc:
        raise click.ClickException(str(exc)) from None
    run = storage.recent_runs(state.db(), source, limit=1)
    if run:
        click.echo(f"{source}: {_run_line(run[0])}")
    if result.returncode != 0:
        raise click.ClickException(f"crawl of {source} exited with status {result.returncode}")
    if run and run[0]["status"] in ("blocked", "error"):
        raise click.ClickException(f"crawl of {source} {run[0]['status']}: {_run_problem(run[0])}")


class _ClassifierGroup(click.Group):
    """Problems with the corpus, the splits or a model directory end as one-line errors."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None


@main.group("classifier", cls=_ClassifierGroup)
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
@click.option("--seed", type=int, default=13, show_default=True)
@click.pass_obj
def classifier_train(state: State, kind: str, with_feedback: bool, out: str | None, seed: int) -> None:
    """Train a model on the corpus's train split.

    Early stopping on dev; the test split is never read. Seeded: the same data and seed give the
    same model (the version printed is a hash of its weights)."""
    from classifier.data import feedback_examples, load_splits
    from classifier.train import TrainingArguments, train_model
    from triage.analyze import post_text

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
@click.option(
    "--worst", type=int, default=10, show_default=True, help="How many of the worst errors to list."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def classifier_evaluate(state: State, kind: str | None, split: str, worst: int, as_json: bool) -> None:
    """Measure a model on a split of the corpus.

    Precision/recall/F1 per label, the confusion matrix, wage_arrears recall on the Cantonese,
    traditional, short (< 30 characters) and long (> 300) slices, the false-positive rate on hard
    negatives and the worst errors."""
    from classifier import load_classifier
    from classifier.data import load_demo, load_holdout, load_splits
    from classifier.evaluate import evaluate, format_report

    kind, settings = _classifier_settings(state, kind)
    if split == "demo":
        examples = load_demo()
    elif split == "holdout":
        examples = load_holdout()
        if not examples:
            raise click.ClickException("no held-out posts in classifier/data/holdout/posts.jsonl")
    else:
        examples = load_splits()[split]
    result = evaluate(load_classifier(kind, settings), examples, worst=worst)
    click.echo(
        json.dumps(result, ensure_ascii=False, indent=1)
        if as_json
        else format_report(result, f"{kind} on {split}")
    )


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


# ---- crawl health ----------------------------------------------------------------------------


def _run_problem(run: dict) -> str:
    return run.get("blocked_reason") or run.get("message") or f"{run.get('errors', 0)} error(s)"


def _run_line(run: dict) -> str:
    """One crawl_runs row in a line: status, counts, time taken, and what went wrong."""
    parts = [f"{run['status']:7}", f"{run['items']} posts ({run['new_items']} new)", f"{run['pages']} pages",
             f"{run['errors']} errors"]  # fmt: skip
    if run.get("duration_s") is not None:
        parts.append(f"{run['duration_s']:.1f} s")
    if run.get("canary"):
        parts.append(f"canary {run['canary']}")
    line = " · ".join(parts)
    if run["status"] in ("blocked", "error"):
        line += f" · {_run_problem(run)}"
    return line


@main.command()
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1), help="Runs per source.")
@click.option("--check", is_flag=True, help="Exit with status 1 when an enabled source is flagged.")
@click.pass_obj
def sources(state: State, runs: int, check: bool) -> None:
    """List sources and their last runs; flag blind ones.

    A source is flagged when its last run was blocked (login wall, captcha, HTTP 403/418/429,
    robots.txt) or failed, when a run never finished, when its canary was missing, or when it
    brought no new post for longer than its quiet_hours.
    """
    database = state.db()
    configured = {s["name"]: s for s in state.config["sources"]}
    names = [*configured, *(n for n in storage.crawled_sources(database) if n not in configured)]
    stale_after = 2 * state.config["crawl"]["timeout_s"]  # a run "running" for longer died unrecorded
    flagged = []
    for name in names:
        spec = configured.get(name)
        health = storage.source_health(database, name, quiet_hours=spec["quiet_hours"] if spec else 48,
                                       stale_after_s=stale_after, runs=runs)  # fmt: skip
        if spec is None:
            what, counted = "not in the configuration", False
        else:
            what = f"{spec['spider']}, every {spec['every_minutes']} min, quiet {spec['quiet_hours']:g} h"
            what += "" if spec["enabled"] else ", disabled"
            counted = spec["enabled"]
        flags = health["flags"] if counted or health["runs"] else []
        verdict = ", ".join(f["kind"].upper() for f in flags) or "OK"
        click.echo(f"{name}  ({what})  {verdict}")
        for flag in flags:
            click.echo(f"  ! {flag['kind']}: {flag['detail']}")
        click.echo(f"  newest post {health['high_water_at'] or '-'} · "
                   f"last new post found {health['last_new_at'] or '-'}")  # fmt: skip
        for run in health["runs"]:
            click.echo(f"  #{run['id']} {run['started_at']}  {_run_line(run)}")
        if counted and flags:
            flagged.append(name)
    if not names:
        click.echo("no sources configured or crawled")
    if check and flagged:
        raise click.ClickException(f"{len(flagged)} source(s) need attention: {', '.join(flagged)}")


@main.group("leads")
def leads_group() -> None:
    """Work the leads: list, show, assign, move, note, report."""


def _lead_or_fail(database, ref: str) -> dict:
    lead = storage.find_lead(database, ref)
    if lead is None:
        raise click.ClickException(f"no lead {ref!r} (give its number or its L-… id)")
    return lead


def _transition(func, *args, **kwargs):
    from triage.followup import TransitionError

    try:
        return func(*args, **kwargs)
    except TransitionError as exc:
        raise click.ClickException(str(exc)) from None


OFFICER = click.option("--by", "who", envvar="WAGEWATCH_OFFICER", required=True,
                       help="Who does it (else $WAGEWATCH_OFFICER); recorded in the ledger.")  # fmt: skip


@leads_group.command("list")
@click.option(
    "--status",
    help="Only this state (new, assigned, in_progress, resolved, verified, closed, dismissed, escalated, reopened).",
)
@click.option("--district", help="Only this 镇街 (or out_of_area).")
@click.option("--unassigned", is_flag=True, help="Only leads with no 镇街 (the duty officer's queue).")
@click.option("--priority", type=click.Choice(["P1", "P2", "P3"]))
@click.option("--queue", help="wage, other_labor or unassigned.")
@click.option("--owner", help="Only this officer's leads.")
@click.option("--overdue", is_flag=True, help="Only leads past their response or closure deadline.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_obj
def leads_list(
    state: State, status, district, unassigned, priority, queue, owner, overdue, limit, as_json
) -> None:
    """Leads, most urgent first; phones masked."""
    from triage.extract import mask_phones
    from triage.followup import overdue as overdue_of

    database = state.db()
    rows = storage.list_leads(database, status=status, district=district, priority=priority, queue=queue,
                              owner=owner, limit=100_000 if (overdue or unassigned) else limit)  # fmt: skip
    if unassigned:
        rows = [r for r in rows if r["district"] is None]
    if overdue:
        rows = [r for r in rows if any(v for k, v in overdue_of(r).items() if k != "hours_over")]
    for lead in rows[:limit]:
        late = overdue_of(lead)
        if as_json:
            keys = ("id", "case_key", "priority", "status", "district", "owner", "label", "queue", "workers",
                    "amount_yuan", "post_count", "heat", "response_due", "close_due", "reappeared_after_closing")  # fmt: skip
            click.echo(json.dumps({**{k: lead[k] for k in keys}, "overdue": late,
                                   "summary": mask_phones(lead["summary"])}, ensure_ascii=False))  # fmt: skip
            continue
        flags = ("逾期" if late["close"] else "未响应" if late["response"] else "") + (
            " 结案后再现" if lead["reappeared_after_closing"] else ""
        )
        click.echo(f"#{lead['id']:<5} {lead['priority'] or '-':3} {lead['status']:11} {lead['district'] or '未分配':7} "
                   f"{lead['owner'] or '-':6} 截止 {(lead['close_due'] or '-')[:10]} 帖{lead['post_count']:<3} "
                   f"热{lead['heat']:<5} {flags:6} {mask_phones(lead['summary'])[:40]}")  # fmt: skip
    if not rows:
        click.echo("no leads")


@leads_group.command("show")
@click.argument("lead_ref")
@click.option("--json", "as_json", is_flag=True, help="The lead, its posts and its ledger as JSON.")
@click.pass_obj
def leads_show(state: State, lead_ref: str, as_json: bool) -> None:
    """One lead in full: facts, deadlines, posts and the ledger.

    Phone numbers are shown unmasked here only.
    """
    from triage.followup import lead_summary

    database = state.db()
    lead = lead_summary(_lead_or_fail(database, lead_ref))
    posts = storage.lead_posts(database, lead["id"])
    events = storage.lead_events(database, lead["id"])
    if as_json:
        keep = ("id", "platform", "post_id", "url", "author", "posted_at", "text", "reason", "merge_score")
        click.echo(json.dumps({"lead": lead, "posts": [{k: p[k] for k in keep} for p in posts], "events": events},
                              ensure_ascii=False, indent=1))  # fmt: skip
        return
    late = lead["overdue"]
    amount = f"{lead['amount_yuan']:,.0f} 元" if lead["amount_yuan"] else "?"
    click.echo(f"线索 #{lead['id']} L-{lead['case_key']} · {lead['priority'] or '-'} · {lead['status']} · "
               f"{lead['district'] or '未分配'} · 负责人 {lead['owner'] or '未指派'}")  # fmt: skip
    click.echo(f"  属地依据：{lead['district_reason'] or '无'}")
    months = f"{lead['months_unpaid']:g}" if lead["months_unpaid"] else "?"
    click.echo(f"  工人 {lead['workers'] or '?'} · 金额 {amount} · 拖欠 {months} 个月 · "
               f"欠薪方 {lead['employer'] or '?'} · 项目 {lead['project'] or '-'} · 包工头 {lead['foreman'] or '-'} · "
               f"行业 {lead['sector'] or '?'}")  # fmt: skip
    if lead["group_incident"]:
        click.echo(f"  群体性事件风险：{'、'.join(lead.get('group_signals') or [])}")
    if lead.get("regulators"):
        click.echo(f"  双交办：{'、'.join(lead['regulators'])}")
    if lead.get("phones"):
        click.echo(f"  联系电话：{'、'.join(lead['phones'])}")
    click.echo(f"  响应时限 {lead['response_due'] or '-'}{' (已超时)' if late['response'] else ''} · "
               f"办结时限 {lead['close_due'] or '-'}{' (已逾期)' if late['close'] else ''}")  # fmt: skip
    if lead["reappeared_after_closing"]:
        click.echo(f"  ⚠ 结案后再次出现（已重开 {lead['reopen_count']} 次）")
    click.echo(f"帖子 ({len(posts)}) · 热度 {lead['heat']}")
    for post in posts:
        score = f" {post['merge_score']:.2f}" if post["merge_score"] is not None else ""
        click.echo(
            f"  {post['platform']}:{post['post_id']} {post['posted_at'] or ''} [{post['reason']}{score}]"
        )
        click.echo(f"    {post['text'][:120]}")
    click.echo("台账")
    for e in events:
        move = f" {e['from_state'] or ''}→{e['to_state']}" if e["to_state"] else ""
        label = f" [label={e['label']}]" if e.get("label") else ""
        click.echo(f"  {e['at']} {e['who']} {e['action']}{move}{label} {e['note'] or ''}")


@leads_group.command("assign")
@click.argument("lead_ref")
@click.argument("officer")
@OFFICER
@click.option("--note", help="Why (recorded).")
@click.pass_obj
def leads_assign(state: State, lead_ref: str, officer: str, who: str, note: str | None) -> None:
    """Give a lead to an officer (the first one owns it: 首问负责).

    Later assignments are reassignments, recorded in the ledger.
    """
    from triage import followup

    database = state.db()
    lead = _lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        lead = _transition(followup.assign, database, lead["id"], officer, who, note)
    click.echo(f"lead #{lead['id']} → {lead['owner']} ({lead['status']})")


@leads_group.command("move")
@click.argument("lead_ref")
@click.argument("to_state")
@OFFICER
@click.option("--note", help="What was done (recorded).")
@click.option("--label", type=click.Choice(["wage_arrears", "other_labor", "irrelevant"]),
              help="The correct label when dismissing (feeds classifier training).")  # fmt: skip
@click.option("--supervisor", is_flag=True, help="Move a lead another officer owns (recorded).")
@click.pass_obj
def leads_move(state: State, lead_ref: str, to_state: str, who: str, note, label, supervisor: bool) -> None:
    """Move a lead to another state (allowed transitions only).

    Each move is recorded in the ledger with who, when and the note.
    """
    from triage import followup

    database = state.db()
    lead = _lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        lead = _transition(followup.move, database, lead["id"], to_state, who, note, label, supervisor)
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("note")
@click.argument("lead_ref")
@click.argument("text")
@OFFICER
@click.pass_obj
def leads_note(state: State, lead_ref: str, text: str, who: str) -> None:
    """Add a note to a lead's ledger (台账)."""
    from triage import followup

    database = state.db()
    lead = _lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        _transition(followup.add_note, database, lead["id"], who, text)
    click.echo(f"note added to lead #{lead['id']}")


@leads_group.command("report")
@click.option("--at", help="As of this ISO time (default now).")
@click.pass_obj
def leads_report(state: State, at: str | None) -> None:
    """On-time closure rate per 镇街 and the overdue leads.

    A lead closes on time when it is 办结 within its deadline.
    """
    from triage.followup import closure_rates

    rows = closure_rates(state.db(), at=at)
    if not rows:
        click.echo("no lead has reached its closure deadline yet")
    for row in rows:
        rate = "-" if row["rate"] is None else f"{row['rate']:.0%}"
        click.echo(f"{row['district']:8} 按时办结率 {rate:>5}  按时 {row['on_time']} · 超时办结 {row['late']} · "
                   f"逾期未办结 {row['open_overdue']}")  # fmt: skip


@leads_group.command("spot-check")
@click.argument("month")
@OFFICER
@click.option(
    "--size", type=click.IntRange(min=1), help="How many to draw (default from triage/data/sla.toml)."
)
@click.option(
    "--seed", help="Seed of the draw (default: derived from the month, so the draw can be re-checked)."
)
@click.option("--record", nargs=2, metavar="CHECK_ID OUTCOME", help="Record a callback: paid or not_paid.")
@click.option("--note", help="What the callback found.")
@click.pass_obj
def leads_spot_check(state: State, month: str, who: str, size, seed, record, note) -> None:
    """Draw the month's spot-check sample (随机抽查) or record a result.

    The sample of closed leads is drawn once per month, seeded, and recorded.
    """
    from triage import followup

    database = state.db()
    with storage.transaction(database):
        if record:
            _transition(followup.record_spot_check, database, int(record[0]), record[1], who, note)
        else:
            try:
                followup.draw_spot_checks(database, month, who, size=size, seed=seed)
            except ValueError as exc:
                raise click.ClickException(f"bad month {month!r} (YYYY-MM): {exc}") from None
    for row in storage.spot_checks(database, month):
        click.echo(f"check {row['id']}: lead #{row['lead_id']} {row['district'] or '未分配'} {row['status']} · "
                   f"{row['outcome'] or '待回访'} (seed {row['seed']})")  # fmt: skip


@leads_group.command("evaluate")
@click.option("--errors", is_flag=True, help="List every miss.")
@click.option("--demo", is_flag=True, help="Score the demo corpus (the development set) instead.")
def leads_evaluate(errors: bool, demo: bool) -> None:
    """Score triage on its held-out evaluation set."""
    from triage import evaluate

    args = (["--errors"] if errors else []) + (["--demo"] if demo else [])
    sys.exit(evaluate.main(args))


@leads_group.command("reindex")
@click.pass_obj
def leads_reindex(state: State) -> None:
    """Rebuild the duplicate index from the stored lead posts."""
    from triage.dedupe import rebuild_index

    database = state.db()
    with storage.transaction(database):
        counts = rebuild_index(database)
    click.echo(f"indexed {counts['posts']} lead post(s) of {counts['leads']} lead(s)")


@main.group()
def db() -> None:
    """Database maintenance: backup and counts."""


@db.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False))
@click.pass_obj
def db_backup(state: State, dest: str) -> None:
    """Copy the live database consistently to DEST."""
    try:
        path = storage.backup(state.db(), dest)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {state.db_path} to {path}")


@db.command("stats")
@click.pass_obj
def db_stats(state: State) -> None:
    """Row counts of the main tables."""
    database = state.db()
    for table in ("posts", "leads", "lead_posts", "lead_events", "crawl_runs", "digests", "users"):
        click.echo(f"{table:12} {database[table].count}")
    click.echo(f"posts by state: {storage.count_posts(database)}")


@main.group("digest")
def digest_group() -> None:
    """The daily digest of new leads."""


@digest_group.command("preview")
@click.option(
    "-o", "--output", default="digest-preview.html", show_default=True, type=click.Path(dir_okay=False)
)
@click.option("--since", help="Only leads created since this ISO time.")
@click.pass_obj
def digest_preview(state: State, output: str, since: str | None) -> None:
    """Write the digest of new leads to HTML (sends nothing)."""
    import digest

    result = digest.write_preview(state.db(), output, since=since)
    click.echo(f"{result['count']} lead(s) in {result['path']}")


def _summary(database, since: str | None) -> str:
    leads = storage.list_leads(database, created_since=since)
    by_priority = Counter(lead["priority"] or "-" for lead in leads)
    by_district = Counter(lead["district"] or "未分配" for lead in leads)
    lines = [f"leads: {len(leads)} · " + " · ".join(f"{p} {n}" for p, n in sorted(by_priority.items()))]
    lines.append("by 镇街: " + ", ".join(f"{d} {n}" for d, n in by_district.most_common()))
    return "\n".join(lines)


@main.command()
@click.option("--out", "out_dir", default="demo-out", show_default=True, type=click.Path(file_okay=False),
              help="Where the digest preview is written.")  # fmt: skip
@click.pass_obj
def demo(state: State, out_dir: str) -> None:
    """Crawl the bundled demo mirror, triage, preview the digest."""
    import digest
    import pipeline
    from demo.render import HOTLINE_ARGS
    from demo.server import serve_demo
    from spiders.runner import run_crawl

    started = time.monotonic()
    database = state.db()
    since = storage.now()
    before = database["posts"].count
    fast = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING"}
    with serve_demo() as base_url:
        click.echo(f"demo source serving on {base_url} (127.0.0.1 only)")
        # (source, spider, arguments); every spider reads the mirror at the real platform's paths
        crawls = [
            ("demo-weibo", "weibo", {"keywords": DEMO_KEYWORDS, "max_pages": "30"}),
            ("demo-tieba", "tieba", {"bars": DEMO_BARS, "max_pages": "5"}),
            ("demo-rss", "rss", {"url": f"{base_url}/feed/zsnews.xml,{base_url}/feed/zsgov.xml"}),
            ("demo-liuyan", "liuyan", {"fids": "9001,9002", "max_pages": "5"}),
            ("demo-forum", "forum", {"list_url": "https://bbs.zsforum.example/forum.php?mod=forumdisplay&fid=2",
                                     "preset": "discuz", "site": "zsbbs"}),
            ("demo-12345", "forum", HOTLINE_ARGS),
        ]  # fmt: skip
        for source, spider, args in crawls:
            args = {**args, "source": source}
            if spider != "rss":
                args["base_url"] = base_url
            result = run_crawl(
                spider, state.db_path, args, settings=fast, timeout=state.config["crawl"]["timeout_s"]
            )
            run = storage.recent_runs(database, source, limit=1)
            status = run[0] if run else {"status": "no record", "items": 0, "new_items": 0}
            click.echo(f"  crawled {source:11} {status['status']:7} {status['items']:4} items, "
                       f"{status['new_items']:4} new"
                       + ("" if result.returncode == 0 else f"  (exit {result.returncode})"))  # fmt: skip
    stats = pipeline.run_pass(
        database, batch_size=state.config["pipeline"]["batch_size"], config=state.config
    )
    preview = digest.write_preview(database, Path(out_dir) / "digest-preview.html", since=since)
    total = database["posts"].count
    click.echo(f"posts: {total} stored ({total - before} new this run); processed {stats.get('posts', 0)}")
    click.echo("all " + _summary(database, None))
    click.echo(f"new leads this run: {stats.get('new_leads', 0)}")
    click.echo(f"digest preview: {Path(preview['path']).resolve()} ({preview['count']} new lead(s))")
    click.echo(f"database: {Path(state.db_path).resolve()}")
    click.echo(f"done in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
