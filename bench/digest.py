"""How long building the daily digest takes, and how big the email is, for N new leads.

    python bench/digest.py [--leads 100] [--runs 5]

Leads are inserted directly (no classifier), spread over the 23 镇街 and the last 14 days, with
posts on two platforms; the city-wide digest of the last 24 hours is built ``--runs`` times.
"""

from __future__ import annotations

import argparse
import email.policy
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import config  # noqa: E402
import digest  # noqa: E402
import storage  # noqa: E402
from storage.db import BEIJING  # noqa: E402
from triage.districts import load_gazetteer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    towns = sorted(load_gazetteer().towns)
    now = datetime.now(BEIJING).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        db = storage.open_db(Path(tmp) / "bench.db")
        with storage.transaction(db):
            for n in range(args.leads):
                created = now - timedelta(hours=rng.uniform(0, 24 * 14))
                lead_id = storage.create_lead(db, {
                    "case_key": f"k{n}", "label": "wage_arrears", "priority": rng.choice(["P1", "P2", "P3", "P3"]),
                    "queue": "wage", "district": rng.choice(towns), "summary": f"某工地拖欠{n}名工人工资 电话1380000{n:04d}",
                    "workers": rng.randint(1, 80), "amount_yuan": rng.randint(1, 300) * 1000, "employer": f"某公司{n}",
                    "close_due": (created + timedelta(days=rng.randint(1, 20))).isoformat(),
                })  # fmt: skip
                db.execute("UPDATE leads SET created_at = ? WHERE id = ?", [created.isoformat(), lead_id])
                for k, platform in enumerate(("weibo", "tieba")):
                    post_id = db.execute(
                        "INSERT INTO posts (platform, post_id, text, fetched_at, content_hash) VALUES (?, ?, 't', ?, ?)",
                        [platform, f"{n}-{k}", now.isoformat(), f"h{n}-{k}"],
                    ).lastrowid
                    storage.attach_post(
                        db, lead_id, {"id": post_id, "posted_at": created.isoformat()}, "first post", 1.0
                    )
        cfg = config.validate({"sources": []}, "bench")
        period = digest.Period(
            now.date().isoformat(), (now - timedelta(hours=24)).isoformat(), now.isoformat()
        )
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            built = digest.build(db, cfg, None, period, ["task-force@example.gov.cn"])
            times.append(time.perf_counter() - started)
        size = len(built.message.as_bytes(policy=email.policy.SMTP))
        print(f"{args.leads} leads in the database, {len(built.lead_ids)} new in the digest's 24 h")
        print(
            f"build: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {args.runs} runs"
        )
        print(f"email: {size / 1024:.0f} KiB (chart {len(built.png) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
