"""What every spider yields: one public post, in the shape ``storage.upsert_posts`` stores."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Post:
    """One public post, reply or news item.

    ``text`` is plain text (the parser has already turned the platform's markup into text);
    ``posted_at`` is ISO 8601 in Beijing time (``2026-11-24T21:05:11+08:00``); ``raw`` keeps the
    original JSON or HTML fragment the post was parsed from.
    """

    platform: str
    post_id: str
    url: str | None = None
    author: str | None = None
    title: str | None = None
    text: str = ""
    posted_at: str | None = None
    reposts: int | None = None
    comments: int | None = None
    likes: int | None = None
    region: str | None = None
    raw: str | None = None
