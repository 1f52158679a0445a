"""Storage benchmark: upsert throughput and full-text query latency on N synthetic posts.

    python bench/storage_bench.py [--posts 100000] [--queries 200]

Prints posts/s for inserts (jieba segmentation for the index included), for an idempotent
re-upsert of the same posts, and the median / p95 time of an FTS query over jieba words.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import storage  # noqa: E402

TOWNS = ["坦洲镇", "小榄镇", "古镇镇", "三乡镇", "火炬开发区", "东区", "黄圃镇", "沙溪镇", "横栏镇", "南头镇"]
SITES = ["工地", "五金厂", "灯饰厂", "制衣厂", "酒楼", "物流园", "家具厂", "电子厂", "装修公司", "培训学校"]
FILLER = [
    "今天",
    "老板",
    "我们",
    "已经",
    "三个月",
    "没有",
    "发",
    "工资",
    "求助",
    "天气",
    "很好",
    "吃饭",
    "加班",
    "社保",
]
QUERIES = ["工资", "拖欠 工资", "坦洲", "五金厂", "老板 跑路", "社保", "灯饰厂 欠薪", "求助"]


def synthetic_post(i: int, rng: random.Random) -> dict:
    words = rng.choices(FILLER, k=12)
    text = f"{rng.choice(TOWNS)}{rng.choice(SITES)}{''.join(words)}，第{i}号"
    if i % 3 == 0:
        text += "，老板拖欠我们工资跑路了"
    return {"platform": "bench", "post_id": str(i), "text": text, "posted_at": "2026-11-20T10:00:00+08:00",
            "reposts": i % 7, "comments": i % 5, "likes": i % 11}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    posts = [synthetic_post(i, rng) for i in range(args.posts)]
    with tempfile.TemporaryDirectory() as tmp:
        db = storage.open_db(Path(tmp) / "bench.db")
        started = time.perf_counter()
        for start in range(0, len(posts), 1000):
            storage.upsert_posts(db, posts[start : start + 1000])
        insert_s = time.perf_counter() - started
        started = time.perf_counter()
        for start in range(0, len(posts), 1000):
            storage.upsert_posts(db, posts[start : start + 1000])
        reupsert_s = time.perf_counter() - started
        timings: dict[str, list[float]] = {"recent": [], "relevance": []}
        for order, found in timings.items():
            for i in range(args.queries):
                t0 = time.perf_counter()
                storage.search_posts(db, QUERIES[i % len(QUERIES)], limit=20, order=order)
                found.append((time.perf_counter() - t0) * 1000)
        size_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6
    print(f"posts: {args.posts:,}  (database {size_mb:.0f} MB)")
    print(f"insert + index: {args.posts / insert_s:,.0f} posts/s ({insert_s:.1f} s)")
    print(f"re-upsert of the same posts (no change): {args.posts / reupsert_s:,.0f} posts/s")
    for order, found in timings.items():
        found.sort()
        print(f"FTS query, top 20 by {order}: median {statistics.median(found):.2f} ms, "
              f"p95 {found[int(len(found) * 0.95)]:.2f} ms over {args.queries} queries")  # fmt: skip


if __name__ == "__main__":
    main()
