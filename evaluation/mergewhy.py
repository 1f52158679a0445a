"""Why the true pairs of a labelled set were missed and the wrong ones made (issue 11): every lead post's
duplicate lookup is watched while the storing half replays (``evaluation.replay``), and for each lead that
already held a post of the same case the lookup says whether the post met it as a candidate and, if it
did, what stopped the merge.

    python -m evaluation.mergewhy eval/realworld/posts.jsonl [more files] [--pairs]

Prints the cause table only, so that a blind set can be measured without showing its pairs; ``--pairs``
adds one line per missed or wrong pair (post ids, cause, the clashing values or shared words).

Causes (of a missed pair; the later post against the earlier post's lead at that moment):

- ``not met: no shared key``: the lead is indexed under none of the keys the post looks under;
- ``not met: beyond limits``: it shares a key, but newer leads filled that key's limit (``word_key_limit``,
  ``site_key_limit``, ``newest``);
- ``veto: <kind>``: met, but a fact contradicts (镇街, 工人, 金额, 单位, 村居, 包工头, 市外);
- ``days apart``: met, but beyond ``retold_days``; ``facts alone: days``: no word shared, beyond ``facts_days``;
- ``below threshold``: met, words shared, scored short of what was needed (the margin is kept);
- ``facts alone: short``: met, no telling word shared, the facts alone fell short;
- ``other: …``: the exact or near-duplicate path, a forum thread, another lead that scored higher, a short
  post that fit two leads, or another label.
"""

from __future__ import annotations

import sys
from collections import Counter
from itertools import combinations
from typing import Any

from evaluation import leads
from evaluation.labelled import LabelledFileError
from evaluation.replay import LabelledSet, load_set, replay


def _candidates(db, fp) -> tuple[set[int], dict[str, int]]:
    """The leads ``dedupe.find_case`` compares a post with, and the keys and limits it looks under."""
    from storage import dedup
    from triage import dedupe

    limits = dedupe.candidate_keys(fp.facts)
    return set(dedup.leads_for_keys(db, limits)), limits


def _examine(db, fp, lead_id: int, label: str, text: str) -> dict[str, Any]:
    """Whether the post meets the lead and how the decision on it goes."""
    from storage import dedup
    from triage import casefacts, casejudge, dedupe

    found, limits = _candidates(db, fp)
    row = dedup.lead_facts(db, [lead_id]).get(lead_id)
    if row is None:
        return {"cause": "other: lead gone"}
    facts = dedupe.lead_case_facts(row)
    if lead_id not in found:
        shared = set(limits) & set(facts.index_keys())
        return {"cause": "not met: beyond limits" if shared else "not met: no shared key",
                "keys": sorted(shared)[:4]}  # fmt: skip
    if row["label"] != label:
        return {"cause": "other: another label"}
    # as find_case decides (a weak 镇街, a household's count left out)
    score, why = casejudge.judge(fp.facts, facts, text)
    detail: dict[str, Any] = {}
    if not score:
        casefacts.retold(fp.facts, facts, text, detail)  # why not: the veto, the days, the score and its need
    if score:
        return {"cause": "fits", "score": score, "thin": casefacts.THIN in why}
    if detail.get("veto"):
        kinds = sorted({v.split()[0] for v in detail["veto"]})
        return {"cause": "veto: " + "+".join(kinds), "veto": detail["veto"]}
    gap = detail.get("gap")
    if gap is not None and gap > casefacts.RETOLD_DAYS:
        return {"cause": "days apart", "gap": gap}
    if detail.get("words"):
        return {"cause": "below threshold", "margin": round(detail["score"] - detail["need"], 2), "gap": gap,
                "same_town": detail["same_town"], "shared": _said(detail["shared"])}  # fmt: skip
    if gap is not None and gap > casefacts.FACTS_DAYS:
        return {"cause": "facts alone: days", "gap": gap}
    return {"cause": "facts alone: short", "agreeing": detail.get("agreeing"),
            "score": round(detail.get("score", 0.0), 2), "same_town": detail.get("same_town")}  # fmt: skip


def _said(words: list[tuple[str, float]]) -> str:
    """The shared words and their weights, as read in the table (电镀 0.45/康晟 1)."""
    return "/".join(f"{w} {v:g}" for w, v in sorted(words, key=lambda x: -x[1]))


def _cases(labelled: LabelledSet) -> dict[str, str | None]:
    """post id -> its case, None where the line says no one labelled it (an officers' export)."""
    return {p.id: None if "case" in p.unlabelled else p.case for p in labelled.posts}


