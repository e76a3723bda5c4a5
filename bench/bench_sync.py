"""Sync over loopback against the real server process (DESIGN.md "Budgets"):

- first sync (bootstrap) of a fresh desk from a server seeded with 500,000
  applications, rows per second, on an SQLite and on a PostgreSQL server database;
- an idle sync round (nothing to do): median and p95 of 20;
- a push of 1,000 pending commands (and the whole round that carries it);
- bytes on the wire per row: the compressed pull responses as received (Content-Length
  of each page), divided by the rows they carried; and a licence application row on
  its own (the application part of the pages, compressed as the server does).

The server is `python -m server` on a free 127.0.0.1 port; the desk is a real
encrypted store with the real engine and transport. PostgreSQL (127.0.0.1:5432,
user postgres) gets a database of its own, dropped afterwards; if it cannot be
reached its rows are skipped. Prints figures only; never asserts.

Run: ``python -m bench.bench_sync [--applications N] [--backends sqlite,postgres]
[--only-bootstrap] [--seed-cache DIR]`` (or ``make bench``).

``--only-bootstrap`` stops after the first sync (its rows, time and the desk's peak
memory): the figure the budget is about, without the idle and push rounds. Seeding
500,000 applications takes minutes; ``--seed-cache DIR`` keeps the seeded server
database (an SQLite file in DIR, a PostgreSQL template database) and later runs with
the same size and schema start from a copy of it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import requests

REPO = Path(__file__).resolve().parents[1]
APPLICATIONS = 500_000
ENROLMENT_KEY = "bench-enrolment-key"
BENCH_PASSWORD = "bench-password-1"
BUDGET = {"rows_s": 25_000, "idle_ms": 15.0, "push_s": 1.0, "bytes_row": 150}


@dataclass
class Figures:
    backend: str
    seed_s: float = 0.0
    rows: int = 0
    applications: int = 0
    bootstrap_s: float = 0.0
    pages: int = 0
    wire_bytes: int = 0
    licence_row_bytes: float = 0.0
    idle_ms: list[float] = field(default_factory=list)
    idle_lease_ms: list[float] = field(default_factory=list)
    local_commands_s: float = 0.0
    push_s: float = 0.0
    push_server_s: float = 0.0  # the server's own share (its Server-Timing header)
    push_round_s: float = 0.0
    boot_pages: int = 0
    boot_wire_bytes: int = 0
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    note: str = ""
    seed_note: str = ""
    #: CPU seconds the bootstrap took in the desk (every thread) and in the server:
    #: on a shared machine the wall clock also counts other people's work.
    boot_desk_cpu_s: float = 0.0
    boot_server_cpu_s: float = 0.0

    @property
    def rows_s(self) -> float:
        return self.rows / self.bootstrap_s if self.bootstrap_s else 0.0


# ------------------------------------------------------------------ databases


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(
        host="127.0.0.1",
        port=5432,
        user="postgres",
        dbname="test",
        autocommit=True,
        connect_timeout=5,
    )


def _pg_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _pg_exists(name: str) -> bool:
    with _pg_admin() as admin:
        return (
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


class ServerDatabase:
    """An SQLite file in `folder`, or a PostgreSQL database dropped on close; a copy
    of `template` (an SQLite file, a PostgreSQL database name) when given."""

    def __init__(self, backend: str, folder: Path, template: Path | str | None = None):
        self.backend = backend
        self.pg_name: str | None = None
        if backend == "sqlite":
            path = folder / "server.sqlite3"
            if template is not None:
                shutil.copyfile(template, path)
            self.url = f"sqlite:///{path}"
        else:
            self.pg_name = f"daftar_sync_bench_{secrets.token_hex(4)}"
            with _pg_admin() as admin:
                if template is None:
                    admin.execute(f'CREATE DATABASE "{self.pg_name}"')
                else:  # a file copy: the default (WAL-logged) copy of gigabytes is slower
                    admin.execute(
                        f'CREATE DATABASE "{self.pg_name}" TEMPLATE "{template}" STRATEGY FILE_COPY'
                    )
            self.url = _pg_url(self.pg_name)

    def close(self) -> None:
        if self.pg_name:
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


class ServerProcess:
    def __init__(self, db_url: str, folder: Path):
        from daftar_cli.demo import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--db",
                db_url,
                "--demo",
                "--enrolment-key",
                ENROLMENT_KEY,
            ],
            cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            try:
                self.process.wait(timeout=0.05)
                raise RuntimeError(f"the server exited (see {folder / 'server.log'})")
            except subprocess.TimeoutExpired:
                pass
        raise RuntimeError("the server did not become healthy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(15)
        self.log.close()


# ------------------------------------------------------------------ the desk


def _cpu_s(pid: int | None = None) -> float:
    """User + system CPU seconds of this process (all threads), or of process `pid`."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _RssSampler:
    """Peak resident memory of this (the desk's) process while a block runs."""

    def __init__(self, every: float = 0.05):
        self.every = every
        self.before_mb = self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.wait(self.every):
            self.peak_mb = max(self.peak_mb, _rss_mb())

    def __enter__(self) -> _RssSampler:
        if os.path.exists("/proc/self/status"):
            self.before_mb = self.peak_mb = _rss_mb()
            self._thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()


