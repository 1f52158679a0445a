"""Pure parsers: a saved or live response in, posts out. One module per site; no network here.

Each module mirrors one real endpoint layout (see the module docstrings) and is tested on saved
pages under ``tests/fixtures/html/<site>/``.
"""