def watch(labelled: LabelledSet) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Replay the set watching every lookup: (results as ``replay`` gives them, post id -> what its lookup
    found: its match and, per earlier post of its case, that post's lead then and the verdict on it)."""
    import storage
    from triage import dedupe

    owner = {id(p.fingerprint): pid for pid, p in labelled.prepared.items() if p.fingerprint is not None}
    case = _cases(labelled)
    order = [row["post_id"] for row in leads.post_rows(labelled.posts)]
    rank = {pid: i for i, pid in enumerate(order)}
    seen: dict[str, dict[str, Any]] = {}
    real = dedupe.find_case

    def find_case(db, text, analysis, label, fp=None):
        pid = owner.get(id(fp))
        if pid is None or case[pid] is None:
            return real(db, text, analysis, label, fp)
        earlier = [q for q in order[: rank[pid]] if case[q] == case[pid]]
        rowids = storage.row_ids(db)
        now = storage.analysis_for_posts(db, [rowids[q] for q in earlier])
        lead_of = {q: now.get(rowids[q], {}).get("lead_id") for q in earlier}
        verdicts = {lid: _examine(db, fp, lid, label, fp.canonical) for lid in set(lead_of.values()) - {None}}
        match = real(db, text, analysis, label, fp)
        seen[pid] = {"match": match, "lead_of": lead_of, "verdicts": verdicts}
        return match

    dedupe.find_case = find_case
    try:
        results = replay(labelled)
    finally:
        dedupe.find_case = real
    return results, seen


def causes(labelled: LabelledSet) -> dict[str, Any]:
    """Every missed true pair and every wrong pair of the set with its cause."""
    results, seen = watch(labelled)
    order = {row["post_id"]: i for i, row in enumerate(leads.post_rows(labelled.posts))}
    case = _cases(labelled)
    lead_posts = sorted(
        (p for p in labelled.posts if p.label != "irrelevant" and case[p.id] is not None),
        key=lambda p: order[p.id],
    )
    missed, wrong = [], []
    for a, b in combinations(lead_posts, 2):
        la, lb = results[a.id].get("lead_id"), results[b.id].get("lead_id")
        same_lead = la is not None and la == lb
        if a.case == b.case and not same_lead:
            missed.append((a.id, b.id, _missed_why(seen.get(b.id), a.id)))
        elif a.case != b.case and same_lead:
            wrong.append((a.id, b.id, _wrong_why(seen.get(b.id), a.id)))
    return {"set": labelled.name, "missed": missed, "wrong": wrong}


def _missed_why(record: dict[str, Any] | None, earlier: str) -> dict[str, Any]:
    if record is None:
        return {"cause": "other: not looked up (triage failed)"}
    lead = record["lead_of"].get(earlier)
    if lead is None:
        return {"cause": "other: earlier post in no lead"}
    verdict = dict(record["verdicts"][lead])
    match = record["match"]
    if verdict["cause"] == "fits":
        if match is not None and match.kind in ("exact", "near_duplicate", "same_thread"):
            verdict["cause"] = f"other: {match.kind} of another lead"
        elif verdict.get("thin"):
            verdict["cause"] = "other: short post fit two leads"
        elif match is not None and match.lead_id != lead:
            verdict["cause"] = "other: another lead scored higher (not merged after)"
        else:
            verdict["cause"] = "other: joined, lead merged apart later"
    elif match is not None and match.kind in ("exact", "near_duplicate"):
        verdict["cause"] += f" (went to another lead as {match.kind})"
    return verdict


def _wrong_why(record: dict[str, Any] | None, earlier: str) -> dict[str, Any]:
    if record is None or record["match"] is None:
        return {"cause": "merged later (one case found twice)"}
    match = record["match"]
    # the reason (the shared words, places, figures) only on the per-pair lines: the table stays blind-safe
    return {"cause": f"merged as {match.kind}", "reason": match.reason[:60]}


def table(reports: list[dict[str, Any]], pairs: bool = False) -> str:
    """The causes counted per set and pooled; with `pairs`, then every pair (ids, cause, clashing values)."""
    names = [r["set"] for r in reports]
    lines = []
    for kind in ("missed", "wrong"):
        counts = {r["set"]: Counter(c["cause"].split(" (")[0] for _, _, c in r[kind]) for r in reports}
        pooled = sum(counts.values(), Counter())
        lines.append(f"{kind} pairs by cause | " + " | ".join(names) + " | pooled")
        for cause, n in pooled.most_common():
            lines.append(f"  {cause:48} | " + " | ".join(str(counts[s][cause]) for s in names) + f" | {n}")
        lines.append(f"  {'total':48} | " + " | ".join(str(len(r[kind])) for r in reports)
                     + f" | {sum(len(r[kind]) for r in reports)}")  # fmt: skip
    for r in reports if pairs else []:
        for kind in ("missed", "wrong"):
            for a, b, c in r[kind]:
                extra = {k: v for k, v in c.items() if k != "cause"}
                lines.append(f"[{r['set']}] {kind} {a} + {b}: {c['cause']} {extra if extra else ''}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    pairs = "--pairs" in args
    paths = [a for a in args if a != "--pairs"]
    if not paths:
        print(__doc__)
        return 2
    try:
        reports = [causes(load_set(p)) for p in paths]
    except (OSError, LabelledFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(table(reports, pairs=pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
