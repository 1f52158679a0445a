"""The request's database connection (flaskr's ``db.py``, kept per server thread).

A fresh connection must parse the schema and starts with a cold page cache, so a server thread keeps
its connection from one request to the next (WAL: each query still sees the latest committed data;
an unfinished transaction is rolled back at the end of the request). In testing every request gets a
fresh connection that is closed at its end. The schema is brought up to date once, when the app is
made."""

from __future__ import annotations

import threading

from flask import Flask, current_app, g

import storage


def get_db():
    """This request's connection (WAL: readers never wait for the pipeline's writes)."""
    if "db" not in g:
        if current_app.testing:
            g.db = storage.connect(current_app.config["DATABASE"])
        else:
            local = current_app.extensions["wagewatch_db"]
            if getattr(local, "db", None) is None:
                local.db = storage.connect(current_app.config["DATABASE"])
            g.db = local.db
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    database = g.pop("db", None)
    if database is None:
        return
    if database.conn.in_transaction:  # never carry a half-done transaction into the next request
        database.conn.rollback()
    if current_app.testing:
        database.close()


def init_app(app: Flask) -> None:
    storage.open_db(app.config["DATABASE"]).close()  # create the file or apply pending migrations
    app.extensions["wagewatch_db"] = threading.local()
    app.teardown_appcontext(close_db)
