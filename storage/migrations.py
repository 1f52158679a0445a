"""The database schema, as an ordered list of sqlite-utils migrations.

Each function is one change and runs once per database file, recorded in
``_sqlite_migrations``. Never edit an applied migration: add a new one, so that a database made
by an older wagewatch upgrades with its data intact.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from storage.fts import segment

migrations = Migrations("wagewatch")
# what the retention rules leave of a ledger note that copied personal data (010_retention)
REDACTED = "〔已按保留期限删除〕"


@migrations(name="001_core_tables")
def core_tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            settings TEXT,
            high_water_at TEXT,
            high_water_id TEXT,
            updated_at TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            items INTEGER NOT NULL DEFAULT 0,
            new_items INTEGER NOT NULL DEFAULT 0,
            pages INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'running',
            message TEXT
        )"""
    )
    db.execute("CREATE INDEX crawl_runs_source ON crawl_runs(source, started_at)")
    db.execute(
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            url TEXT,
            author TEXT,
            title TEXT,
            text TEXT NOT NULL DEFAULT '',
            posted_at TEXT,
            fetched_at TEXT NOT NULL,
            reposts INTEGER,
            comments INTEGER,
            likes INTEGER,
            region TEXT,
            raw TEXT,
            content_hash TEXT NOT NULL,
            source TEXT,
            state TEXT NOT NULL DEFAULT 'new',
            processed_at TEXT,
            error TEXT,
            UNIQUE (platform, post_id)
        )"""
    )
    db.execute("CREATE INDEX posts_state ON posts(state, id)")
    db.execute("CREATE INDEX posts_content_hash ON posts(content_hash)")
    db.execute(
        """
        CREATE TABLE leads (
            id INTEGER PRIMARY KEY,
            case_key TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new',
            priority TEXT,
            queue TEXT NOT NULL,
            district TEXT,
            district_reason TEXT,
            summary TEXT,
            workers INTEGER,
            amount_yuan REAL,
            months_unpaid REAL,
            employer TEXT,
            sector TEXT,
            group_incident INTEGER NOT NULL DEFAULT 0,
            gov_project INTEGER NOT NULL DEFAULT 0,
            regulators TEXT,
            post_count INTEGER NOT NULL DEFAULT 0,
            heat INTEGER NOT NULL DEFAULT 0,
            first_post_at TEXT,
            last_post_at TEXT,
            owner TEXT,
            response_due TEXT,
            close_due TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX leads_status ON leads(status, priority)")
    db.execute("CREATE INDEX leads_district ON leads(district)")
    db.execute(
        """
        CREATE TABLE lead_posts (
            lead_id INTEGER NOT NULL REFERENCES leads(id),
            post_id INTEGER NOT NULL REFERENCES posts(id),
            reason TEXT NOT NULL,
            score REAL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (lead_id, post_id)
        )"""
    )
    db.execute("CREATE UNIQUE INDEX lead_posts_post ON lead_posts(post_id)")
    db.execute(
        """
        CREATE TABLE lead_events (
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id),
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            from_state TEXT,
            to_state TEXT,
            note TEXT
        )"""
    )
    db.execute("CREATE INDEX lead_events_lead ON lead_events(lead_id, id)")
    # The ledger (台账) is append-only: history is never rewritten.
    db.execute(
        """CREATE TRIGGER lead_events_no_update BEFORE UPDATE ON lead_events
        BEGIN SELECT RAISE(ABORT, 'lead_events is append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER lead_events_no_delete BEFORE DELETE ON lead_events
        BEGIN SELECT RAISE(ABORT, 'lead_events is append-only'); END"""
    )
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT,
            role TEXT NOT NULL DEFAULT 'officer',
            district TEXT,
            email TEXT,
            password_hash TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            district TEXT,
            recipients TEXT,
            lead_ids TEXT,
            html TEXT,
            status TEXT NOT NULL DEFAULT 'built',
            sent_at TEXT,
            error TEXT
        )"""
    )


@migrations(name="002_wal", transactional=False)
def wal(db: Database) -> None:
    # WAL lets the crawler, the scheduler and the web UI read and write the file at once.
    db.execute("PRAGMA journal_mode=WAL")


@migrations(name="003_posts_fts")
def posts_fts(db: Database) -> None:
    """Full-text search over jieba-segmented post text (FTS5's own tokenizers cannot split Chinese
    words). The index row's rowid is the post's id; existing posts are indexed here."""
    db.execute("CREATE VIRTUAL TABLE posts_fts USING fts5(words, tokenize='unicode61')")
    rows = db.execute("SELECT id, coalesce(title, '') || ' ' || text FROM posts").fetchall()
    db.conn.executemany(
        "INSERT INTO posts_fts(rowid, words) VALUES (?, ?)", [(r[0], segment(r[1])) for r in rows]
    )


@migrations(name="004_post_analysis")
def post_analysis(db: Database) -> None:
    """What the pipeline concluded about each post: the classifier's label with its model version,
    and the facts triage extracted."""
    db.execute(
        """
        CREATE TABLE post_analysis (
            post_id INTEGER PRIMARY KEY REFERENCES posts(id),
            label TEXT NOT NULL,
            score REAL NOT NULL,
            model_version TEXT NOT NULL,
            explanation TEXT,
            district TEXT,
            district_confidence REAL,
            district_reason TEXT,
            workers INTEGER,
            amount_yuan REAL,
            months_unpaid REAL,
            employer TEXT,
            sector TEXT,
            group_incident INTEGER NOT NULL DEFAULT 0,
            gov_project INTEGER NOT NULL DEFAULT 0,
            priority TEXT,
            case_key TEXT,
            analyzed_at TEXT NOT NULL
        )"""
    )


@migrations(name="005_crawl_health")
def crawl_health(db: Database) -> None:
    """What a crawl run needs to say about its health beyond items and errors: how long it ran,
    how many posts or threads the pages showed (``seen``, old ones included: zero means the site
    showed nothing), why it was blocked (login wall, captcha, HTTP 403/418/429, robots.txt), whether the
    source's canary was found (``found``/``missing``, NULL without a canary) and the crawl
    process's exit status (NULL while it runs or when it was never known)."""
    for column, kind in (
        ("duration_s", "REAL"),
        ("seen", "INTEGER"),
        ("blocked_reason", "TEXT"),
        ("canary", "TEXT"),
        ("exit_code", "INTEGER"),
    ):
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} {kind}")


