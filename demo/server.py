"""A local mirror of Weibo, Tieba and two news feeds, serving the demo corpus (stdlib only).

    with serve_demo() as base_url:          # e.g. "http://127.0.0.1:41234"
        run_crawl("weibo", db, {"keywords": "欠薪", "base_url": base_url})

or, by hand, ``python -m demo.server --port 8000``. It serves, at the platforms' real paths:

- ``/api/container/getIndex?containerid=100103type%3D1%26q%3D<q>&page_type=searchall&page=N``:
  Weibo search, ten posts a page, newest first; ``/statuses/extend?id=<id>``: a long post's text.
- ``/f?kw=<bar>&ie=utf-8&pn=<50·k>``: a Tieba bar's thread list; ``/p/<tid>[?pn=N]``: a thread.
- ``/feed/zsnews.xml`` (UTF-8 RSS 2.0) and ``/feed/zsgov.xml`` (GBK RSS 2.0).
- ``/robots.txt`` (everything allowed) and ``/``, an index of the above.

Tests can replace any path's answer with ``overrides`` (malformed pages, errors).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from demo import render

DEFAULT_POSTS = Path(__file__).resolve().parent / "data" / "posts.jsonl"

# (status, content type, body); an override returns one, or None to let the mirror answer.
Reply = tuple[int, str, bytes]
Override = Callable[[dict[str, str]], Reply | None]


def load_posts(path: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The corpus lines (one JSON object a line), without their ground truth."""
    lines = Path(path or DEFAULT_POSTS).read_text(encoding="utf-8").splitlines()
    return [render.public(json.loads(line)) for line in lines if line.strip()]


class DemoSite:
    """Answers a GET for a path and its query parameters; knows nothing about HTTP servers."""

    def __init__(self, posts: list[dict[str, Any]], overrides: Mapping[str, Override] | None = None):
        self.posts = posts
        self.weibo_by_id = {str(p["post_id"]): p for p in posts if p.get("platform") == "weibo"}
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
        if path.startswith("/feed/") and path.endswith(".xml"):
            name = path[len("/feed/") : -len(".xml")]
            body = render.rss_feed(name, self.posts)
            if body is not None:
                # No charset here: the XML declaration says GBK or UTF-8, as many real feeds do.
                return 200, "application/rss+xml", body
        if path == "/":
            return 200, "text/html; charset=utf-8", self._index().encode("utf-8")
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
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        status, content_type, body = self.server.site.answer(parts.path, params)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet: the crawler logs what it fetched


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: DemoSite):
        super().__init__(address, _Handler)
        self.site = site


@contextlib.contextmanager
def serve_demo(
    posts_path: str | os.PathLike | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    overrides: Mapping[str, Override] | None = None,
) -> Iterator[str]:
    """Serve the corpus at ``posts_path`` (default: the bundled ``demo/data/posts.jsonl``) from a
    daemon thread; yields the base URL (``port=0`` picks a free port) and stops on exit.

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
    parser = argparse.ArgumentParser(description="Serve the wagewatch demo corpus as Weibo, Tieba and RSS.")
    parser.add_argument("--posts", default=None, help="corpus JSONL (default: the bundled one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args(argv)
    with serve_demo(options.posts, options.host, options.port) as base_url:
        print(f"Serving the demo platforms at {base_url}/ (Ctrl-C to stop). Try:")
        print(f"  scrapy crawl weibo -a keywords=欠薪,讨薪 -a base_url={base_url} -O weibo.jsonl")
        print(f"  scrapy crawl tieba -a bars=中山吧,小榄吧 -a base_url={base_url} -O tieba.jsonl")
        print(f"  scrapy crawl rss -a url={base_url}/feed/zsnews.xml,{base_url}/feed/zsgov.xml -O rss.jsonl")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
