"""人民网 领导留言板: the messages of a region's leader boards, with their official replies.

    scrapy crawl liuyan -a fids=539,4170 [-a state=1] [-a max_pages=5]
                        [-a base_url=http://127.0.0.1:8000] [-a source=...]

``fids`` are the boards of the configured region (the ``fid`` in a board's address,
``/threads/list?fid=<fid>``). ``state`` filters the list as the board's tabs do (1 全部, the
default: handled messages are stored too, with their status; 2 待回复, 3 办理中, 4 已办理). Up to
``max_pages`` batches of ten per board, each message then read whole from its detail page.

Incremental: messages older than the source's mark less ``overlap_hours`` (72 h: a message is
published only after review, days after it was written) are stored from the list entry alone,
without a detail request, and a batch of nothing but such messages ends the board's list. If a
detail page cannot be fetched, the list entry (its text cut at about a hundred characters) is
stored instead and a warning is logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import TextResponse
from twisted.python.failure import Failure

from spiders.items import Post
from spiders.parsers import liuyan
from spiders.sites import PlatformSpider, positive_int, split_arg


class LiuyanSpider(PlatformSpider):
    name = "liuyan"
    platform = "liuyan"
    default_base_url = liuyan.HOST
    overlap_hours = 72.0

    def __init__(self, fids: str = "", state: str | int = 1, max_pages: str | int = 5, **kwargs: Any):
        super().__init__(fids=fids, state=state, max_pages=max_pages, **kwargs)
        self.fids = split_arg(fids)
        if not self.fids or not all(fid.isdigit() for fid in self.fids):
            raise ValueError("liuyan needs board ids: scrapy crawl liuyan -a fids=539,4170")
        self.state = str(state).strip()
        if self.state not in liuyan.STATES:
            raise ValueError(f"-a state= is one of {', '.join(liuyan.STATES)} (1 = all), got {state!r}")
        self.max_pages = positive_int(max_pages, "max_pages")

    def list_request(self, fid: str, last_item: str, page: int) -> scrapy.FormRequest:
        return scrapy.FormRequest(
            f"{self.base_url}{liuyan.LIST_PATH}",
            formdata={"fid": fid, "state": self.state, "lastItem": last_item},
            headers={
                "Accept": "application/json, text/javascript, */*; q=0.01",
                "X-Requested-With": "XMLHttpRequest",
                "Referer": f"{self.base_url}/threads/list?fid={fid}",
            },
            callback=self.parse_list,
            cb_kwargs={"fid": fid, "page": page},
        )

    async def start(self) -> Any:
        for fid in self.fids:
            yield self.list_request(fid, "0", 1)

    def parse_list(self, response: TextResponse, fid: str, page: int) -> Iterator[Post | scrapy.Request]:
        try:
            batch = liuyan.parse_list(response)
        except ValueError as exc:
            self.logger.error(
                "Unreadable message list %s (board %s, batch %d): %s", response.url, fid, page, exc
            )
            return
        if not batch.ok:
            self.logger.error("Board %s refused batch %d: %s", fid, page, batch.message or "no reason given")
            return
        if not batch.messages:
            self.logger.info("Board %s ends at batch %d", fid, page)
            return
        self.saw(
            len(batch.messages),
            [liuyan.message_id(m) for m in batch.messages],
            [f"{m.get('subject') or ''} {m.get('content') or ''}" for m in batch.messages],
        )
        times = [liuyan.message_time(m) for m in batch.messages]
        for item, when in zip(batch.messages, times, strict=True):
            if self.is_old(when):
                yield liuyan.post_from_item(item)
                continue
            tid = liuyan.message_id(item)
            yield scrapy.Request(
                liuyan.content_url(tid, self.base_url),
                callback=self.parse_detail,
                errback=self.detail_failed,
                cb_kwargs={"item": item},
                headers={"Referer": f"{self.base_url}/threads/list?fid={fid}"},
            )
        if self.all_old(times):
            self.logger.info("Board %s stops at batch %d: nothing newer than the mark", fid, page)
        elif page < self.max_pages:
            yield self.list_request(fid, liuyan.message_id(batch.messages[-1]), page + 1)

    def parse_detail(self, response: TextResponse, item: dict[str, Any]) -> Iterator[Post]:
        post = liuyan.parse_detail(response, item)
        if post is None:
            self.found_nothing(response, f"message {liuyan.message_id(item)}")
            self.crawler.stats.inc_value("wagewatch/partial")
            post = liuyan.post_from_item(item)
        yield post

    def detail_failed(self, failure: Failure) -> Iterator[Post]:
        request = failure.request
        self.logger.warning(
            "No detail page %s, storing the list entry (cut text): %s", request.url, failure.getErrorMessage()
        )
        self.crawler.stats.inc_value("wagewatch/partial")
        yield liuyan.post_from_item(request.cb_kwargs["item"])
