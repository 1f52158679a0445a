"""The disk fills up during an ingest (#13), caused for real: the database lives on a small tmpfs
mounted in a private user and mount namespace (``unshare -Urm``, no root needed), so SQLite meets a
real ENOSPC. Where namespaces are not allowed, the process may instead not grow any file past a limit
(RLIMIT_FSIZE: writes beyond it fail with EFBIG, which SQLite reports as a disk I/O error). Either
way the command ends with a clear message, the database passes ``PRAGMA integrity_check``, and once
there is room again the same command finishes the job: the result equals an uninterrupted run's."""

from __future__ import annotations

import resource
import shlex
import shutil
import signal
import subprocess
import sys

import pytest

import storage
from tests.faults.conftest import CLI, compare, state_of


def limited(max_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply


def ingest(db_path, posts_file, max_bytes: int | None = None):
    return subprocess.run([sys.executable, *CLI, "--db", str(db_path), "ingest", str(posts_file)],
                          capture_output=True, text=True, timeout=600,
                          preexec_fn=limited(max_bytes) if max_bytes else None)  # fmt: skip


def namespaces_allowed() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-Urm", "true"], capture_output=True).returncode == 0


def ingest_on_a_small_disk(db_path, posts_file, room: int):
    """Run the ingest with the database on a tmpfs of ``room`` bytes; the files are copied in before and
    back out after (the tmpfs lives only as long as the namespace)."""
    disk = db_path.parent / "small-disk"
    disk.mkdir()
    command = [sys.executable, *CLI, "--db", str(disk / db_path.name), "ingest", str(posts_file)]
    script = (
        f"mount -t tmpfs -o size={room} tmpfs {shlex.quote(str(disk))} && "
        f"cp {shlex.quote(str(db_path))}* {shlex.quote(str(disk))}/ && "
        f"{shlex.join(command)}; status=$?; "
        f"cp {shlex.quote(str(disk))}/{db_path.name}* {shlex.quote(str(db_path.parent))}/; exit $status"
    )
    return subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script], capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def reference(posts_file, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("reference") / "w.db"
    result = ingest(db_path, posts_file)
    assert result.returncode == 0, result.stderr
    size = sum(p.stat().st_size for p in db_path.parent.glob("w.db*"))
    return state_of(db_path), size


@pytest.mark.parametrize("share", [0.1, 0.6], ids=["while storing", "while processing"])
def test_disk_full_during_ingest(posts_file, reference, tmp_path, share, fault_report):
    want, full_size = reference
    db_path = tmp_path / "w.db"
    storage.open_db(db_path).close()
    room = int(full_size * share)
    if namespaces_allowed():
        failed, expected = ingest_on_a_small_disk(db_path, posts_file, room), "is full"
    else:
        failed, expected = ingest(db_path, posts_file, max_bytes=room), "disk I/O error"
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert expected in failed.stderr
    assert db_path.name in failed.stderr
    assert "run the same command again" in failed.stderr
    assert "Traceback" not in failed.stderr
    db = storage.open_db(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM posts WHERE state = 'error'").fetchone()[0] == 0
    db.close()

    rerun = ingest(db_path, posts_file)
    assert rerun.returncode == 0, rerun.stderr
    lost, doubled = compare(state_of(db_path), want)
    assert (lost, doubled) == (0, 0)
    fault_report(f"disk full during ingest ({share:.0%} of the room it needs)", 1, lost, doubled,
                 failed.stderr.strip().splitlines()[-1])  # fmt: skip
