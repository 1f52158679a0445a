"""SQLite storage through sqlite-utils: the one place that knows the schema.

Every function takes the database first and returns plain dicts. Imports nothing from the
rest of wagewatch.
"""

from storage import dedup, factscache
from storage.backups import backup, restore, verify
from storage.crawls import (
    advance_high_water,
    claim_run,
    close_unfinished_run,
    crawled_sources,
    ensure_source,
    finish_run,
    get_run,
    high_water,
    recent_runs,
    source_health,
    start_run,
)
from storage.db import (
    DatabaseRefused,
    check_file,
    connect,
    journal_in_memory,
    memory_db,
    migrate,
    now,
    open_db,
    resolve_db_path,
    scratch_db,
    step,
    transaction,
)
from storage.feedback import feedback_for_post, latest_feedback, record_feedback
from storage.jobs import (
    acquire_lock,
    close_dead_job_runs,
    count_job_runs,
    describe_lock,
    finish_job_run,
    get_lock,
    last_job_runs,
    prune_job_runs,
    recent_job_runs,
    record_skipped,
    release_lock,
    start_job_run,
)
from storage.leads import (
    LeadWrites,
    add_event,
    add_spot_checks,
    analysis_for_posts,
    attach_post,
    create_lead,
    find_lead,
    get_lead,
    has_event,
    lead_by_case_key,
    lead_events,
    lead_posts,
    leads_closed_between,
    list_leads,
    move_lead_posts,
    post_analysis,
    refresh_lead_counts,
    save_analyses,
    save_analysis,
    set_spot_check_outcome,
    spot_checks,
    update_lead,
)
from storage.mail import (
    alert_events_owed,
    create_alert,
    create_digest,
    delivery_counts,
    digest_for_day,
    get_alert,
    mark_delivery_failed,
    mark_delivery_sent,
    owed_deliveries,
    previous_digest,
    recent_deliveries,
    refresh_digest_status,
)
from storage.posts import (
    InvalidPost,
    clean_post,
    content_hash,
    count_matches,
    count_posts,
    forget_posts_outside_leads,
    insert_new_posts,
    mark_failed,
    mark_processed,
    pending_beyond,
    pending_posts,
    requeue_failed,
    row_ids,
    search_posts,
    upsert_posts,
)
from storage.queue import (
    closure_counts,
    count_created_since,
    daily_counts,
    ledger_rows,
    open_breakdown,
    platforms,
    queue,
    queue_counts,
    search_posts_with_leads,
)
from storage.reports import (
    blind_since,
    daily_new_leads,
    daily_resolved_leads,
    lead_platforms,
    leads_created_between,
    leads_done_between,
    open_leads,
)
from storage.users import (
    create_user,
    get_user,
    get_user_by_id,
    list_users,
    record_login_failure,
    record_login_success,
    update_user,
)

__all__ = [
    "DatabaseRefused", "InvalidPost", "LeadWrites", "add_event", "check_file", "journal_in_memory", "restore", "verify", "analysis_for_posts", "attach_post", "backup", "connect",
    "clean_post", "content_hash", "count_matches", "count_posts", "forget_posts_outside_leads", "insert_new_posts", "create_lead", "ensure_source", "finish_run", "lead_by_case_key",
    "lead_events", "lead_posts", "list_leads", "mark_failed", "mark_processed", "memory_db", "migrate", "scratch_db",
    "now", "open_db", "pending_beyond", "pending_posts", "recent_runs", "requeue_failed", "row_ids", "resolve_db_path",
    "save_analyses", "save_analysis", "search_posts", "start_run", "step", "transaction", "update_lead", "upsert_posts",
    "feedback_for_post", "latest_feedback", "record_feedback",
    "add_spot_checks", "dedup", "factscache", "find_lead", "get_lead", "leads_closed_between", "set_spot_check_outcome",
    "spot_checks",
    "move_lead_posts", "post_analysis", "refresh_lead_counts",
    "closure_counts", "count_created_since", "daily_counts", "ledger_rows", "open_breakdown", "platforms", "queue", "queue_counts",
    "search_posts_with_leads",
    "create_user", "get_user", "get_user_by_id", "list_users", "record_login_failure", "record_login_success",
    "update_user",
    "advance_high_water", "claim_run", "close_unfinished_run", "crawled_sources", "get_run", "high_water", "source_health",
    # 009_jobs_and_mail: job runs and locks, digests, alerts and their deliveries, digest queries
    "acquire_lock", "close_dead_job_runs", "count_job_runs", "describe_lock", "finish_job_run", "get_lock",
    "last_job_runs", "prune_job_runs", "recent_job_runs", "record_skipped", "release_lock", "start_job_run",
    "alert_events_owed", "create_alert", "create_digest", "delivery_counts", "digest_for_day", "get_alert",
    "mark_delivery_failed", "mark_delivery_sent", "owed_deliveries", "previous_digest", "recent_deliveries",
    "refresh_digest_status",
    "blind_since", "daily_new_leads", "daily_resolved_leads", "lead_platforms", "leads_created_between",
    "leads_done_between", "open_leads", "has_event",
]  # fmt: skip
