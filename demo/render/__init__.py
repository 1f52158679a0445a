"""The demo corpus written out in each platform's real format; pure functions, no serving.

Post text in the corpus is plain text; here it becomes each platform's markup, escaped first, so
that a post which says ``<script>`` reaches the crawler as those characters and never as a tag.
The layouts are the ones ``spiders/parsers/`` document and read; the mirror shares no code with
the crawlers, so a parser bug cannot hide behind the same bug here. Ground-truth fields
(:data:`GROUND_TRUTH`) are never rendered.

Platforms: Weibo's mobile API, Tieba's list and thread pages, two RSS feeds, 人民网 领导留言板 (list
API and message pages), a Discuz! X3 forum (UTF-8) and a city 12345 hotline's published replies
(GBK). The last section holds the pages platforms answer when they refuse a crawler (a login
wall, a captcha, "请求过于频繁"), for tests.
"""

from __future__ import annotations

from demo.render.common import (
    BEIJING,
    FEEDS,
    GROUND_TRUTH,
    TIEBA_FLOORS_PER_PAGE,
    TIEBA_THREADS_PER_PAGE,
    WEIBO_CUT,
    WEIBO_PAGE_SIZE,
    newest_first,
    posted,
    public,
)
from demo.render.discuz import (
    DISCUZ_NAME,
    DISCUZ_POSTS_PER_PAGE,
    DISCUZ_THREADS_PER_PAGE,
    discuz_forumdisplay,
    discuz_threads,
    discuz_viewthread,
)
from demo.render.feeds import rss_feed
from demo.render.hotline import (
    HOTLINE_ARGS,
    HOTLINE_NAME,
    HOTLINE_PER_PAGE,
    HOTLINE_SELECTORS,
    hotline_detail,
    hotline_list,
    hotline_replies,
)
from demo.render.liuyan import (
    LIUYAN_BATCH,
    LIUYAN_CUT,
    LIUYAN_STATE_FILTER,
    liuyan_content,
    liuyan_item,
    liuyan_list,
    liuyan_messages,
)
from demo.render.refusals import (
    WEIBO_LOGIN_REQUIRED,
    discuz_login_wall,
    tieba_captcha_page,
    too_many_requests_page,
)
from demo.render.tieba import bar_keyword, tieba_list_page, tieba_reply_date, tieba_thread_page, tieba_threads
from demo.render.weibo import weibo_created_at, weibo_extend, weibo_html, weibo_mblog, weibo_search

__all__ = [
    "BEIJING",
    "GROUND_TRUTH",
    "WEIBO_PAGE_SIZE",
    "WEIBO_CUT",
    "TIEBA_THREADS_PER_PAGE",
    "TIEBA_FLOORS_PER_PAGE",
    "FEEDS",
    "public",
    "posted",
    "newest_first",
    "weibo_html",
    "weibo_created_at",
    "weibo_mblog",
    "weibo_search",
    "weibo_extend",
    "bar_keyword",
    "tieba_threads",
    "tieba_reply_date",
    "tieba_list_page",
    "tieba_thread_page",
    "rss_feed",
    "LIUYAN_BATCH",
    "LIUYAN_CUT",
    "LIUYAN_STATE_FILTER",
    "liuyan_messages",
    "liuyan_item",
    "liuyan_list",
    "liuyan_content",
    "DISCUZ_THREADS_PER_PAGE",
    "DISCUZ_POSTS_PER_PAGE",
    "DISCUZ_NAME",
    "discuz_threads",
    "discuz_forumdisplay",
    "discuz_viewthread",
    "HOTLINE_PER_PAGE",
    "HOTLINE_NAME",
    "HOTLINE_SELECTORS",
    "HOTLINE_ARGS",
    "hotline_replies",
    "hotline_list",
    "hotline_detail",
    "WEIBO_LOGIN_REQUIRED",
    "tieba_captcha_page",
    "discuz_login_wall",
    "too_many_requests_page",
]
