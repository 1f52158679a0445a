"""The ``wagewatch`` command: thin click commands over storage, pipeline, spiders and digest."""

from __future__ import annotations

import json
import logging
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
        self.db_path = storage.resolve_db_path(db_path or _env_db() or self.config["database"]["path"])

    def db(self):
        return storage.open_db(self.db_path)


def _env_db():
    import os

    return os.environ.get("WAGEWATCH_DB")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="SQLite file (else $WAGEWATCH_DB, else ./wagewatch.db).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config (else $WAGEWATCH_CONFIG, else defaults).")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, config_path: str | None, verbose: bool) -> None:
    """wagewatch: find wage-arrears complaints in public posts and track them until workers are paid."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
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
@click.option("-o", "--output", "outfile", type=click.Path(allow_dash=True), default="-", show_default=True, help="Output JSONL.")
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
    pipeline.run_pass(db, batch_size=state.config["pipeline"]["batch_size"])
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
    stats = pipeline.run_pass(db, batch_size=state.config["pipeline"]["batch_size"])
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
    stats = pipeline.run_pass(db, batch_size=batch_size or state.config["pipeline"]["batch_size"])
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
@click.option("--timeout", type=click.IntRange(min=1), help="Seconds before the crawl is stopped (default from config).")
@click.pass_obj
def crawl(state: State, source: str, timeout: int | None) -> None:
    """Crawl one configured source into the database."""
    from spiders.runner import run_crawl

    sources = {s["name"]: s for s in state.config["sources"]}
    if source not in sources:
        raise click.ClickException(f"unknown source {source!r}; configured: {', '.join(sources) or 'none'}")
    spec = sources[source]
    settings = {"DOWNLOAD_DELAY": str(state.config["crawl"]["download_delay"]),
                "ROBOTSTXT_OBEY": str(state.config["crawl"]["obey_robots"])}  # fmt: skip
    result = run_crawl(spec["spider"], state.db_path, {**spec["args"], "source": source}, settings=settings,
                       timeout=timeout or state.config["crawl"]["timeout_s"])  # fmt: skip
    run = storage.recent_runs(state.db(), source, limit=1)
    if run:
        r = run[0]
        click.echo(f"{source}: {r['status']} · {r['items']} items, {r['new_items']} new, {r['errors']} errors")
    if result.returncode != 0:
        raise click.ClickException(f"crawl of {source} exited with status {result.returncode}")


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
@click.option("-o", "--output", default="digest-preview.html", show_default=True, type=click.Path(dir_okay=False))
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
    from demo.server import serve_demo
    from spiders.runner import run_crawl

    started = time.monotonic()
    database = state.db()
    since = storage.now()
    before = database["posts"].count
    fast = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING"}
    with serve_demo() as base_url:
        click.echo(f"demo source serving on {base_url} (127.0.0.1 only)")
        crawls = [
            ("weibo", {"keywords": DEMO_KEYWORDS, "max_pages": "30"}),
            ("tieba", {"bars": DEMO_BARS, "max_pages": "5"}),
            ("rss", {"url": f"{base_url}/feed/zsnews.xml,{base_url}/feed/zsgov.xml"}),
        ]
        for spider, args in crawls:
            args = {**args, "source": f"demo-{spider}"}
            if spider != "rss":
                args["base_url"] = base_url
            result = run_crawl(spider, state.db_path, args, settings=fast, timeout=state.config["crawl"]["timeout_s"])
            run = storage.recent_runs(database, f"demo-{spider}", limit=1)
            status = run[0] if run else {"status": "no record", "items": 0, "new_items": 0}
            click.echo(f"  crawled {spider:6} {status['status']:7} {status['items']:4} items, {status['new_items']:4} new"
                       + ("" if result.returncode == 0 else f"  (exit {result.returncode})"))  # fmt: skip
    stats = pipeline.run_pass(database, batch_size=state.config["pipeline"]["batch_size"])
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
