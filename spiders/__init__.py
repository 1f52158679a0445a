"""The crawlers: Scrapy settings, items and pipelines, with one parser module and one spider per site.

``spiders/parsers/`` holds pure functions from a response to posts (no network, testable on saved
pages); ``spiders/sites/`` holds the thin Spider classes that fetch and paginate; ``pipelines.py``
normalises posts and writes them through ``storage``. Run a crawl with ``scrapy crawl <name>`` from
anywhere in the checkout, or from Python with :func:`spiders.runner.run_crawl` (a subprocess).
"""
