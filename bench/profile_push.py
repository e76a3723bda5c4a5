"""The push path in one process, for profiling (issue 21): CPU per command.

    .venv/bin/python -m bench.profile_push [--desks 60] [--pushes 50] [--profile out.prof]
        [--http [--http-profile out.prof]] [--idle N]

A fresh PostgreSQL database (`daftar_prof_<random>` on 127.0.0.1:5432, dropped at the
end), `--desks` desks enrolled and their operators made as `bench.loadgen` does, each
district's hot rows set up, then `--pushes` pushes of `--commands` mixed signed
commands (`bench.loadgen.mixed_commands`: the load generator's mix) applied straight
through `server.apply.apply_push`, one after another, with no HTTP in between. Prints
wall and CPU time per command, this process's and the database backend's (the
backend's CPU is read from /proc), optionally under cProfile. With `--http`, as many
pushes again through the whole ASGI app (token, body, admission, JSON answer), each
followed by the desk's pull to the feed's head as a load-generator desk does: what a
command costs a served worker beyond `apply_push` (under `--http-profile` the
handlers' thread-pool work runs inline, so that cProfile sees it).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import loadgen  # noqa: E402
from bench.loadgen import PG, Desk, District  # noqa: E402
from sync.protocol import CURSOR_HEADER, MORE_HEADER  # noqa: E402


def _backend_cpu(admin: Any, database: str) -> float:
    pids = [
        r[0]
        for r in admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    ]
    return sum(loadgen._proc_cpu(p) for p in pids)


def _app_at_head(url: str, *, served: bool) -> tuple[Any, int]:
    """The server's ASGI app over `url` (`served`: as a server process runs it,
    `server.app.serving`), its feed heads started, and the feed's head number."""
    from server.app import create_app, serving
    from server.changes import current_seq
    from server.settings import Settings

    app = create_app(Settings(db_url=url, enrolment_key=loadgen.KEY, token_cache_seconds=60))
    if served:
        app = serving(app)
    heads = app.state.heads
    heads.start()
    deadline = time.monotonic() + 10
    while not heads.valid and time.monotonic() < deadline:
        time.sleep(0.05)
    with app.state.engine.connect() as conn:
        return app, current_seq(conn)


def idle_rounds(url: str, desks: list[Desk], rounds: int) -> None:
    """`rounds` idle pulls (each desk at its head) through the whole ASGI app, as a
    served worker runs it (token cache, feed heads); CPU per round."""
    app, head = _app_at_head(url, served=False)
    statuses: dict[int, int] = {}

    async def one(desk: Desk) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": "/sync/pull",
            "raw_path": b"/sync/pull",
            "root_path": "",
            "query_string": f"cursor={head}&limit=5000".encode(),
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"authorization", f"Bearer {desk.token}".encode()),
                (b"accept-encoding", b"zstd"),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8700),
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses[message["status"]] = statuses.get(message["status"], 0) + 1

        await app(scope, receive, send)

    async def run() -> float:
        for desk in desks:  # every token checked once (cached from then on)
            await one(desk)
        statuses.clear()
        started = time.process_time()
        for n in range(rounds):
            await one(desks[n % len(desks)])
        return time.process_time() - started

    cpu = asyncio.run(run())
    app.state.heads.stop()
    app.state.engine.dispose()
    print(
        f"{rounds} idle rounds: server CPU {cpu / rounds * 1e6:.0f} µs per round   "
        f"answers {statuses}   load {os.getloadavg()[0]:.2f}"
    )


