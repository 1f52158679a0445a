"""A local mirror of every platform the spiders read, serving the demo corpus (stdlib only).

    with serve_demo() as base_url:          # e.g. "http://127.0.0.1:41234"
        run_crawl("weibo", db, {"keywords": "欠薪", "base_url": base_url})

or, by hand, ``python -m demo.server --port 8000``. It serves, at the platforms' real paths:

- ``/api/container/getIndex?containerid=100103type%3D1%26q%3D<q>&page_type=searchall&page=N``:
  Weibo search, ten posts a page, newest first; ``/statuses/extend?id=<id>``: a long post's text.
- ``/f?kw=<bar>&ie=utf-8&pn=<50·k>``: a Tieba bar's thread list; ``/p/<tid>[?pn=N]``: a thread.
- ``/feed/zsnews.xml`` (UTF-8 RSS 2.0, also at ``/feed.xml``) and ``/feed/zsgov.xml`` (GBK RSS 2.0).
- 人民网 领导留言板: ``POST /threads/queryThreadsList`` (form ``fid``, ``state``, ``lastItem``) and
  ``/threads/content?tid=<tid>``.
- A Discuz! X3 forum: ``/forum.php?mod=forumdisplay&fid=2[&page=N]`` and
  ``/forum.php?mod=viewthread&tid=<tid>[&page=N]``.
- A 12345 hotline's published replies in GBK: ``/hdjl/rxhf/index.html``, ``index_<n>.html`` and
  ``/hdjl/rxhf/content/post_<id>.html``.
- ``/robots.txt`` (everything allowed) and ``/``, an index of the above.

The corpus is ``demo/data/posts.jsonl`` (Weibo, Tieba, RSS) plus ``demo/data/extra_posts.jsonl``
(留言板 messages with their replies, forum threads, hotline replies; fictional like the rest). The
extra lines have the same 20 fields, platform ``liuyan`` or ``forum``, and what their format needs:
``liuyan``: ``fid`` and ``forum`` (the board), ``status`` (待回复/办理中/已办理), ``domain``, ``type``,
``reply``, ``reply_org``, ``reply_at``; ``forum``: ``site`` (``zsbbs``, the Discuz! board, with
``board``, ``tid`` and ``floor``; ``zs12345``, the hotline, with ``status`` and the reply fields).
Tests can replace any path's answer with ``overrides`` (malformed pages, errors, the refusals in
``demo.render``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from demo import render

DEFAULT_POSTS = Path(__file__).resolve().parent / "data" / "posts.jsonl"
EXTRA_POSTS = Path(__file__).resolve().parent / "data" / "extra_posts.jsonl"

# (status, content type, body) or (status, content type, body, headers); an override returns
# one, or None to let the mirror answer.
Reply = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]
Override = Callable[[dict[str, str]], Reply | None]
GBK_HTML = "text/html"  # no charset: the page's <meta> says GBK, as such sites do
_HOTLINE_PAGE = re.compile(r"/hdjl/rxhf/index(?:_(\d+))?\.html")
_HOTLINE_POST = re.compile(r"/hdjl/rxhf/content/post_(\w+)\.html")


def load_posts(path: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The corpus lines (one JSON object a line), without their ground truth: ``path``, or by
    default the bundled ``posts.jsonl`` and ``extra_posts.jsonl``."""
    paths = [Path(path)] if path else [DEFAULT_POSTS, EXTRA_POSTS]
    lines = [line for p in paths for line in p.read_text(encoding="utf-8").splitlines()]
    return [render.public(json.loads(line)) for line in lines if line.strip()]