def _wire_recorder(figures: Figures) -> Any:
    def on_response(response: requests.Response, *_args: Any, **_kw: Any) -> None:
        if "/sync/push" in response.url:
            timing = response.headers.get("Server-Timing", "")
            if "dur=" in timing:
                figures.push_server_s += float(timing.split("dur=")[1].split(",")[0]) / 1000
        if "/sync/pull" in response.url:
            figures.pages += 1
            figures.wire_bytes += int(
                response.headers.get("Content-Length") or len(response.content)
            )

    return on_response


def _licence_row_bytes(transport: Any) -> float:
    """A licence application row on its own: the application part of the first pages,
    compressed as the server packs pages for our client (zstd, its default level)."""
    from server.app import compress_page
    from server.settings import Settings

    settings = Settings()
    size = rows = 0
    cursor = 0
    for _ in range(3):
        page = transport.pull(cursor, 5000)
        part = page["tables"].get("licence_applications")
        if part and part["rows"]:
            size += len(
                compress_page(orjson.dumps({"licence_applications": part}), "zstd", settings)
            )
            rows += len(part["rows"])
        cursor = page["cursor"]
    return size / rows if rows else 0.0


def add_bench_operator(engine: Any) -> None:
    """The licence operator of DC-PSH whose signed commands the benches push."""
    from server import accounts
    from server.db import session_factory

    with session_factory(engine).begin() as s:
        accounts.add(s, "bench", BENCH_PASSWORD, "Bench Operator", ["licence_operator"], "DC-PSH")


def close_bench(store: Any, server: Any, database: ServerDatabase) -> None:
    """Close what a sync bench opened, either of the first two possibly not yet (None):
    the desk's store, then the server process, then its database."""
    if store is not None:
        store.close()
    if server is not None:
        server.stop()
    database.close()


def enrolled_desk(server_url: str, folder: Path, device_name: str) -> tuple[Any, Any]:
    """A fresh desk store in `folder`, enrolled at DC-PSH with the demo key, and its
    transport: the set-up every sync bench starts from."""
    from sync.enrol import enrol
    from sync.store import LocalStore
    from sync.transport import Transport

    store = LocalStore.open("bench", path=folder / "desk.db", key=secrets.token_hex(32))
    enrol(
        store,
        server_url,
        ENROLMENT_KEY,
        office_code="DC-PSH",
        demo_key=True,
        device_name=device_name,
    )
    return store, Transport(server_url, store.fact("device_token"))


def _application(n: int) -> dict[str, Any]:
    from domain.ids import new_id

    return {
        "application_id": new_id(),
        "application_no": f"PSH-26-B{n:07d}",
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {
            "cnic": f"17309{n:07d}1",
            "name_en": f"Bench Applicant {n}",
            "name_ur": "",
            "date_of_birth": "1980-01-01",
            "address": "Peshawar",
            "mobile": "03001234567",
        },
    }


def _seed(url: str, applications: int) -> int:
    """Seed the server database at `url` as every sync bench wants it (migrated, the
    applications of PSH, the bench operator); returns the applications seeded."""
    from daftar_cli.seed import seed_server
    from server.db import make_engine
    from server.migrate import prepare_database

    engine = make_engine(url)
    try:
        prepare_database(engine)
        report = seed_server(engine, applications, districts=["PSH"])
        if engine.dialect.name == "postgresql":
            # Freshly loaded tables have no planner statistics until autovacuum gets to
            # them; without, the pull's `id = ANY(...)` runs as a sequential scan.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        add_bench_operator(engine)  # the operator whose commands are pushed
        return report.applications
    finally:
        engine.dispose()


def _cache_key(applications: int) -> str:
    """What a kept seed must match: its size and the server's schema."""
    from server.migrate import head_revision

    return f"{applications}_{head_revision()}"


