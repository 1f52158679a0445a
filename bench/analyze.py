"""Throughput of ``wagewatch analyze`` and of a ``wagewatch process`` pass against plain jieba (#12).

    python bench/analyze.py                        # 20,000 posts, 3 rounds; then 200,000 posts, 1 round
    python bench/analyze.py --sizes 20000 --rounds 5
    python bench/analyze.py --lookups              # also the duplicate lookup at 10k / 100k / 1M stored posts
    python bench/analyze.py --profile 5000         # the top entries of a cProfile of analyze
    python bench/analyze.py --storing 20000        # CPU of analyze's storing half alone (the serial part)
    python bench/analyze.py --budget 20000         # CPU a post of jieba, preparing and storing: the ratio's ceilings
    python bench/analyze.py --sizes 1000000 --analyze-only   # peak memory of analyze over 1M posts

The posts are varied and at most 200 characters: every text of the labelled corpus, the holdout and
the demo (hand-written: leads, look-alikes, Cantonese, traditional, short and long), each copy
changed as real posts differ (other digits, another 镇街, a hashtag or an emoji, a short tail), so no
two posts are the same text. Each command runs in its own process; rounds alternate (jieba,
analyze, process, jieba, …) so a machine that speeds up or slows down affects all alike, and the
medians are quoted.

- jieba: ``jieba.lcut`` over the texts, timed inside its process after the dictionary is loaded;
- analyze: ``wagewatch analyze FILE -o /dev/null`` wall time minus the same command's time on one
  post (start-up: Python, torch, the model, the dictionaries);
- process: the posts stored first (``storage.upsert_posts``, not timed), then ``wagewatch process``
  wall time minus its start-up on one post;
- peak memory: the largest resident set of any process of the command (``getrusage``, children).

The ratio analyze / jieba is the issue's figure (goal ≥ 0.5 on a 2-core machine).

Last measured (speed round 17, 2026-12-08 01:17-01:34 UTC, a quiet machine; README "Performance"): --sizes 20000
--rounds 2, two runs of each tree in turn: main analyze 0.59 / 0.54, process 0.37 / 0.33 (jieba 2,888 / 2,675/s); the
session's start 0.41 / 0.41, process 0.26 / 0.30 (jieba 3,206 / 3,188/s); a third run of main, --rounds 3:
0.47 / 0.27 (jieba 3,495/s); --budget 20000 --rounds 3: main preparing
0.797 ms, storing 0.446 ms a post; the start 0.822 / 0.526 ms.

Round 16 (2026-12-07 22:10-22:20 UTC): --budget 20000:
jieba.lcut 0.313 ms a post, preparing 0.797 ms (2.55x), storing 0.465 ms (1.49x), both 4.04x jieba: the ratio's
ceiling on 2 cores is 0.50. --sizes 20000 --rounds 2: main 0.41 / 0.27 (jieba 3,043/s), the session's start 0.46 /
0.29 (jieba 2,871/s); jieba's own rate moved 2,577-3,715/s between rounds, so compare ratios from one run, and the
absolute rates of the two trees (here: no change beyond noise).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNS = ["石岐", "东区", "西区", "南区", "五桂山", "火炬开发区", "民众", "南朗", "小榄", "黄圃", "东凤", "古镇", "沙溪",
         "坦洲", "港口", "三角", "横栏", "南头", "阜沙", "三乡", "板芙", "大涌", "神湾"]  # fmt: skip
TAILS = ["", "", "", " #中山欠薪#", " [怒]", " 😭", " @中山人社", " 求转发", " 急！！", " 有没有人管"]
JIEBA = textwrap.dedent(
    """
    import json, logging, sys, time
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    print(time.perf_counter() - started)
    """
)


def source_texts() -> list[str]:
    texts = []
    data = ROOT / "classifier" / "data"
    for path in [*sorted((data / "corpus").glob("part_*.jsonl")), data / "holdout" / "posts.jsonl",
                 ROOT / "demo" / "data" / "posts.jsonl"]:  # fmt: skip
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if len(text) <= 180:
                texts.append(text)
    return texts


class Recorder:
    """A preparer that keeps the workers' results (``Prepared``, in order) in ``into`` as it hands them on."""

    def __init__(self, preparer, into: list):
        self.preparer, self.into = preparer, into

    def map(self, batches, **how):
        for prepared in self.preparer.map(batches, **how):
            self.into.append(prepared)
            yield prepared


