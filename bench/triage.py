"""Triage benchmark: throughput, duplicate lookups against a growing history, MinHash vs SimHash.

    python bench/triage.py                     # throughput, lookups at 10k and 100k, method comparison
    python bench/triage.py --million           # also 1M posts of history (several minutes, ~2 GB disk)
    python bench/triage.py --sizes 10000 --queries 200 --skip-compare    # quick
    python bench/triage.py --million --keep /var/tmp/ww-bench   # keep the histories; a rerun reuses them

Prints:

- posts/s of ``triage_post`` (district, facts, priority) plus the duplicate fingerprint, and of a
  full pipeline pass (storage, triage, lead creation and merging; the classifier replaced by a
  constant so its cost is not counted);
- per history size (10k, 100k, optionally 1M lead posts, stored in an SQLite file like production):
  median and p95 time of one duplicate lookup (``triage.dedupe.find_case``: exact key, LSH buckets,
  candidate verification, site keys and telling-word keys), the share of injected near-duplicates found and of fresh posts
  wrongly merged, the index size and the process's peak memory;
- MinHash-LSH vs 64-bit SimHash on short synthetic posts with injected near-duplicates and on the
  evaluation set's real variants and false friends: which share each finds at which threshold.

The synthetic history is made by templates (the kind of near-identical complaints that stress an
index) with the facts known, so it is stored directly instead of running 1M posts through extraction.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import storage  # noqa: E402
from triage import dedupe  # noqa: E402
from triage.analyze import triage_post  # noqa: E402

TOWNS = {"坦洲镇": ["裕洲村", "金斗湾", "七村"], "小榄镇": ["永宁", "泰丰工业区", "九洲基"], "古镇镇": ["曹一村", "海洲村", "冈南"],
         "三乡镇": ["雍陌村", "平南村", "圩仔"], "火炬开发区": ["张家边", "濠头村", "健康基地"], "沙溪镇": ["象角村", "涌头村", "龙头环"],
         "东凤镇": ["同安村", "小沥", "东阜公路"], "黄圃镇": ["大岑村", "新地村", "鳌山村"], "横栏镇": ["贴边村", "四沙村", "三沙村"],
         "南头镇": ["穗西", "民安", "将军"], "大涌镇": ["安堂村", "岚田村", "青岗村"], "阜沙镇": ["罗松村", "卫民村", "大有村"]}  # fmt: skip
SYLLABLES = "华耀鸿达宏发嘉丽美佳金怡恒信永盛联邦新星明辉旺隆汇丰利和宝昌兴业顺成大鹏富源佳能日升广源长城"
PRODUCTS = [
    "灯饰厂",
    "五金厂",
    "制衣厂",
    "家具厂",
    "电子厂",
    "塑胶厂",
    "酒楼",
    "物流公司",
    "装修公司",
    "锁具厂",
]
TEMPLATES = [
    "{town}{place}一家{name}{product}，我们{workers}个工人{months}个月工资{amount}没发，老板天天说等客户回款。",
    "#中山欠薪# {town}{place}那边的{name}{product}拖欠我们{workers}个工友{months}个月工资，一共{amount}，求@中山人社 帮帮忙",
    "求助！{town}{name}{product}老板跑路了，{workers}个兄弟{months}个月的工钱{amount}一分没拿到，厂在{place}附近。",
    "{town}{place}{name}{product}，{workers}个员工{months}个月没发工资，加起来{amount}，再不给就去拉横幅了",
    "{town}的{name}{product}欠薪：{workers}人，{months}个月，{amount}。地址在{place}，老板电话打不通。",
    "我们在{town}{place}的{name}{product}干活，{workers}个人被拖了{months}个月工资共{amount}，有没有人管？",
]


def _amount(value: int) -> str:
    return f"{value // 10000}万{value % 10000 // 1000}" if value % 10000 else f"{value // 10000}万"


def synthetic(i: int, rng: random.Random) -> tuple[str, dict]:
    """A template complaint with random town, place, employer, workers, amount; and its facts."""
    town = rng.choice(list(TOWNS))
    facts = {
        "town": town, "place": rng.choice(TOWNS[town]), "name": "".join(rng.sample(SYLLABLES, 2)),
        "product": rng.choice(PRODUCTS), "workers": rng.randint(3, 80), "months": rng.randint(1, 6),
        "amount": rng.randint(2, 90) * 10000 + rng.choice([0, 0, 3000, 5000, 8000]),
    }  # fmt: skip
    text = rng.choice(TEMPLATES).format(**{**facts, "amount": _amount(facts["amount"])})
    return text, facts


def variant(text: str, rng: random.Random) -> tuple[str, str]:
    """A near-duplicate as platforms make them: repost, hashtags/emoji, truncation, traditional, comment."""
    kind = rng.choice(["repost", "tags", "truncate", "traditional", "comment", "punct"])
    if kind == "repost":
        return kind, f"转发微博：{text}"
    if kind == "tags":
        return kind, f"#根治欠薪# {text} 😡😡 #农民工讨薪# [怒]"
    if kind == "truncate":
        return kind, text[: int(len(text) * rng.uniform(0.6, 0.9))] + "…"
    if kind == "traditional":
        from opencc import OpenCC

        return kind, OpenCC("s2t").convert(text)
    if kind == "comment":
        return (
            kind,
            f"{rng.choice(['支持', '太过分了', '顶上去', '同情'])} //@{rng.choice(['街坊', '路人甲', '打工人'])}: {text}",
        )
    return kind, text.replace("，", " ").replace("。", "！！")


def _facts_json(facts: dict, text: str, day: str) -> tuple[str, dict]:
    from triage.casewords import case_terms

    district = {"火炬开发区": "中山港街道"}.get(facts["town"], facts["town"])
    case = dedupe.CaseFacts(
        district=district, workers=(facts["workers"], facts["workers"]), amount=(facts["amount"], facts["amount"]),
        employers={facts["name"]}, products=set(), places={dedupe._short_place(facts["place"])},
        villages={dedupe._short_place(facts["place"])} if dedupe._is_village(facts["place"]) else set(),
        seen=(day, day),
    )  # fmt: skip
    case.terms, case.names = case_terms(
        text, case.employers, case.places
    )  # the telling words, as the pipeline keeps them
    return district, case.to_json()


def build_history(db, start: int, stop: int, seed: int = 7) -> float:
    """Store synthetic lead posts [start, stop) with their leads and duplicate index; returns seconds."""
    rng = random.Random(seed + start)
    began = time.perf_counter()
    stamp = "2026-11-20T10:00:00+08:00"
    batch: dict[str, list] = {
        "posts": [],
        "leads": [],
        "lead_posts": [],
        "analysis": [],
        "buckets": [],
        "keys": [],
    }

    def flush():
        conn = db.conn
        conn.executemany("INSERT INTO posts (id, platform, post_id, text, fetched_at, content_hash, state) "
                         "VALUES (?, 'bench', ?, ?, ?, ?, 'done')", batch["posts"])  # fmt: skip
        conn.executemany("INSERT INTO leads (id, case_key, label, status, queue, district, match_facts, post_count, "
                         "created_at, updated_at) VALUES (?, ?, 'wage_arrears', 'new', 'wage', ?, ?, 1, ?, ?)",
                         batch["leads"])  # fmt: skip
        conn.executemany("INSERT INTO lead_posts (lead_id, post_id, reason, score, added_at) "
                         "VALUES (?, ?, 'bench', 1.0, ?)", batch["lead_posts"])  # fmt: skip
        conn.executemany("INSERT INTO post_analysis (post_id, label, score, model_version, case_key, analyzed_at) "
                         "VALUES (?, 'wage_arrears', 1.0, 'bench', ?, ?)", batch["analysis"])  # fmt: skip
        conn.executemany("INSERT OR IGNORE INTO dedup_buckets (bucket, post_id, lead_id) VALUES (?, ?, ?)",
                         batch["buckets"])  # fmt: skip
        conn.executemany("INSERT OR IGNORE INTO lead_keys (key, lead_id) VALUES (?, ?)", batch["keys"])
        for rows in batch.values():
            rows.clear()

    with storage.transaction(db):
        pending: set[str] = set()
        for i in range(start, stop):
            text, facts = synthetic(i, rng)
            key = dedupe.case_key(text)
            while key in pending or db.execute("SELECT 1 FROM leads WHERE case_key = ?", [key]).fetchone():
                text += f"（帖{i}）"  # the generator repeated itself: keep every history post distinct
                key = dedupe.case_key(text)
            pending.add(key)
            district, facts_json = _facts_json(facts, text, stamp[:10])
            pid = i + 1
            batch["posts"].append((pid, str(pid), text, stamp, hashlib.sha1(text.encode()).hexdigest()))
            batch["leads"].append(
                (pid, key, district, json.dumps(facts_json, ensure_ascii=False), stamp, stamp)
            )
            batch["lead_posts"].append((pid, pid, stamp))
            batch["analysis"].append((pid, key, stamp))
            batch["buckets"] += [(b, pid, pid) for b in dedupe.bucket_keys(dedupe.canonical_text(text))]
            batch["keys"] += [(k, pid) for k in dedupe.CaseFacts.from_json(facts_json).index_keys()]
            if len(batch["posts"]) >= 20_000:
                flush()
                pending.clear()
        flush()
    return time.perf_counter() - began


def measure_lookups(db, history: int, queries: int, rng: random.Random) -> dict:
    """Time ``find_case`` for near-duplicates of stored posts and for fresh posts."""
    times, found, wrong, fact_merges = [], 0, 0, 0
    for q in range(queries):
        if q % 2 == 0:
            target = rng.randint(1, history)
            source = db.execute("SELECT text FROM posts WHERE id = ?", [target]).fetchone()[0]
            _kind, text = variant(source, rng)
        else:
            target = None
            text, _facts = synthetic(10_000_000 + q, random.Random(q))
        analysis = triage_post({"text": text, "posted_at": "2026-11-21T10:00:00+08:00"}, "wage_arrears")
        fp = dedupe.fingerprint(text, analysis, {"posted_at": "2026-11-21T10:00:00+08:00"})
        began = time.perf_counter()
        match = dedupe.find_case(db, text, analysis, "wage_arrears", fp)
        times.append(time.perf_counter() - began)
        if target is not None:
            found += bool(match and match.lead_id == target)
        elif match and match.kind == "same_case":
            fact_merges += 1  # the generator's own collision: same employer name, town and counts
        elif match:
            # a fresh post the generator happened to make twice is a true duplicate, not an error
            wrong += db.execute("SELECT text FROM posts WHERE id = ?", [match.lead_id]).fetchone()[0] != text
    times.sort()
    return {
        "history": history, "median_ms": round(statistics.median(times) * 1000, 3),
        "p95_ms": round(times[int(0.95 * len(times)) - 1] * 1000, 3),
        "near_dups_found": round(found / (queries // 2 + queries % 2), 3), "fresh_wrongly_merged": wrong,
        "fresh_merged_on_facts": fact_merges,
    }  # fmt: skip


def throughput(n: int) -> dict:
    """posts/s of triage (+ fingerprint) and of a full pipeline pass with a constant classifier."""
    import pipeline
    from classifier.base import Prediction

    rng = random.Random(3)
    texts = []
    for i in range(n):
        text, _ = synthetic(i, rng)
        texts.append(variant(text, rng)[1] if i % 4 == 0 else text)
    began = time.perf_counter()
    for text in texts:
        dedupe.fingerprint(text, triage_post({"text": text}, "wage_arrears"))
    triage_rate = n / (time.perf_counter() - began)

    class Constant:
        def predict(self, batch, explain=False):
            return [Prediction("wage_arrears", 1.0, {"wage_arrears": 1.0}, [], "bench") for _ in batch]

    db = storage.memory_db()
    storage.upsert_posts(
        db, [{"platform": "bench", "post_id": str(i), "text": t} for i, t in enumerate(texts)]
    )
    began = time.perf_counter()
    stats = pipeline.run_pass(db, classifier=Constant(), batch_size=200)
    pipeline_rate = n / (time.perf_counter() - began)
    return {"posts": n, "triage_posts_per_s": round(triage_rate), "pipeline_posts_per_s": round(pipeline_rate),
            "leads": stats.get("new_leads", 0), "merged": n - stats.get("new_leads", 0)}  # fmt: skip


# ---- MinHash vs SimHash ----------------------------------------------------------------------


def simhash(grams: set[str]) -> int:
    weights = [0] * 64
    for gram in grams:
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def compare_methods(history: int = 20_000, injected: int = 2_000) -> dict:
    """Detection of injected near-duplicates: MinHash-LSH (16×4 bands, prefix key) + containment
    ≥ 0.8 versus 64-bit SimHash at Hamming ≤ k, on the same canonical 3-gram shingles; plus how
    often each "detects" a different post made from the same template (a false friend)."""
    rng = random.Random(11)
    texts = [synthetic(i, rng)[0] for i in range(history)]
    canon = [dedupe.canonical_text(t) for t in texts]
    grams = [dedupe.shingles(c) for c in canon]
    index: dict[int, list[int]] = {}
    for i, c in enumerate(canon):
        for b in dedupe.bucket_keys(c):
            index.setdefault(b, []).append(i)
    hashes = [simhash(g) for g in grams]
    lsh_found, sim_found, kinds = 0, {1: 0, 3: 0, 6: 0, 10: 0}, {}
    for _ in range(injected):
        i = rng.randrange(history)
        kind, text = variant(texts[i], rng)
        c = dedupe.canonical_text(text)
        g = dedupe.shingles(c)
        candidates = {j for b in dedupe.bucket_keys(c) for j in index.get(b, ())}
        hit = i in candidates and dedupe.containment(g, grams[i]) >= dedupe.NEAR_DUP_CONTAINMENT
        lsh_found += hit
        distance = bin(simhash(g) ^ hashes[i]).count("1")
        for k in sim_found:
            sim_found[k] += distance <= k
        kinds.setdefault(kind, [0, 0, 0])
        kinds[kind][0] += 1
        kinds[kind][1] += hit
        kinds[kind][2] += distance <= 3
    # look-alikes: other posts from the same template sharing a bucket (they are what facts must separate)
    pairs = lookalike_sim = lookalike_lsh = 0
    for i, j in combinations(range(2000), 2):
        if texts[i][:4] != texts[j][:4]:
            continue
        pairs += 1
        lookalike_sim += bin(hashes[i] ^ hashes[j]).count("1") <= 3
        lookalike_lsh += dedupe.containment(grams[i], grams[j]) >= dedupe.NEAR_DUP_CONTAINMENT
    return {
        "history": history, "injected": injected,
        "minhash_lsh_recall": round(lsh_found / injected, 3),
        **{f"simhash_hamming_le_{k}_recall": round(v / injected, 3) for k, v in sim_found.items()},
        "by_variant (n, minhash, simhash<=3)": kinds,
        "same_prefix_pairs": pairs, "lookalikes_simhash_le_3": lookalike_sim, "lookalikes_containment_ge_0.8": lookalike_lsh,
    }  # fmt: skip


def compare_on_eval() -> dict:
    """The evaluation set's own copies (repost, tags, truncation, traditional, copy) and false friends."""
    from evaluation.leads import EVAL, load_false_friends, load_posts

    posts = [p for p in load_posts() if p.case]
    friends = {tuple(sorted(x[:2])) for x in load_false_friends(EVAL / "false_friends.tsv")}
    copies = {"orig", "repost", "tag", "trad", "trunc", "copy"}
    grams = {p.id: dedupe.shingles(dedupe.canonical_text(p.text)) for p in posts}
    hashes = {pid: simhash(g) for pid, g in grams.items()}
    out = {"copy_pairs": 0, "copy_containment_ge_0.8": 0, "copy_simhash_le_3": 0, "friend_pairs": 0,
           "friend_containment_ge_0.8": 0, "friend_simhash_le_3": 0, "friend_max_containment": 0.0,
           "copy_min_containment": 1.0}  # fmt: skip
    for a, b in combinations(posts, 2):
        c = dedupe.containment(grams[a.id], grams[b.id])
        h = bin(hashes[a.id] ^ hashes[b.id]).count("1")
        if a.case == b.case and {a.variant, b.variant} <= copies:
            out["copy_pairs"] += 1
            out["copy_containment_ge_0.8"] += c >= 0.8
            out["copy_simhash_le_3"] += h <= 3
            out["copy_min_containment"] = round(min(out["copy_min_containment"], c), 3)
        elif tuple(sorted((a.case, b.case))) in friends:
            out["friend_pairs"] += 1
            out["friend_containment_ge_0.8"] += c >= 0.8
            out["friend_simhash_le_3"] += h <= 3
            out["friend_max_containment"] = round(max(out["friend_max_containment"], c), 3)
    return out


