"""Review UI benchmark: requests/s and latency of the queue and lead pages with 100k posts and
10k leads in the database while the pipeline keeps writing, all on 127.0.0.1, bounded in time.

    python bench/web.py [--posts 100000] [--leads 10000] [--seconds 20] [--clients 4] [--db PATH]

1. builds the database with storage functions (posts, their analysis, leads with 10 posts each,
   a ledger, deadlines, owners and states as a bureau would have them; no classifier);
2. starts ``wagewatch serve`` (waitress, 8 threads) on a free port and a writer process that runs
   real pipeline passes (constant classifier: every post a lead, the worst case) on a stream of new
   posts for the whole run;
3. ``--clients`` logged-in clients (keep-alive connections) fetch queue pages (first page,
   later pages, one 镇街, P1 only, overdue) and random lead pages for ``--seconds`` each, then the
   dashboard briefly; prints requests/s and p50/p95/p99 per page, and what the writer wrote.
The goal: p95 < 200 ms for the queue and lead pages.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import storage  # noqa: E402
from triage.districts import TOWNS  # noqa: E402

PASSWORD = "bench password 123"
STATES = (
    ["new"] * 30
    + ["assigned"] * 15
    + ["in_progress"] * 15
    + ["resolved"] * 5
    + ["closed"] * 25
    + ["dismissed"] * 10
)
SITES = ["工地", "五金厂", "灯饰厂", "制衣厂", "酒楼", "物流园", "家具厂", "电子厂", "装修公司", "培训学校"]


def _post(i: int, rng: random.Random, town: str) -> dict:
    return {"platform": rng.choice(["weibo", "tieba", "rss", "liuyan"]), "post_id": f"b{i}",
            "url": f"https://m.weibo.cn/detail/{i}", "author": f"用户{i % 5000}",
            "text": f"{town}{rng.choice(SITES)}老板拖欠我们{rng.randint(3, 80)}个工人{rng.randint(1, 6)}个月工资，"
                    f"一共{rng.randint(2, 200)}万，电话1380000{i % 10000:04d}，第{i}号",
            "posted_at": f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+08:00",
            "reposts": rng.randint(0, 50), "comments": rng.randint(0, 30), "likes": rng.randint(0, 99)}  # fmt: skip


def build(db_path: Path, n_posts: int, n_leads: int, seed: int = 7) -> None:
    from review.accounts import hash_password
    from triage.followup import deadlines

    rng = random.Random(seed)
    db = storage.open_db(db_path)
    towns = [rng.choice(TOWNS) for _ in range(n_leads)]
    started = time.perf_counter()
    for start in range(0, n_posts, 2000):
        stop = min(n_posts, start + 2000)
        storage.upsert_posts(
            db, [_post(i, rng, towns[i % n_leads]) for i in range(start, stop)], source="bench"
        )
    print(f"  {n_posts:,} posts stored in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    per_lead = max(1, n_posts // n_leads)
    ids = [r[0] for r in db.execute("SELECT id FROM posts ORDER BY id").fetchall()]
    with storage.transaction(db):
        for n in range(n_leads):
            town = towns[n]
            priority = rng.choices(["P1", "P2", "P3"], [5, 30, 65])[0]
            state = rng.choice(STATES)
            created = (
                f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 20):02d}:00:00+08:00"
            )
            due = deadlines(priority, "wage_arrears", created)
            lead_id = storage.create_lead(db, {
                "case_key": f"bench{n}", "label": "wage_arrears", "status": state, "priority": priority, "queue": "wage",
                "district": town if n % 50 else None, "district_reason": f"{town} → {town}",
                "summary": f"{town}{rng.choice(SITES)}拖欠工资 电话13800001234 第{n}号", "workers": rng.randint(3, 80),
                "amount_yuan": rng.randint(2, 200) * 10_000, "employer": f"{town}某{rng.choice(SITES)}",
                "response_due": due.response_due, "close_due": due.close_due, "regulators": ["住建"] if n % 4 == 0 else [],
                "resolved_at": created if state in ("resolved", "closed") else None,
                "closed_at": created if state == "closed" else None,
            })  # fmt: skip
            if state != "new":
                storage.update_lead(db, lead_id, {"owner": f"officer{n % 40}"})
            for k in range(per_lead):
                post_id = ids[(n * per_lead + k) % len(ids)]
                storage.save_analysis(db, post_id, {"label": "wage_arrears", "score": 0.97, "model_version": "bench",
                                                    "explanation": ["工资", "拖欠"], "district": town, "priority": priority})  # fmt: skip
                storage.attach_post(
                    db, lead_id, {"id": post_id, "posted_at": created, "reposts": k}, "near-duplicate", 0.9
                )
                storage.add_event(db, lead_id, f"officer{n % 40}", "note", None, None, f"第{k}次跟进")
        db.execute("UPDATE posts SET state = 'done'")
        storage.create_user(db, {"username": "bench", "display_name": "bench", "role": "duty",
                                 "password_hash": hash_password(PASSWORD), "active": 1})  # fmt: skip
    print(
        f"  {n_leads:,} leads with {per_lead} posts and {per_lead + 1} ledger rows each in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    db.close()


def writer(db_path: str, stop_at: float, counter) -> None:
    """Pipeline passes over a stream of new posts until ``stop_at`` (every post a lead: the worst case)."""
    import pipeline
    from classifier.base import Prediction

    class Constant:
        def predict(self, batch, explain=False):
            return [Prediction("wage_arrears", 1.0, {"wage_arrears": 1.0}, [], "bench") for _ in batch]

    db = storage.open_db(db_path)
    rng, i = random.Random(11), 10_000_000
    while time.time() < stop_at:
        storage.upsert_posts(db, [_post(i + k, rng, rng.choice(TOWNS)) for k in range(20)], source="writer")
        i += 20
        stats = pipeline.run_pass(db, classifier=Constant(), batch_size=20)
        counter.value += stats.get("posts", 0)
        time.sleep(0.05)


class Client:
    """One officer's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def login(self) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": "bench", "password": PASSWORD, "csrf_token": token})
        status, _ = self.request("POST", "/login", body)
        assert status == 302, status