class Replay:
    """A preparer that hands recorded results back in order, as the workers did (the storing half alone)."""

    def __init__(self, recorded: list):
        self.recorded = recorded

    def map(self, batches, **how):
        return (prepared for _batch, prepared in zip(batches, self.recorded, strict=False))


def varied_posts(n: int, seed: int = 12) -> list[dict]:
    """``n`` posts, no two texts alike, each at most 200 characters."""
    rng, texts = random.Random(seed), source_texts()
    town = re.compile("|".join(TOWNS))
    posts = []
    for i in range(n):
        text = rng.choice(texts)
        text = re.sub(
            r"\d+", lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), text
        )
        if rng.random() < 0.5:
            text = town.sub(lambda _m: rng.choice(TOWNS), text, count=1)
        text = (text + rng.choice(TAILS) + f" {i:x}")[:200]
        day = 1 + i * 28 // n
        posts.append({"id": f"b{i}", "text": text, "platform": rng.choice(["weibo", "tieba", "forum"]),
                      "posted_at": f"2026-10-{day:02d}T{i % 24:02d}:{i % 60:02d}:00+08:00"})  # fmt: skip
    return posts


# runs a command and reports its wall time and the largest resident set of it and its descendants
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    started = time.perf_counter()
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "peak_kb": peak, "rc": result.returncode, "out": result.stdout,
                      "err": result.stderr[-2000:]}))
    """
)


def timed(command: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS of the largest process in MB, stdout) of one run in a fresh process."""
    raw = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT)
    run = json.loads(raw.stdout)
    if run["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run['err']}")
    return run["wall"], run["peak_kb"] // 1024, run["out"]


def wagewatch(*args: str) -> list[str]:
    return [sys.executable, "-c", "import cli; cli.main()", *args]


def measure(n: int, rounds: int, folder: Path, analyze_only: bool = False) -> dict:
    posts = varied_posts(n)
    posts_file = folder / f"posts-{n}.jsonl"
    posts_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8")
    one_file = folder / "one.jsonl"
    one_file.write_text(json.dumps(posts[0], ensure_ascii=False) + "\n", encoding="utf-8")

    import storage
    from records import post_from_record

    def fresh_store(count: int) -> Path:
        path = folder / f"process-{count}.db"
        for leftover in folder.glob(f"process-{count}.db*"):
            leftover.unlink()
        db = storage.open_db(path)
        storage.upsert_posts(
            db, [post_from_record(p, p["id"], "bench") for p in posts[:count]], source="bench"
        )
        db.close()
        return path

    results: dict[str, list[float]] = {"jieba": [], "analyze": [], "process": []}
    peaks: dict[str, int] = {"analyze": 0, "process": 0}
    start_analyze = statistics.median(
        timed(wagewatch("analyze", str(one_file), "-o", os.devnull))[0] for _ in range(2)
    )
    start_process = (
        0.0
        if analyze_only
        else statistics.median(timed(wagewatch("--db", str(fresh_store(1)), "process"))[0] for _ in range(2))
    )
    for _ in range(rounds):
        wall, _peak, out = timed([sys.executable, "-c", JIEBA, str(posts_file)])
        results["jieba"].append(float(out.strip()))
        wall, peak, _out = timed(wagewatch("analyze", str(posts_file), "-o", os.devnull))
        results["analyze"].append(wall - start_analyze)
        peaks["analyze"] = max(peaks["analyze"], peak)
        # each round's figures as it ends, so that a run stopped early still leaves them
        print(f"  round: {n:,} posts, jieba {n / results['jieba'][-1]:,.0f}/s, analyze {n / results['analyze'][-1]:,.0f}/s, "
              f"peak {peak} MB", file=sys.stderr, flush=True)  # fmt: skip
        if analyze_only:
            results["process"].append(float("nan"))
            continue
        db_path = fresh_store(n)
        wall, peak, _out = timed(wagewatch("--db", str(db_path), "process"))
        results["process"].append(wall - start_process)
        peaks["process"] = max(peaks["process"], peak)
    rate = {k: n / statistics.median(v) for k, v in results.items()}
    return {"posts": n, "rounds": rounds, "posts_per_s": rate, "ratio_analyze": rate["analyze"] / rate["jieba"],
            "ratio_process": rate["process"] / rate["jieba"], "peak_mb": peaks,
            "startup_s": {"analyze": start_analyze, "process": start_process}}  # fmt: skip


