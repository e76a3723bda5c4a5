"""The server through PgBouncer in transaction pooling mode (docs/deployment.md section 9):
pushes from several desks at once, pulls, idle rounds from the feed heads (their
listener on a direct URL), all with fewer server connections than requests in flight.

Skips where `pgbouncer` is not installed (`apt-get install pgbouncer`)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from daftar_cli.demo import free_port
from server.app import create_app
from server.audit import verify
from server.db import make_engine
from server.settings import Settings
from tests.server.conftest import ENROLMENT_KEY, Server, application_args
from tests.server.test_scale_paths import _wait

pytestmark = pytest.mark.postgres

PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)


@pytest.fixture
def bouncer(pg_url: str) -> Iterator[str]:
    """A PgBouncer (transaction pooling, 3 server connections) in front of the test's
    database; yields its URL. PgBouncer refuses to run as root: then it runs as the
    `postgres` account, in a folder it can write."""
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed")
    command = [PGBOUNCER]
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("pgbouncer will not run as root and there is no postgres account")
        command += ["-u", "postgres"]
    tmp_path = Path(tempfile.mkdtemp(prefix="daftar-pgbouncer-"))
    tmp_path.chmod(0o777)
    url = make_url(pg_url)
    port = free_port()
    (tmp_path / "users.txt").write_text(f'"{url.username}" ""\n')
    (tmp_path / "pgbouncer.ini").write_text(
        f"""[databases]
{url.database} = host={url.host} port={url.port} dbname={url.database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {tmp_path / "users.txt"}
pool_mode = transaction
default_pool_size = 3
max_client_conn = 100
ignore_startup_parameters = extra_float_digits,options
logfile = {tmp_path / "pgbouncer.log"}
pidfile = {tmp_path / "pgbouncer.pid"}
"""
    )
    for written in tmp_path.iterdir():
        written.chmod(0o644)
    process = subprocess.Popen(
        [*command, str(tmp_path / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    through = url.set(port=port).render_as_string(hide_password=False)
    try:
        deadline = time.monotonic() + 10
        while True:
            engine = make_engine(through, pgbouncer=True, pool_size=1)
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
            finally:
                engine.dispose()
        yield through
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_server_works_through_pgbouncer_in_transaction_pooling(bouncer, pg_url):
    settings = Settings(
        enrolment_key=ENROLMENT_KEY,
        behind_pgbouncer=True,
        listen_url=pg_url,  # LISTEN needs a session of its own: straight to PostgreSQL
        token_cache_seconds=60,
        max_active=8,
    )
    engine = make_engine(bouncer, pgbouncer=True, pool_size=8)
    try:
        with TestClient(create_app(settings, engine=engine)) as client:
            _wait(lambda: client.app.state.heads.valid, "the feed-heads listener is up")
            server = Server(client, engine)
            desks = [server.enrol(name=f"counter {n}") for n in range(4)]
            reader = server.enrol(name="reader")

            def work(k: int) -> list[str]:
                desk = desks[k]
                statuses = []
                for n in range(5):
                    envelopes = [
                        desk.envelope(
                            "submit_licence_application",
                            application_args(1000 * k + 10 * n + m, prefix=f"B{k}"),
                        )
                        for m in range(4)
                    ]
                    response = desk.push_envelopes(envelopes)
                    assert response.status_code == 200, response.text
                    statuses += [a["status"] for a in response.json()["results"]]
                return statuses

            # 8 requests in flight over 3 server connections: every transaction must be
            # self-contained (no prepared statement or session state left behind).
            with ThreadPoolExecutor(4) as pool:
                answers = [s for statuses in pool.map(work, range(4)) for s in statuses]
            assert answers == ["applied"] * 80
            reader.pull_all(checksum=True)
            rows = [r for (t, _i), r in reader.seen.items() if t == "licence_applications"]
            assert len(rows) == 80
            assert reader.pull()["tables"] == {}  # idle, at the head
    finally:
        engine.dispose()
    direct = make_engine(pg_url)
    try:
        assert verify(direct).broken_at is None
    finally:
        direct.dispose()
