"""The duty officers' web UI (Flask). First version: a read-only view of the leads and their posts
and ledger; logins and actions come with the review issue.

    flask --app review run      (database from $WAGEWATCH_DB, else ./wagewatch.db)
"""

from __future__ import annotations

import json
import os
import secrets

from flask import Flask, abort, g, render_template, request

import storage
from triage.extract import mask_phones


def get_db():
    if "db" not in g:
        from flask import current_app

        g.db = storage.open_db(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        # the session secret comes from the environment only; a random one serves a single run
        SECRET_KEY=os.environ.get("WAGEWATCH_SECRET_KEY") or secrets.token_hex(32),
        DATABASE=str(storage.resolve_db_path()),
    )
    if test_config:
        app.config.update(test_config)
    app.teardown_appcontext(close_db)
    app.jinja_env.filters["mask_phones"] = mask_phones
    app.jinja_env.filters["from_json"] = lambda text: json.loads(text) if text else []

    @app.route("/")
    def leads():
        status = request.args.get("status") or None
        district = request.args.get("district") or None
        rows = storage.list_leads(get_db(), status=status, district=district)
        return render_template("leads.html", leads=rows, status=status, district=district)

    @app.route("/leads/<int:lead_id>")
    def lead(lead_id: int):
        db = get_db()
        row = next(db.query("SELECT * FROM leads WHERE id = ?", [lead_id]), None)
        if row is None:
            abort(404)
        return render_template(
            "lead.html",
            lead=row,
            posts=storage.lead_posts(db, lead_id),
            events=storage.lead_events(db, lead_id),
        )

    return app