def load(port: int, paths, seconds: float, clients: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(seed: int) -> None:
        rng, client = random.Random(seed), Client(port)
        client.login()
        while time.monotonic() < stop_at:
            kind, path = paths(rng)
            started = time.perf_counter()
            status, _ = client.request("GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            assert status == 200, (path, status)
            with lock:
                timings.setdefault(kind, []).append(elapsed)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings


def report(timings: dict[str, list[float]], seconds: float) -> None:
    total = sum(len(v) for v in timings.values())
    print(f"  all pages: {total / seconds:.1f} requests/s ({total} requests in {seconds:.0f} s)")
    for kind, values in sorted(timings.items()):
        values.sort()
        p50, p95, p99 = (values[min(len(values) - 1, int(len(values) * q))] for q in (0.5, 0.95, 0.99))
        print(f"  {kind:18} {len(values) / seconds:6.1f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
              f"  p99 {p99:6.1f} ms  ({len(values)} requests)")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--db", help="Reuse (or keep) the benchmark database at this path.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        if not db_path.exists():
            print(f"building {db_path} ...", flush=True)
            build(db_path, args.posts, args.leads)
        db = storage.open_db(db_path)
        lead_ids = [r[0] for r in db.execute("SELECT id FROM leads").fetchall()]
        print(f"database: {db['posts'].count:,} posts, {len(lead_ids):,} leads, {db['lead_events'].count:,} ledger rows, "
              f"{db_path.stat().st_size / 1e6:.0f} MB", flush=True)  # fmt: skip
        db.close()
        port = _free_port()
        env = {**os.environ, "WAGEWATCH_SECRET_KEY": "bench-" + "k" * 58, "PYTHONPATH": str(ROOT)}
        env.pop("WAGEWATCH_CONFIG", None)
        server = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db_path), "serve", "--port", str(port)],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            counter = multiprocessing.Value("i", 0)
            total = args.seconds * 2 + 10
            proc = multiprocessing.Process(target=writer, args=(str(db_path), time.time() + total, counter))
            proc.start()
            towns = list(TOWNS)

            def pages(rng: random.Random) -> tuple[str, str]:
                roll = rng.random()
                if roll < 0.5:
                    return "lead page", f"/leads/{rng.choice(lead_ids)}"
                if roll < 0.7:
                    return "queue (page 1)", "/leads"
                if roll < 0.8:
                    return "queue (page 2-20)", f"/leads?page={rng.randint(2, 20)}"
                if roll < 0.9:
                    town = urllib.parse.quote(rng.choice(towns))
                    return "queue (one 镇街)", f"/leads?district={town}"
                return "queue (P1/overdue)", rng.choice(["/leads?priority=P1", "/leads?state=overdue"])

            print(
                f"\nqueue and lead pages, {args.clients} clients, {args.seconds:.0f} s, pipeline writing:",
                flush=True,
            )
            report(load(port, pages, args.seconds, args.clients), args.seconds)
            print(
                f"\ndashboard, {args.clients} clients, {args.seconds / 2:.0f} s, pipeline writing:",
                flush=True,
            )
            report(
                load(port, lambda rng: ("dashboard", "/"), args.seconds / 2, args.clients), args.seconds / 2
            )
            written = counter.value
            proc.terminate()
            proc.join()
            print(
                f"\nthe writer processed {written:,} new posts (pipeline passes, every post a lead) meanwhile"
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
