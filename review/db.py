"""The request's database connection (flaskr's ``db.py``): opened on first use, closed at the end
of the request. The schema is brought up to date once, when the app is made."""

from __future__ import annotations

from flask import Flask, current_app, g

import storage


def get_db():
    """This request's connection (WAL: readers never wait for the pipeline's writes)."""
    if "db" not in g:
        g.db = storage.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    database = g.pop("db", None)
    if database is not None:
        database.close()


def init_app(app: Flask) -> None:
    storage.open_db(app.config["DATABASE"]).close()  # create the file or apply pending migrations
    app.teardown_appcontext(close_db)
