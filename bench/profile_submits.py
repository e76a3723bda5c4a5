"""The budget's push (1,000 signed `submit_licence_application` from one desk, as
`bench.bench_sync` sends them) applied in this process, for profiling: server CPU
per command on SQLite or PostgreSQL.

    .venv/bin/python -m bench.profile_submits [--backend sqlite|postgres]
        [--applications 2000] [--profile out.prof]

A server database seeded as `bench.bench_sync` seeds it (fewer applications by
default), a real `python -m server` for the desk's enrolment and its operator's
login, then the desk's two pushes of 500 (`sync.engine.PUSH_BATCH`) handed straight
to `server.apply.apply_push`: no HTTP, no pull, so what is left is the apply path
(signature checks included), optionally under cProfile. Prints figures only.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_sync import (
    BENCH_PASSWORD,
    ServerDatabase,
    ServerProcess,
    _application,
    add_bench_operator,
    close_bench,
    enrolled_desk,
)


def run(backend: str, applications: int, folder: Path, profile: Path | None) -> None:
    from sqlalchemy import event

    from daftar_cli.seed import seed_server
    from desktop.operators import log_in
    from server.apply import apply_push
    from server.db import make_engine, session_factory
    from server.migrate import prepare_database
    from sync.engine import RoundReport, SyncEngine

    database = ServerDatabase(backend, folder)
    server = store = None
    try:
        engine = make_engine(database.url)
        prepare_database(engine)
        seed_server(engine, applications, districts=["PSH"])
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        add_bench_operator(engine)
        engine.dispose()
        server = ServerProcess(database.url, folder)
        store, transport = enrolled_desk(server.url, folder, "profile desk")
        log_in(store, "bench", BENCH_PASSWORD, transport)
        for n in range(1, 1001):
            store.execute("submit_licence_application", _application(n), actor="bench")
        server.stop()
        server = None

        engine = make_engine(database.url)
        sessions = session_factory(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        statements = [0]

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_a: Any) -> None:
            statements[0] += 1

        timing = {"cpu": 0.0, "wall": 0.0}
        statuses: dict[str, int] = {}
        profiler = cProfile.Profile(time.process_time) if profile else None

        class InProcess:
            def push(self, device_id: str, commands: list[Any]) -> tuple[list[Any], int]:
                cpu, wall = time.process_time(), time.perf_counter()
                if profiler:
                    profiler.enable()
                out = apply_push(sessions, device_id, commands)
                if profiler:
                    profiler.disable()
                timing["cpu"] += time.process_time() - cpu
                timing["wall"] += time.perf_counter() - wall
                for answer in out.results:
                    statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
                return list(out.results), out.last_seq

        sync = SyncEngine(store, InProcess(), lease_top_up=False)  # type: ignore[arg-type]
        sync.push_all(RoundReport())
        count = sum(statuses.values())
        print(
            f"{backend}: {count} commands applied in process: wall {timing['wall']:.2f} s, "
            f"server CPU {timing['cpu'] / count * 1000:.2f} ms per command, "
            f"{statements[0] / count:.2f} statements per command   answers {statuses}   "
            f"load {os.getloadavg()[0]:.2f}"
        )
        if profiler and profile:
            profiler.dump_stats(str(profile))
        engine.dispose()
    finally:
        close_bench(store, server, database)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.profile_submits", description=__doc__.split("\n\n")[0])
    p.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--applications", type=int, default=2000)
    p.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="daftar-profile-submits-") as tmp:
        run(args.backend, args.applications, Path(tmp), args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