def kept_history(folder: Path, size: int) -> tuple[Path, float | None]:
    """``folder/history-SIZE.db``: the history of ``size`` posts that one growing database holds after
    ``build_history`` up to ``size`` (the same rows as a run without ``--keep``), reused when a complete
    one is there (build seconds None), else made from the largest smaller one kept (copied, then
    extended) or from nothing. The build is written to a temporary name first: an interrupted build
    leaves no half history behind to be reused."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"history-{size}.db"
    if path.exists():
        return path, None
    kept = {int(p.stem.removeprefix("history-")): p for p in folder.glob("history-*.db")
            if p.stem.removeprefix("history-").isdigit()}  # fmt: skip
    smaller = sorted((n, p) for n, p in kept.items() if n < size)
    partial = folder / f"building-{size}.db"
    for leftover in folder.glob(f"building-{size}.db*"):
        leftover.unlink()
    built = 0
    if smaller:
        built, source = smaller[-1]
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)  # a consistent copy (the source may still have pages in its WAL)
    db = storage.open_db(partial)
    seconds = build_history(db, built, size)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    return path, round(seconds, 1)


def print_lookups(db, path: Path, size: int, seconds: float | None, queries: int, rng: random.Random) -> None:
    """Measure the lookups against the history in ``db`` and print them with the index's size and the peak memory."""
    result = measure_lookups(db, size, queries, rng)
    result.update(build_s=seconds, index=storage.dedup.index_size(db), db_mb=round(path.stat().st_size / 2**20, 1),
                  peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))  # fmt: skip
    print(json.dumps({"lookups": result}, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also measure with 1,000,000 posts of history")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=3000, help="posts for the throughput figures")
    parser.add_argument("--skip-compare", action="store_true")
    parser.add_argument("--dir", help="where the benchmark database goes (default: a temporary folder)")
    parser.add_argument("--keep", help="keep each history as KEEP/history-SIZE.db and reuse it on a rerun "
                        "(the same generator and seeds: the 1M history is built once, ~11 min)")  # fmt: skip
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([1_000_000] if args.million else [])))

    print(json.dumps({"throughput": throughput(args.posts)}, ensure_ascii=False))
    if not args.skip_compare:
        print(json.dumps({"compare_synthetic": compare_methods()}, ensure_ascii=False))
        print(json.dumps({"compare_eval_set": compare_on_eval()}, ensure_ascii=False))
    if args.keep:
        rng = random.Random(5)
        for size in sizes:
            path, seconds = kept_history(Path(args.keep), size)
            db = storage.open_db(path)
            print_lookups(db, path, size, seconds, args.queries, rng)
            db.close()
        return
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "bench.db"
        db = storage.open_db(path)
        built, rng = 0, random.Random(5)
        for size in sizes:
            seconds = build_history(db, built, size)
            built = size
            # the build is one transaction: its WAL (2.7 GB at 1M) is copied into the file before measuring,
            # as SQLite's automatic checkpoints keep doing for the pipeline's small commits
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            print_lookups(db, path, size, round(seconds, 1), args.queries, rng)
        db.close()


if __name__ == "__main__":
    main()