@migrations(name="006_triage")
def triage(db: Database) -> None:
    """Issue 4 (triage): what a lead needs for case merging, follow-up and spot checks.

    - ``leads``: the facts used to match later posts (``match_facts``, JSON), project, 包工头,
      phones (shown in full on the lead detail only), collective-action signals, the district
      confidence, the follow-up clock (``responded_at``, ``resolved_at``, ``closed_at``), the
      "reappeared after closing" flag and reopen count (表面清零), and the correct label of a
      dismissed lead (for the classifier's feedback loop).
    - ``lead_events.label``: the label an officer gave when dismissing (NULL otherwise).
    - ``dedup_buckets``: MinHash-LSH band keys and the prefix key of every lead post, so a new post
      finds its near-duplicates with a few index probes whatever the history size.
    - ``lead_keys``: 镇街 + employer / project / village / 包工头 / product keys of every lead, for
      merging the same case told in other words.
    - ``spot_checks``: the monthly seeded random sample of closed leads and what the check found.
    """
    for column, kind in (
        ("match_facts", "TEXT"),
        ("project", "TEXT"),
        ("foreman", "TEXT"),
        ("phones", "TEXT"),
        ("group_signals", "TEXT"),
        ("district_confidence", "REAL"),
        ("responded_at", "TEXT"),
        ("resolved_at", "TEXT"),
        ("closed_at", "TEXT"),
        ("reappeared_after_closing", "INTEGER NOT NULL DEFAULT 0"),
        ("reopen_count", "INTEGER NOT NULL DEFAULT 0"),
        ("dismissed_label", "TEXT"),
    ):
        db.execute(f"ALTER TABLE leads ADD COLUMN {column} {kind}")
    db.execute("ALTER TABLE lead_events ADD COLUMN label TEXT")
    db.execute("CREATE INDEX leads_owner ON leads(owner, status)")
    db.execute("CREATE INDEX post_analysis_case_key ON post_analysis(case_key)")
    db.execute(
        """
        CREATE TABLE dedup_buckets (
            bucket INTEGER NOT NULL,
            post_id INTEGER NOT NULL,
            lead_id INTEGER NOT NULL,
            PRIMARY KEY (bucket, post_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE lead_keys (
            key TEXT NOT NULL,
            lead_id INTEGER NOT NULL,
            PRIMARY KEY (key, lead_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE spot_checks (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            lead_id INTEGER NOT NULL REFERENCES leads(id),
            seed TEXT NOT NULL,
            selected_at TEXT NOT NULL,
            selected_by TEXT NOT NULL,
            checked_at TEXT,
            checked_by TEXT,
            outcome TEXT,
            note TEXT,
            UNIQUE (month, lead_id)
        )"""
    )