def http_pushes(
    url: str, batches: list[tuple[Desk, list[dict[str, Any]]]], profile: Path | None
) -> None:
    """The same kind of pushes through the whole ASGI app (auth, body, admission, JSON
    answer), each followed by the desk's pull to the feed's head, as a loadgen desk
    does; CPU per command of this process and of the database's backends."""
    app, head = _app_at_head(url, served=True)
    for desk, _ in batches:
        desk.cursor = head
    statuses: dict[int, int] = {}
    answers: dict[str, int] = {}

    async def call(
        desk: Desk, method: str, target: str, body: bytes = b""
    ) -> tuple[dict[str, str], bytes]:
        path, _, query = target.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"authorization", f"Bearer {desk.token}".encode()),
                (b"accept-encoding", b"zstd"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8700),
        }
        sent = {"body": False}
        headers: dict[str, str] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            if sent["body"]:
                return {"type": "http.disconnect"}
            sent["body"] = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses[message["status"]] = statuses.get(message["status"], 0) + 1
                headers.update((k.decode(), v.decode()) for k, v in message["headers"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        return headers, b"".join(chunks)

    async def one(desk: Desk, commands: list[dict[str, Any]]) -> None:
        body = orjson.dumps({"device_id": desk.device_id, "commands": commands})
        _, data = await call(desk, "POST", "/sync/push", body)
        for answer in orjson.loads(data)["results"]:
            answers[answer["status"]] = answers.get(answer["status"], 0) + 1
        while True:
            headers, _ = await call(desk, "GET", f"/sync/pull?cursor={desk.cursor}&limit=5000")
            desk.cursor = int(headers[CURSOR_HEADER.lower()])
            if headers.get(MORE_HEADER.lower()) != "1":
                break

    if profile:  # cProfile sees one thread: run the handlers' thread-pool work inline
        import server.deps
        import server.routes.sync

        async def inline(func: Any, *a: Any, **kw: Any) -> Any:
            return func(*a, **kw)

        server.routes.sync.run_in_threadpool = inline  # type: ignore[assignment]
        server.deps.run_in_threadpool = inline  # type: ignore[assignment]

    async def run() -> float:
        profiler = cProfile.Profile(time.process_time) if profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for desk, commands in batches:
            await one(desk, commands)
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        return time.process_time() - started

    admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True)
    database = url.rsplit("/", 1)[1]
    pg_before = _backend_cpu(admin, database)
    cpu = asyncio.run(run())
    pg = _backend_cpu(admin, database) - pg_before
    admin.close()
    app.state.heads.stop()
    app.state.engine.dispose()
    count = sum(answers.values())
    print(
        f"{count} commands in {len(batches)} pushes through the app, each with its pull: "
        f"server CPU {cpu / count * 1000:.2f} ms, PostgreSQL CPU {pg / count * 1000:.2f} ms "
        f"per command   HTTP {statuses}   answers {answers}   load {os.getloadavg()[0]:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.profile_push", description=__doc__.split("\n\n")[0])
    p.add_argument("--desks", type=int, default=60)
    p.add_argument("--pushes", type=int, default=50)
    p.add_argument("--commands", type=int, default=20)
    p.add_argument("--hot", type=float, default=0.1)
    p.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    p.add_argument(
        "--idle",
        type=int,
        default=0,
        help="then this many idle pull rounds through the app (ASGI, no sockets)",
    )
    p.add_argument(
        "--http",
        action="store_true",
        help="then as many pushes again through the app (ASGI, no sockets), each with "
        "the desk's pull after it",
    )
    p.add_argument("--http-profile", type=Path, default=None, help="cProfile stats of --http")
    args = p.parse_args(argv)

    import psycopg
    from sqlalchemy import event

    from domain import reference
    from server.apply import apply_push
    from server.db import make_engine, session_factory
    from server.devices import enrol
    from server.migrate import prepare_database

    admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True)
    database = f"daftar_prof_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{database}"')
    url = f"{PG}/{database}"
    engine = None
    try:
        engine = make_engine(url)
        prepare_database(engine)
        sessions = session_factory(engine)
        districts = []
        for d in reference.districts():
            offices = [o.code for o in reference.offices(d.code) if o.kind == "dc_office"]
            prisons = [p.code for p in reference.prisons() if p.district_code == d.code]
            if offices:
                districts.append(District(d.code, offices[0], prisons[0] if prisons else None))
        admins = [Desk(-1 - k, d, None) for k, d in enumerate(districts)]  # type: ignore[arg-type]
        desks = [Desk(k, districts[k % len(districts)], None) for k in range(args.desks)]  # type: ignore[arg-type]
        for desk in admins + desks:
            body = {
                "enrolment_key": loadgen.KEY,
                "office_code": desk.district.office,
                "device_name": f"profile desk {desk.no}",
            }
            e = enrol(sessions, body, "127.0.0.1", loadgen.KEY)
            desk.token, desk.device_id, desk.device_no = e["token"], e["device_id"], e["device_no"]
        loadgen.make_operators(url, admins + desks)

        async def direct_push(desk: Desk, commands: list[dict[str, Any]], *_a: Any) -> Any:
            return apply_push(sessions, desk.device_id, commands).results

        loadgen.push = direct_push  # type: ignore[assignment]
        for a in admins:
            asyncio.run(loadgen.set_up_district(a))

        # As `bench.bench_sync` does after seeding: freshly loaded tables have no
        # planner statistics until autovacuum gets to them, which a served database
        # has had time for.
        admin_db = psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={database}")
        admin_db.autocommit = True
        admin_db.execute("ANALYZE")
        admin_db.close()
        rng = random.Random(21)
        batches = []
        for n in range(args.pushes):
            desk = desks[n % len(desks)]
            batches.append((desk, loadgen.mixed_commands(desk, rng, args.commands, args.hot)))
        with engine.connect() as conn:  # warm the pool's connection
            conn.exec_driver_sql("SELECT 1")
        statements = [0]

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_a: Any) -> None:
            statements[0] += 1

        profiler = cProfile.Profile(time.process_time) if args.profile else None
        pg_before = _backend_cpu(admin, database)
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        statuses: dict[str, int] = {}
        if profiler:
            profiler.enable()
        for desk, commands in batches:
            for answer in apply_push(sessions, desk.device_id, commands).results:
                statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
        if profiler:
            profiler.disable()
        cpu = time.process_time() - cpu_before
        wall = time.perf_counter() - wall_before
        pg = _backend_cpu(admin, database) - pg_before
        count = sum(statuses.values())
        print(
            f"{count} commands in {args.pushes} pushes: wall {wall / count * 1000:.2f} ms, "
            f"server CPU {cpu / count * 1000:.2f} ms, PostgreSQL CPU {pg / count * 1000:.2f} ms "
            f"per command, {statements[0] / count:.2f} statements per command   answers {statuses}   load {os.getloadavg()[0]:.2f}"
        )
        if profiler and args.profile:
            profiler.dump_stats(str(args.profile))
        if args.http:
            more = [
                (desk, loadgen.mixed_commands(desk, rng, args.commands, args.hot))
                for desk, _ in batches
            ]
            http_pushes(url, more, args.http_profile)
        if args.idle:
            idle_rounds(url, desks, args.idle)
    finally:
        if engine is not None:
            engine.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