def seeded_database(
    backend: str, applications: int, folder: Path, cache: Path | None = None
) -> tuple[ServerDatabase, float, int, bool]:
    """A server database seeded with `applications` (and the bench operator), its
    seeding time, the applications in it and whether it came from `cache`. With
    `cache`, a seed made once is kept (an SQLite file there, a PostgreSQL template
    database) and copied by later runs of the same size and schema."""
    if cache is None:
        database = ServerDatabase(backend, folder)
        started = time.perf_counter()
        try:
            seeded = _seed(database.url, applications)
        except BaseException:
            database.close()
            raise
        return database, time.perf_counter() - started, seeded, False
    key = _cache_key(applications)
    started = time.perf_counter()
    made = False
    if backend == "sqlite":
        cache.mkdir(parents=True, exist_ok=True)
        kept = cache / f"sync_bench_{key}.sqlite3"
        if not kept.exists():
            partial = kept.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            _seed(f"sqlite:///{partial}", applications)
            partial.rename(kept)
            made = True
        template: Path | str = kept
    else:
        template = f"daftar_sync_bench_seed_{key}".lower()
        if not _pg_exists(template):
            loading = f"{template}_partial"
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{loading}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{loading}"')
            _seed(_pg_url(loading), applications)
            with _pg_admin() as admin:
                admin.execute(f'ALTER DATABASE "{loading}" RENAME TO "{template}"')
            made = True
    database = ServerDatabase(backend, folder, template)
    return database, time.perf_counter() - started, applications, not made


def run_backend(
    backend: str,
    applications: int,
    folder: Path,
    *,
    only_bootstrap: bool = False,
    seed_cache: Path | None = None,
) -> Figures:
    from sync.engine import RoundReport, SyncEngine

    figures = Figures(backend)
    folder.mkdir(parents=True, exist_ok=True)
    database, figures.seed_s, figures.applications, cached = seeded_database(
        backend, applications, folder, seed_cache
    )
    if cached:
        figures.seed_note = "copied from the seed cache"
    server = None
    store = None
    try:
        server = ServerProcess(database.url, folder)

        store, transport = enrolled_desk(server.url, folder, "bench desk")
        transport.http.hooks["response"].append(_wire_recorder(figures))
        # The PSID lease top-up is timed apart (its own row): this server has no gateway.
        sync = SyncEngine(store, transport, lease_top_up=False)

        sampler = _RssSampler()
        desk_cpu, server_cpu = _cpu_s(), _cpu_s(server.process.pid)
        started = time.perf_counter()
        with sampler:
            boot = sync.run_once()
        figures.bootstrap_s = time.perf_counter() - started
        figures.boot_desk_cpu_s = _cpu_s() - desk_cpu
        figures.boot_server_cpu_s = _cpu_s(server.process.pid) - server_cpu
        figures.rss_before_mb, figures.rss_peak_mb = sampler.before_mb, sampler.peak_mb
        figures.boot_pages, figures.boot_wire_bytes = figures.pages, figures.wire_bytes
        figures.rows = boot.pulled
        if boot.checksum_ok is False:
            figures.note = "checksum mismatch after bootstrap"
        if only_bootstrap:
            return figures
        figures.licence_row_bytes = _licence_row_bytes(transport)

        for _ in range(20):
            started = time.perf_counter()
            sync.run_once()
            figures.idle_ms.append((time.perf_counter() - started) * 1000)
        sync.lease_top_up = True
        for _ in range(20):
            started = time.perf_counter()
            sync.run_once()
            figures.idle_lease_ms.append((time.perf_counter() - started) * 1000)
        sync.lease_top_up = False

        from desktop.operators import log_in

        # An online login registers the operator's key; every command below is signed
        # as a desk signs it (in the local figure) and verified by the server (in push).
        log_in(store, "bench", BENCH_PASSWORD, transport)
        started = time.perf_counter()
        for n in range(1, 1001):
            store.execute("submit_licence_application", _application(n), actor="bench")
        figures.local_commands_s = time.perf_counter() - started
        round_started = time.perf_counter()
        figures.push_server_s = 0.0
        pushed = RoundReport()
        sync.push_all(pushed)
        figures.push_s = time.perf_counter() - round_started
        from sync.rebase import rebase

        sync.pull_all(pushed)
        rebase(store)
        figures.push_round_s = time.perf_counter() - round_started
        if pushed.pushed != 1000 or store.pending_count() or pushed.rejected:
            figures.note = (
                f"pushed {pushed.pushed} ({pushed.rejected} rejected), "
                f"{store.pending_count()} still pending"
            )
        return figures
    finally:
        close_bench(store, server, database)


def _postgres_reachable() -> str | None:
    try:
        with _pg_admin() as admin:
            admin.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "skip"
        return str(exc).splitlines()[0]