@migrations(name="007_classifier_feedback")
def classifier_feedback(db: Database) -> None:
    """Officers' decisions on the classifier's output (confirmed lead, or dismissed with the right
    label): append-only, the latest decision per post wins; ``wagewatch classifier train
    --with-feedback`` learns from them. What the model had said is kept beside the decision."""
    db.execute(
        """
        CREATE TABLE classifier_feedback (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            label TEXT NOT NULL CHECK (label IN ('wage_arrears', 'other_labor', 'irrelevant')),
            officer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT,
            model_label TEXT,
            model_version TEXT
        )"""
    )
    db.execute("CREATE INDEX classifier_feedback_post ON classifier_feedback(post_id, id)")


@migrations(name="009_jobs_and_mail")
def jobs_and_mail(db: Database) -> None:
    """Issue 10 (scheduler, alerts, digest email).

    - ``job_runs``: every run of a scheduled job (or of ``schedule --once``, or a manual crawl):
      start, end, ``running`` → ``ok`` / ``error`` / ``skipped`` and the error text.
    - ``job_locks``: a named lock with an owner, its pid and host and an expiry, so a crawl never
      overlaps itself, across processes too; a lock whose owner died or whose time ran out is taken over.
    - ``digests``: the day a digest covers and the whole MIME message as built (what is sent, and
      resent after a failure, byte for byte); one digest per day and recipient group.
    - ``alerts``: the immediate alert of a P1 lead (one per lead), with its email and webhook text.
    - ``deliveries``: one row per recipient (an address, or the webhook) of a digest or an alert:
      ``built`` → ``sent`` once the server accepted it, or ``failed`` (retried on the next run) with
      the error, or ``abandoned`` after the configured time.
    - ``leads.recovered_yuan``: the amount recovered for the workers, recorded when a lead is resolved.
    """
    db.execute(
        """
        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'ok', 'error', 'skipped')),
            error TEXT,
            detail TEXT,
            pid INTEGER,
            host TEXT
        )"""
    )
    db.execute("CREATE INDEX job_runs_job ON job_runs(job, id)")
    db.execute(
        """
        CREATE TABLE job_locks (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            acquired_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE digests ADD COLUMN day TEXT")
    db.execute("ALTER TABLE digests ADD COLUMN message TEXT")
    db.execute(
        "CREATE UNIQUE INDEX digests_day_group ON digests(day, coalesce(district, '')) WHERE day IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL UNIQUE REFERENCES leads(id),
            event_id INTEGER REFERENCES lead_events(id),
            created_at TEXT NOT NULL,
            subject TEXT NOT NULL,
            message TEXT,
            payload TEXT,
            skipped_reason TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            digest_id INTEGER REFERENCES digests(id),
            alert_id INTEGER REFERENCES alerts(id),
            channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
            recipient TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'built' CHECK (status IN ('built', 'sent', 'failed', 'abandoned')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at TEXT NOT NULL,
            last_attempt_at TEXT,
            next_attempt_at TEXT,
            sent_at TEXT,
            CHECK ((digest_id IS NULL) != (alert_id IS NULL))
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX deliveries_digest ON deliveries(digest_id, channel, recipient) WHERE digest_id IS NOT NULL"
    )
    db.execute(
        "CREATE UNIQUE INDEX deliveries_alert ON deliveries(alert_id, channel, recipient) WHERE alert_id IS NOT NULL"
    )
    db.execute("CREATE INDEX deliveries_status ON deliveries(status, id)")
    db.execute("ALTER TABLE leads ADD COLUMN recovered_yuan REAL")


@migrations(name="010_retention")
def retention(db: Database) -> None:
    """Issue 13 (personal data): when a post's personal content was removed under the retention
    rules (``purged_at``; its platform and id stay so a later crawl does not store it again), and a
    log of every purge with what it removed, as counts only. The ledger stays append-only with one
    exception: the note of an entry may be replaced by the retention marker (the copy of a post's
    text that the 'created' entry holds), and nothing else of the entry may change."""
    db.execute("ALTER TABLE posts ADD COLUMN purged_at TEXT")
    db.execute("DROP TRIGGER lead_events_no_update")
    db.execute(
        f"""CREATE TRIGGER lead_events_no_update BEFORE UPDATE ON lead_events
        WHEN NEW.note IS NOT '{REDACTED}' OR NEW.id IS NOT OLD.id OR NEW.lead_id IS NOT OLD.lead_id
          OR NEW.at IS NOT OLD.at OR NEW.who IS NOT OLD.who OR NEW.action IS NOT OLD.action
          OR NEW.from_state IS NOT OLD.from_state OR NEW.to_state IS NOT OLD.to_state
          OR NEW.label IS NOT OLD.label
        BEGIN SELECT RAISE(ABORT, 'lead_events is append-only'); END"""
    )
    db.execute(
        """
        CREATE TABLE purges (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            rules TEXT NOT NULL,
            counts TEXT NOT NULL
        )"""
    )


@migrations(name="011_review_users")
def review_users(db: Database) -> None:
    """Issue 9 (review web UI): what logins need. Consecutive failed logins and the time a lock-out
    ends (``locked_until``), the last good login, when the password last changed (a change ends
    every session made before it) and when the row last changed."""
    for column, kind in (
        ("failed_logins", "INTEGER NOT NULL DEFAULT 0"),
        ("locked_until", "TEXT"),
        ("last_login_at", "TEXT"),
        ("password_changed_at", "TEXT"),
        ("updated_at", "TEXT"),
    ):
        db.execute(f"ALTER TABLE users ADD COLUMN {column} {kind}")


@migrations(name="012_review_casework")
def review_casework(db: Database) -> None:
    """Issue 9: casework from the web UI and the CLI.

    - ``leads.version``: bumped by every change of the lead's row, so a form that was filled in
      against an older version is refused instead of overwriting a colleague's move.
    - what resolving and the callback (回访) record: amount recovered, workers paid, the
      callback's outcome and time; the label an officer confirmed; the lead a merged lead went into.
    - indexes for the officers' screens: two that cover every column the queue and the dashboard
      filter, sort and count on (one led by the state, one by the 镇街 for district officers), so
      10k leads are counted and a page is picked from an index alone; and the dates.
    """
    for column, kind in (  # leads.recovered_yuan comes with 009_jobs_and_mail
        ("version", "INTEGER NOT NULL DEFAULT 0"),
        ("workers_paid", "INTEGER"),
        ("callback_outcome", "TEXT"),
        ("callback_at", "TEXT"),
        ("confirmed_label", "TEXT"),
        ("merged_into", "INTEGER"),
    ):
        db.execute(f"ALTER TABLE leads ADD COLUMN {column} {kind}")
    covered = (
        "priority, close_due, response_due, responded_at, owner, label, created_at, resolved_at, closed_at"
    )
    db.execute(f"CREATE INDEX leads_queue ON leads(status, {covered}, district)")
    db.execute(f"CREATE INDEX leads_town ON leads(district, status, {covered})")
    for column in ("created_at", "resolved_at", "closed_at"):
        db.execute(f"CREATE INDEX leads_{column} ON leads({column})")


@migrations(name="013_index_by_lead")
def index_by_lead(db: Database) -> None:
    """Issue 12: the duplicate index looked up by lead. Merging two leads (the pipeline's one case found
    twice, an officer's merge) moves the absorbed lead's bucket rows and match keys, and a purge deletes
    them; without these indexes each of those scanned every row (9 million at a million posts: the
    storing half of ``analyze`` fell to 150 posts/s near 800,000 posts, three quarters of it in merges)."""
    db.execute("CREATE INDEX dedup_buckets_lead ON dedup_buckets(lead_id)")
    db.execute("CREATE INDEX lead_keys_lead ON lead_keys(lead_id)")


@migrations(name="014_drop_prefix_indexes")
def drop_prefix_indexes(db: Database) -> None:
    """Issue 12: ``leads_status (status, priority)`` and ``leads_district (district)`` are the leading columns of
    ``leads_queue`` and ``leads_town`` (012): every lookup they served is served by those, and each cost every new
    or changed lead one more index write."""
    db.execute("DROP INDEX IF EXISTS leads_status")
    db.execute("DROP INDEX IF EXISTS leads_district")
