"""Posts in and out: ``analyze`` (stateless), ``ingest``, ``process`` and ``search``."""

from __future__ import annotations

import json
import sys

import click

import storage
from cli.context import State, say
from records import iter_jsonl, post_from_record, read_jsonl


@click.command()
@click.argument("infile", type=click.Path(allow_dash=True, exists=True, dir_okay=False))
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

    bad = 0

    def good_lines():
        nonlocal bad
        for number, record, problem in iter_jsonl(infile):
            if problem:
                bad += 1
                click.echo(problem, err=True)
            else:
                yield number, record

    out = sys.stdout if outfile == "-" else open(outfile, "w", encoding="utf-8")  # noqa: SIM115
    written = 0
    with out:
        for result in pipeline.analyze_stream(good_lines(), state.config):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            written += 1
    if bad:
        click.echo(f"{bad} bad line(s) skipped; {written} analysed", err=True)
        sys.exit(1)


@click.command()
@click.argument("infile", type=click.Path(allow_dash=True, exists=True, dir_okay=False))
@click.pass_obj
def ingest(state: State, infile: str) -> None:
    """Store posts from JSONL (analyze schema) and process them."""
    import pipeline

    good, bad = read_jsonl(infile)
    for message in bad:
        click.echo(message, err=True)
    db = state.db()
    posts = [post_from_record(r, str(r["id"]), "ingest") for _, r in good]
    counts = storage.upsert_posts(db, posts, source="ingest")
    stats = pipeline.run_pass(db, batch_size=state.config["pipeline"]["batch_size"], config=state.config,
                              workers=state.config["pipeline"]["workers"] or None)  # fmt: skip
    click.echo(
        f"ingested {len(good)} line(s): {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; processed {stats.get('posts', 0)} post(s), "
        f"{stats.get('new_leads', 0)} new lead(s); database {state.db_path}"
    )
    if bad:
        click.echo(f"{len(bad)} bad line(s) skipped", err=True)
        sys.exit(1)


@click.command()
@click.option("--batch-size", type=click.IntRange(min=1), help="Posts per transaction (default from config).")
@click.option("--retry-failed", is_flag=True, help="Put posts that failed before back in the queue first.")
@click.pass_obj
def process(state: State, batch_size: int | None, retry_failed: bool) -> None:
    """Run the pipeline over every post not processed yet."""
    import pipeline

    db = state.db()
    if retry_failed:
        click.echo(f"requeued {storage.requeue_failed(db)} failed post(s)")
    stats = pipeline.run_pass(db, batch_size=batch_size or state.config["pipeline"]["batch_size"],
                              config=state.config, workers=state.config["pipeline"]["workers"] or None)  # fmt: skip
    click.echo(json.dumps(stats, ensure_ascii=False, sort_keys=True))


@click.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--order", type=click.Choice(["recent", "relevance"]), default="recent", show_default=True)
@click.pass_obj
def search(state: State, query: str, limit: int, order: str) -> None:
    """Full-text search over stored posts (jieba words); phones masked."""
    from redact import mask_personal

    database = state.db()
    found = storage.search_posts(database, query, limit=limit, order=order)
    for post in found:
        text = mask_personal(post["text"]).replace("\n", " ")
        say(f"{post['platform']}:{post['post_id']}  {post['posted_at'] or '':25}  {text[:80]}")
    total = storage.count_matches(database, query)
    if total > len(found):
        click.echo(f"shown {len(found)} of {total} matching posts (--limit to see more)")
    elif not found:
        click.echo("no matching posts")