def lookups() -> None:
    """The duplicate lookup's per-post cost at 10k, 100k and 1M stored lead posts (bench/triage.py)."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "triage.py"), "--million", "--skip-compare", "--posts", "500"],
                   cwd=ROOT, check=True)  # fmt: skip


def profile(n: int, folder: Path) -> None:
    posts = varied_posts(n)
    path = folder / "profile.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8")
    code = (
        "import cProfile, pstats, sys\n"
        f"sys.argv = ['wagewatch', '--config', {str(folder / 'one-worker.toml')!r}, 'analyze', {str(path)!r}, '-o', {os.devnull!r}]\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"  # this tree's code, not the installed wagewatch's
        "import cli\n"
        "cProfile.run('try:\\n    cli.main()\\nexcept SystemExit:\\n    pass', 'prof')\n"
        "pstats.Stats('prof').sort_stats('tottime').print_stats(20)\n"
        "print('Where the time goes, by stage (cumulative, wagewatch code only):')\n"
        f"pstats.Stats('prof').sort_stats('cumulative').print_stats({str(ROOT)!r}, 30)\n"
    )
    (folder / "one-worker.toml").write_text("[pipeline]\nworkers = 1\n", encoding="utf-8")
    subprocess.run([sys.executable, "-c", code], cwd=folder, check=True)


def storing(n: int, rounds: int) -> None:
    """CPU of ``analyze``'s storing half alone (the serial part, in the parent process): the posts prepared once
    by two workers and their results recorded, then the recorded batches stored again, each round in a fresh
    throwaway store, the output compared with the first run's."""
    import time

    import config
    import pipeline
    import storage
    from preparing import Preparer

    cfg, lines, recorded = config.defaults(), list(enumerate(varied_posts(n), start=1)), []

    rules = config.priority_rules(cfg)
    with Preparer(pipeline.configured_classifier(cfg), rules, 2, explain=False) as preparer:
        first = list(
            pipeline._analyze_chunks(
                storage.scratch_db(), iter(lines), cfg, Recorder(preparer, recorded), 1000
            )
        )
    for _ in range(rounds):
        started = time.process_time()
        again = list(pipeline._analyze_chunks(storage.scratch_db(), iter(lines), cfg, Replay(recorded), 1000))
        spent = time.process_time() - started
        same = "same output" if again == first else "OUTPUT DIFFERS"
        print(f"storing half of {n:,} posts: {spent:.2f} s of CPU ({spent / n * 1000:.3f} ms a post), {same}")