def _rows(figures: list[Figures], skipped: dict[str, str]) -> Iterator[tuple[str, ...]]:
    def mark(ok: bool) -> str:
        return "ok" if ok else "OVER"

    for f in figures:
        per_row = f.boot_wire_bytes / f.rows if f.rows else 0.0
        name = f.backend
        seeded = f"{f.applications:,} applications in {f.seed_s:.1f} s"
        yield (name, "server seed", f"{seeded} ({f.seed_note})" if f.seed_note else seeded, "", "")
        yield (
            name,
            "bootstrap",
            f"{f.rows:,} rows ({f.applications:,} applications and their "
            f"people) in {f.bootstrap_s:.1f} s = {f.rows_s:,.0f} rows/s, {f.boot_pages} pages",
            f">= {BUDGET['rows_s']:,}/s",
            mark(f.rows_s >= BUDGET["rows_s"]),
        )
        yield (
            name,
            "bootstrap, whole",
            f"{f.bootstrap_s:.1f} s, {f.applications / f.bootstrap_s:,.0f} applications/s; "
            f"desk RSS {f.rss_before_mb:.0f} -> peak {f.rss_peak_mb:.0f} MB; CPU desk "
            f"{f.boot_desk_cpu_s:.1f} s, server {f.boot_server_cpu_s:.1f} s",
            "< 20 s",
            mark(f.bootstrap_s < 20),
        )
        if not f.idle_ms:  # --only-bootstrap
            yield (name, "bootstrap wire bytes/row", f"{per_row:.0f}", "", "")
            if f.note:
                yield (name, "note", f.note, "", "")
            continue
        idle = statistics.median(f.idle_ms)
        p95 = sorted(f.idle_ms)[int(len(f.idle_ms) * 0.95) - 1]
        yield (
            name,
            "idle round",
            f"median {idle:.1f} ms, p95 {p95:.1f} ms",
            f"< {BUDGET['idle_ms']:.0f} ms",
            mark(idle < BUDGET["idle_ms"]),
        )
        yield (
            name,
            "idle + lease top-up",
            f"median {statistics.median(f.idle_lease_ms):.1f} ms (a desk "
            "short of PSIDs asks every round; this server has no gateway and answers 503)",
            "",
            "",
        )
        yield (name, "1,000 local commands", f"{f.local_commands_s:.2f} s", "", "")
        yield (
            name,
            "push of 1,000 signed",
            f"{f.push_s:.2f} s at the desk, {f.push_server_s:.2f} s of it in the server "
            f"(whole round {f.push_round_s:.2f} s)",
            f"< {BUDGET['push_s']:.0f} s",
            mark(f.push_s < BUDGET["push_s"]),
        )
        yield (
            name,
            "wire bytes/row",
            f"{per_row:.0f} (all rows, compressed pages as received); "
            f"licence row alone {f.licence_row_bytes:.0f}",
            f"< {BUDGET['bytes_row']}",
            mark(per_row < BUDGET["bytes_row"] and f.licence_row_bytes < BUDGET["bytes_row"]),
        )
        if f.note:
            yield (name, "note", f.note, "", "")
    for name, why in skipped.items():
        yield (name, "skipped", why, "", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=APPLICATIONS)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--only-bootstrap",
        action="store_true",
        help="measure the first sync only (no idle, push or wire-size rounds)",
    )
    parser.add_argument(
        "--seed-cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the seeded server database (SQLite: a file in DIR; PostgreSQL: a "
        "template database) and copy it in later runs of the same size and schema",
    )
    parser.add_argument("--runs", type=int, default=1, help="bootstrap this many times per backend")
    args = parser.parse_args(
        sys.argv[1:] if argv is None and __name__ == "__main__" else argv or []
    )
    figures: list[Figures] = []
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="daftar-bench-sync-") as tmp:
        os.environ.setdefault("DAFTAR_DATA_DIR", str(Path(tmp) / "data"))
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            if backend == "postgres":
                problem = _postgres_reachable()
                if problem:
                    skipped[backend] = f"PostgreSQL unreachable: {problem}"
                    continue
            print(
                f"  {backend}: seeding {args.applications:,} applications and syncing…",
                file=sys.stderr,
                flush=True,
            )
            for run in range(args.runs):
                figures.append(
                    run_backend(
                        backend,
                        args.applications,
                        Path(tmp) / f"{backend}-{run}",
                        only_bootstrap=args.only_bootstrap,
                        seed_cache=args.seed_cache,
                    )
                )
    rows = list(_rows(figures, skipped))
    widths = [
        max(len(r[i]) for r in [*rows, ("server db", "what", "figure", "budget", "")])
        for i in range(5)
    ]
    header = ("server db", "what", "figure", "budget", "")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
