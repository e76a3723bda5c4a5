"""Upgrading keeps data: `daftar selftest --upgrade-check` on a store an old release wrote.

Runs the self-test as a separate process, the way an installed Daftar runs it (without
building the bundle: CI's installers/ci_build_and_selftest.sh does that), then opens
the store and its backup directly, without the self-test's code, and checks that every
record and every pending command of the old store is still there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from sync.store.engine import open_engine
from sync.store.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "sync" / "fixtures" / "store_v1.db"
KEY = "5a" * 32
RECORD_TABLES = ("persons", "licence_applications", "record_events", "shadow_rows", "sync_facts")


def selftest(tmp_path: Path, *args: str, via: str = "entry") -> subprocess.CompletedProcess[str]:
    command = (
        [sys.executable, "-m", "daftar_cli.main", "selftest"]
        if via == "main"
        else [sys.executable, str(ROOT / "installers" / "entry.py"), "selftest"]
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DAFTAR_DATA_DIR=str(tmp_path / "data"),
        PYTHONIOENCODING="utf-8",
    )
    env.pop("DAFTAR_KEY_FILE", None)
    return subprocess.run(
        command + list(args),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
    )


def read_store(path: Path) -> dict[str, object]:
    engine = open_engine(path, KEY)
    try:
        with engine.connect() as conn:
            out: dict[str, object] = {
                "revision": conn.execute(text("SELECT version_num FROM alembic_version")).scalar(),
                "outbox": [
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT device_seq, command_id, name, args, base_versions, actor, state "
                            "FROM outbox ORDER BY device_seq"
                        )
                    )
                ],
                "applications": [
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT id, application_no, applicant_name_ur, status, sync_state "
                            "FROM licence_applications ORDER BY id"
                        )
                    )
                ],
            }
            for table in RECORD_TABLES:
                out[table] = [
                    dict(r._mapping) for r in conn.execute(text(f'SELECT * FROM "{table}"'))
                ]
            return out
    finally:
        engine.dispose()


def _values(rows: Any, like: Any = None) -> list[tuple[Any, ...]]:
    """The rows' values in the columns of `like`'s rows (or their own), sorted."""
    columns = sorted((like or rows)[0]) if (like or rows) else []
    return sorted(tuple(row[c] for c in columns) for row in rows)


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "old.db"
    path.parent.mkdir()
    shutil.copy(FIXTURE, path)
    return path


@pytest.mark.parametrize("via", ["entry", "main"])
def test_upgrade_check_keeps_every_record_and_pending_command(tmp_path, old_store, via):
    before = read_store(old_store)
    assert before["revision"] == "0001"
    assert before["outbox"] and all(row[-1] == "pending" for row in before["outbox"])
    assert before["applications"]

    result = selftest(tmp_path, "--upgrade-check", str(old_store), KEY, via=via)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in (
        "fresh encrypted store",
        "licence application",
        "voucher",
        "challan PDF",
        "server migrations",
        "desktop window (Qt)",
        "upgrade of an older store",
    ):
        assert any(line.startswith(f"✓ {step}") for line in lines), (step, result.stdout)
    assert lines[-1].startswith("✓ selftest passed")

    after = read_store(old_store)
    assert after["revision"] == head_revision()
    assert after["outbox"] == before["outbox"]  # same commands, same order, still pending
    assert after["applications"] == before["applications"]
    for table in RECORD_TABLES:
        # A later migration may add columns (filled for old rows); every value the old
        # store held must still be there, unchanged.
        old, new = _values(before[table]), _values(after[table], like=before[table])
        if table == "sync_facts":  # facts may gain keys on open; none may be lost or changed
            assert set(old) <= set(new)
        else:
            assert new == old, table

    backups = sorted(old_store.parent.glob("old.0001.*.bak"))
    assert len(backups) == 1, list(old_store.parent.iterdir())
    backup = read_store(backups[0])
    assert backup["revision"] == "0001"
    assert backup["outbox"] == before["outbox"] and backup["applications"] == before["applications"]


def test_a_failed_upgrade_check_names_the_step_and_leaves_the_store_alone(tmp_path, old_store):
    result = selftest(tmp_path, "--no-gui", "--upgrade-check", str(old_store), "00" * 32)
    assert result.returncode == 1
    assert "✗ upgrade of an older store" in result.stdout
    assert "selftest FAILED at step “upgrade of an older store”" in result.stdout
    assert old_store.read_bytes() == FIXTURE.read_bytes()
    assert not list(old_store.parent.glob("*.bak"))


def test_a_key_that_is_not_64_hex_digits_is_refused(tmp_path, old_store):
    result = selftest(tmp_path, "--no-gui", "--upgrade-check", str(old_store), "5a")
    assert result.returncode == 2
    assert "64 hex digits" in result.stdout
