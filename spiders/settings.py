"""Scrapy settings for wagewatch's crawlers (``scrapy.cfg``: ``default = spiders.settings``).

Polite by default: robots.txt obeyed, one request at a time per site, a delay that AutoThrottle
stretches when a site slows down and that doubles on every server error or timeout before the
retry (``spiders.middlewares.HealthMiddleware``). Secrets and machine-specific values come from the
environment only: ``WEIBO_COOKIE`` (a logged-in m.weibo.cn cookie), ``WAGEWATCH_DB`` (the database
to store into; without it nothing is stored, e.g. for ``-O out.jsonl``) and the proxy variables
``http_proxy``/``https_proxy``/``no_proxy``, which Scrapy's HttpProxyMiddleware reads by itself.

What ``wagewatch crawl``, the scheduler and the demo set per source with ``-s`` (see
``spiders.runner.source_settings``): ``DOWNLOAD_DELAY``, ``ROBOTSTXT_OBEY``, ``WAGEWATCH_PROXY``,
``HTTPCACHE_ENABLED``, ``WAGEWATCH_CANARY`` and ``WAGEWATCH_RUN_ID`` (the crawl_runs row the
runner opened for this crawl).
"""

import os

BOT_NAME = "wagewatch"
SPIDER_MODULES = ["spiders.sites"]
NEWSPIDER_MODULE = "spiders.sites"

# A real browser's User-Agent: the platforms serve bare clients an error page or a login wall.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30

# Server errors and timeouts (connection failures are retried by default) get two more tries.
# 429 is deliberately absent: being told to slow down is a signal to stop, not to retry.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

# No listening ports from a crawler: the telnet console and Scrapy 2.19's remote-control
# endpoint (which runs code sent to it) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Development only (``[crawl] httpcache = true``): answers are replayed from .scrapy/httpcache.
# Refusals and server errors are never cached.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [401, 403, 418, 429, 500, 502, 503, 504, 522, 524, 408]

# items named by platform and id in the log; phones, IDs and secrets masked in every log line
LOG_FORMATTER = "spiders.logsafety.PostLogFormatter"
EXTENSIONS = {"spiders.logsafety.RedactLogs": 0}
DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.HealthMiddleware": 580,
    "spiders.middlewares.ProxyMiddleware": 740,
}
WAGEWATCH_BACKOFF_BASE = 2.0  # seconds: the first backed-off delay; it doubles up to AUTOTHROTTLE_MAX_DELAY
WAGEWATCH_PROXY = os.environ.get("WAGEWATCH_PROXY", "")  # every request through this proxy, if set
WAGEWATCH_CANARY = ""  # a word (or "post:<id>") every healthy run must find
WAGEWATCH_RUN_ID = 0  # set by spiders.runner: the crawl_runs row to close (0: open one)

ITEM_PIPELINES = {
    "spiders.pipelines.NormalizePipeline": 100,
    "spiders.pipelines.StoragePipeline": 800,
}
WAGEWATCH_DB = os.environ.get("WAGEWATCH_DB", "")
WAGEWATCH_BATCH_SIZE = 50

WEIBO_COOKIE = os.environ.get("WEIBO_COOKIE", "")
