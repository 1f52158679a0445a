"""``demo``: serve the bundled demo mirror on 127.0.0.1, crawl it with the real spiders, run the
pipeline, write a digest preview and print a summary."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click

import storage
from cli.context import State

# what the demo searches on its local Weibo mirror, and which 吧 it reads
DEMO_KEYWORDS = "欠薪,讨薪,工资,出粮,人工,工钱,社保,工伤,辞退,加班,中山,老板,老细,工地,拖,欠"
DEMO_BARS = "中山,小榄,古镇,坦洲,三乡,三角,东凤,南头,大涌,横栏,民众,港口,黄圃"


def _summary(database, since: str | None) -> str:
    leads = storage.list_leads(database, created_since=since)
    by_priority = Counter(lead["priority"] or "-" for lead in leads)
    by_district = Counter(lead["district"] or "未分配" for lead in leads)
    lines = [f"leads: {len(leads)} · " + " · ".join(f"{p} {n}" for p, n in sorted(by_priority.items()))]
    lines.append("by 镇街: " + ", ".join(f"{d} {n}" for d, n in by_district.most_common()))
    return "\n".join(lines)


@click.command()
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
    fast = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO"}
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
            result = run_crawl(spider, state.db_path, args, settings=fast, timeout=state.config["crawl"]["timeout_s"],
                               log_file=Path(out_dir) / "crawl-logs" / f"{source}.log")  # fmt: skip
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
    click.echo(f"crawl logs: {(Path(out_dir) / 'crawl-logs').resolve()}")
    click.echo(f"database: {Path(state.db_path).resolve()}")
    click.echo(f"done in {time.monotonic() - started:.1f}s")