def budget(n: int, rounds: int) -> None:
    """The CPU each post costs, in one process, against jieba's: ``jieba.lcut``, the preparing half (what the workers do:
    the records made into posts, classified, triaged, fingerprinted) and the storing half (what the parent does),
    best of ``rounds``. On two cores a run can go no faster than its total CPU spread over both, nor than its storing
    half on one: the ratio's ceilings are 2 × jieba / (preparing + storing) and jieba / storing."""
    import logging
    import time

    import jieba

    import config
    import pipeline
    import preparing
    import storage

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    cfg = config.defaults()
    classifier, rules = pipeline.configured_classifier(cfg), config.priority_rules(cfg)
    preparing.warm_up(classifier, rules, False)
    posts = varied_posts(n)
    lines, texts, spent = list(enumerate(posts, start=1)), [p["text"] for p in posts], {}

    def prepare(batch):
        return preparing.prepare(batch, classifier, rules, False)

    for _ in range(rounds):
        started = time.process_time()
        for text in texts:
            jieba.lcut(text)
        spent.setdefault("jieba", []).append(time.process_time() - started)
        started, recorded = time.process_time(), []
        for i in range(0, n, cfg["pipeline"]["batch_size"]):
            recorded.append(pipeline._analyze_batch(lines[i : i + cfg["pipeline"]["batch_size"]], prepare))
        spent.setdefault("preparing", []).append(time.process_time() - started)
        started = time.process_time()
        list(pipeline._analyze_chunks(storage.scratch_db(), iter(lines), cfg, Replay(recorded), 1000))
        spent.setdefault("storing", []).append(time.process_time() - started)
    ms = {k: min(v) / n * 1000 for k, v in spent.items()}
    j, both = ms["jieba"], ms["preparing"] + ms["storing"]
    print(f"{n:,} posts, CPU a post (best of {rounds}): jieba.lcut {j:.3f} ms · preparing {ms['preparing']:.3f} ms "
          f"({ms['preparing'] / j:.2f}× jieba) · storing {ms['storing']:.3f} ms ({ms['storing'] / j:.2f}×) · both "
          f"{both:.3f} ms ({both / j:.2f}×); ceilings of the ratio on 2 cores: {2 * j / both:.2f} (all CPU spread "
          f"over both), {j / ms['storing']:.2f} (the storing half on one); load {os.getloadavg()[0]:.1f}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="rounds at the first size (default 3 below 100,000 posts, else 1); 1 at later sizes",
    )
    parser.add_argument("--lookups", action="store_true", help="also the duplicate lookup at 10k/100k/1M")
    parser.add_argument(
        "--analyze-only",
        action="store_true",
        help="time jieba and analyze only (e.g. the peak memory at 1M posts)",
    )
    parser.add_argument(
        "--profile", type=int, metavar="POSTS", help="profile analyze (one process) on POSTS posts"
    )
    parser.add_argument(
        "--storing", type=int, metavar="POSTS", help="CPU of analyze's storing half alone on POSTS posts"
    )
    parser.add_argument(
        "--budget",
        type=int,
        metavar="POSTS",
        help="CPU a post of jieba, preparing and storing; the ratio's ceilings",
    )
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} processors; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.profile:
            profile(args.profile, folder)
            return
        if args.storing:
            storing(args.storing, args.rounds or 3)
            return
        if args.budget:
            budget(args.budget, args.rounds or 2)
            return
        for index, n in enumerate(args.sizes):
            first_rounds = args.rounds or (3 if n < 100_000 else 1)
            r = measure(n, first_rounds if index == 0 else 1, folder, args.analyze_only)
            rate = r["posts_per_s"]
            print(f"{n:>9,} posts ({r['rounds']} round(s), medians): jieba.lcut {rate['jieba']:,.0f}/s · "
                  f"analyze {rate['analyze']:,.0f}/s (ratio {r['ratio_analyze']:.2f}, peak {r['peak_mb']['analyze']} MB) · "
                  f"process {rate['process']:,.0f}/s (ratio {r['ratio_process']:.2f}, peak {r['peak_mb']['process']} MB) · "
                  f"start-up subtracted {r['startup_s']['analyze']:.1f} s / {r['startup_s']['process']:.1f} s",
                  flush=True)  # fmt: skip
    if args.lookups:
        lookups()


if __name__ == "__main__":
    main()
