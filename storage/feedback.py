"""Officers' decisions on classifier output, kept for retraining (``classifier_feedback``).

An officer confirms a lead or dismisses it with the right label; each decision is a new row (the
history stays), and the latest decision per post is the one training uses.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from storage.db import now

FEEDBACK_LABELS = ("wage_arrears", "other_labor", "irrelevant")


def record_feedback(db: Database, post_id: int, label: str, officer: str, note: str | None = None) -> int:
    """Store an officer's decision on a post; returns the new row's id. What the model had said
    (label and version, from ``post_analysis``) is copied beside it.

    >>> record_feedback(db, 17, "irrelevant", "li.wei", note="招聘广告")   # doctest: +SKIP
    1
    """
    if label not in FEEDBACK_LABELS:
        raise ValueError(f"label must be one of {', '.join(FEEDBACK_LABELS)}, got {label!r}")
    if not officer:
        raise ValueError("who decided (officer) is required")
    said = db.execute(
        "SELECT label, model_version FROM post_analysis WHERE post_id = ?", [post_id]
    ).fetchone()
    return db.execute(
        """INSERT INTO classifier_feedback
        (post_id, label, officer, decided_at, note, model_label, model_version)
        VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [post_id, label, officer, now(), note, *(said or (None, None))],
    ).lastrowid


def feedback_for_post(db: Database, post_id: int) -> list[dict[str, Any]]:
    """Every decision on one post, oldest first."""
    return list(db.query("SELECT * FROM classifier_feedback WHERE post_id = ? ORDER BY id", [post_id]))


def latest_feedback(db: Database) -> list[dict[str, Any]]:
    """The latest decision per post, with the post's platform, title and text (for training)."""
    return list(
        db.query(
            """SELECT f.*, p.platform, p.post_id AS platform_post_id, p.title, p.text
            FROM classifier_feedback f JOIN posts p ON p.id = f.post_id
            WHERE f.id = (SELECT max(id) FROM classifier_feedback g WHERE g.post_id = f.post_id)
            ORDER BY f.id"""
        )
    )