class DemoSite:
    """Answers a GET for a path and its query parameters; knows nothing about HTTP servers."""

    def __init__(self, posts: list[dict[str, Any]], overrides: Mapping[str, Override] | None = None):
        self.posts = posts
        self.weibo_by_id = {str(p["post_id"]): p for p in posts if p.get("platform") == "weibo"}
        self.liuyan_by_id = {str(p["post_id"]): p for p in posts if p.get("platform") == "liuyan"}
        self.hotline_by_id = {str(p["post_id"]): p for p in render.hotline_replies(posts)}
        self.overrides = dict(overrides or {})

    def answer(self, path: str, params: dict[str, str]) -> Reply:
        if path in self.overrides and (reply := self.overrides[path](params)) is not None:
            return reply
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n"
        if path == "/api/container/getIndex":
            inner = parse_qs(params.get("containerid", ""))
            query = (inner.get("q") or [""])[0]
            return self._json(render.weibo_search(self.posts, query, _int(params.get("page"), 1)))
        if path == "/statuses/extend":
            return self._json(render.weibo_extend(self.weibo_by_id.get(params.get("id", ""))))
        if path == "/f":
            kw = params.get("kw", "")
            threads = render.tieba_threads(self.posts, kw)
            page = render.tieba_list_page(kw, threads, _int(params.get("pn"), 0))
            return 200, "text/html; charset=UTF-8", page.encode("utf-8")
        if path.startswith("/p/"):
            return self._thread(path[3:], _int(params.get("pn"), 1))
        if path == "/feed.xml":  # what `scrapy crawl rss -a url=http://127.0.0.1:8000/feed.xml` asks for
            path = "/feed/zsnews.xml"
        if path.startswith("/feed/") and path.endswith(".xml"):
            name = path[len("/feed/") : -len(".xml")]
            body = render.rss_feed(name, self.posts)
            if body is not None:
                # No charset here: the XML declaration says GBK or UTF-8, as many real feeds do.
                return 200, "application/rss+xml", body
        if path == "/threads/queryThreadsList":
            listing = render.liuyan_list(
                self.posts, params.get("fid", ""), params.get("state", "1"), params.get("lastItem", "0")
            )
            return self._json(listing)
        if path == "/threads/content":
            post = self.liuyan_by_id.get(params.get("tid", ""))
            if post is None:
                return 404, "text/html; charset=UTF-8", "<html><body>留言不存在</body></html>".encode()
            return 200, "text/html; charset=UTF-8", render.liuyan_content(post).encode("utf-8")
        if path == "/forum.php":
            return self._discuz(params)
        if match := _HOTLINE_PAGE.fullmatch(path):
            body = render.hotline_list(self.posts, int(match[1] or 0))
            if body is not None:
                return 200, GBK_HTML, body
        if match := _HOTLINE_POST.fullmatch(path):
            post = self.hotline_by_id.get(match[1])
            if post is not None:
                return 200, GBK_HTML, render.hotline_detail(post)
        if path == "/":
            return 200, "text/html; charset=utf-8", self._index().encode("utf-8")
        return 404, "text/plain; charset=utf-8", b"not found\n"

    def _discuz(self, params: dict[str, str]) -> Reply:
        html_type = "text/html; charset=utf-8"
        page = _int(params.get("page"), 1)
        if params.get("mod") == "forumdisplay":
            return (
                200,
                html_type,
                render.discuz_forumdisplay(self.posts, params.get("fid", ""), page).encode(),
            )
        if params.get("mod") == "viewthread":
            body = render.discuz_viewthread(self.posts, params.get("tid", ""), page)
            if body is None:  # Discuz! answers 200 with a notice
                body = (
                    '<html><head><meta charset="utf-8"><title>提示信息</title></head><body>'
                    '<div id="messagetext" class="alert_error">'
                    "<p>抱歉，指定的主题不存在或已被删除或正在被审核</p>"
                    "</div></body></html>"
                )
            return 200, html_type, body.encode("utf-8")
        return 404, "text/plain; charset=utf-8", b"not found\n"

    def _thread(self, tid: str, page: int) -> Reply:
        floors = sorted(
            (p for p in self.posts if p.get("platform") == "tieba" and str(p.get("tid")) == tid),
            key=lambda p: p.get("floor") or 0,
        )
        body = render.tieba_thread_page(tid, floors, page) if floors else None
        if body is None:
            return 404, "text/html; charset=UTF-8", "<html><body>该贴已被删除</body></html>".encode()
        return 200, "text/html; charset=UTF-8", body.encode("utf-8")

    @staticmethod
    def _json(value: Any) -> Reply:
        return 200, "application/json; charset=utf-8", json.dumps(value, ensure_ascii=False).encode("utf-8")

    def _index(self) -> str:
        bars = sorted({p["bar"] for p in self.posts if p.get("platform") == "tieba" and p.get("bar")})
        links = [
            "/api/container/getIndex?"
            + urlencode({"containerid": "100103type=1&q=欠薪", "page_type": "searchall", "page": 1}),
            *("/f?" + urlencode({"kw": render.bar_keyword(bar), "ie": "utf-8", "pn": 0}) for bar in bars),
            *(f"/feed/{name}.xml" for name in render.FEEDS),
            *(
                f"/threads/list?fid={fid}"
                for fid in sorted({str(p.get("fid")) for p in self.liuyan_by_id.values()})
            ),
            "/forum.php?mod=forumdisplay&fid=2",
            "/hdjl/rxhf/index.html",
        ]
        items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
        head = "<head><meta charset='utf-8'><title>wagewatch demo</title></head>"
        return f"<!DOCTYPE html><html>{head}<body><ul>{items}</ul></body></html>"


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer({})

    def do_POST(self) -> None:  # noqa: N802
        length = _int(self.headers.get("Content-Length"), 0)
        form = self.rfile.read(length).decode("utf-8", "replace") if length > 0 else ""
        self._answer({k: v[0] for k, v in parse_qs(form, keep_blank_values=True).items()})

    def _answer(self, form: dict[str, str]) -> None:
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        reply = self.server.site.answer(parts.path, {**params, **form})
        status, content_type, body = reply[:3]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (reply[3] if len(reply) > 3 else {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet: the crawler logs what it fetched


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: DemoSite):
        super().__init__(address, _Handler)
        self.site = site

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a test's timeout) is not an error of the mirror.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_demo(
    posts_path: str | os.PathLike | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    overrides: Mapping[str, Override] | None = None,
) -> Iterator[str]:
    """Serve the corpus at ``posts_path`` (default: the bundled ``demo/data/posts.jsonl`` and
    ``extra_posts.jsonl``) from a daemon thread; yields the base URL (``port=0`` picks a free port)
    and stops on exit.

    ``overrides`` maps a path to a function of the query parameters that returns ``(status,
    content_type, body)`` to send instead, or ``None`` to let the mirror answer.
    """
    server = _DemoServer((host, port), DemoSite(load_posts(posts_path), overrides))
    thread = threading.Thread(target=server.serve_forever, name="wagewatch-demo-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Serve the wagewatch demo corpus as Weibo, Tieba, RSS, 留言板, a forum and a 12345 site."
    )
    parser.add_argument("--posts", default=None, help="corpus JSONL (default: the bundled one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args(argv)
    with serve_demo(options.posts, options.host, options.port) as base_url:
        print(f"Serving the demo platforms at {base_url}/ (Ctrl-C to stop). Try:")
        print(f"  scrapy crawl weibo -a keywords=欠薪,讨薪 -a base_url={base_url} -O weibo.jsonl")
        print(f"  scrapy crawl tieba -a bars=中山吧,小榄吧 -a base_url={base_url} -O tieba.jsonl")
        print(f"  scrapy crawl rss -a url={base_url}/feed/zsnews.xml,{base_url}/feed/zsgov.xml -O rss.jsonl")
        print(f"  scrapy crawl liuyan -a fids=9001,9002 -a base_url={base_url} -O liuyan.jsonl")
        print(
            f'  scrapy crawl forum -a "list_url={base_url}/forum.php?mod=forumdisplay&fid=2" '
            "-a preset=discuz -a site=zsbbs -O forum.jsonl"
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
