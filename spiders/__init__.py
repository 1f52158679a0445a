"""The crawlers: Scrapy settings, items and pipelines, with one parser module and one spider per site.

``spiders/parsers/`` holds pure functions from a response to posts (no network, testable on saved
pages); ``spiders/sites/`` holds the thin Spider classes that fetch and paginate (weibo, tieba,
rss, liuyan, and forum, which reads any list → detail site by selectors from the config);
``pipelines.py`` normalises posts, writes them through ``storage`` and records each run's health;
``health.py`` and ``middlewares.py`` tell a refusal (login wall, captcha, 403/418/429, robots.txt)
from an empty page and back off on server errors. Run a crawl with ``scrapy crawl <name>`` from
anywhere in the checkout, or from Python with :func:`spiders.runner.run_crawl` (a subprocess).
"""
