"""Load generator: D simulated desks across the districts against a real server over
PostgreSQL, as at nine in the morning (issue 21, DESIGN.md "Budgets").

    .venv/bin/python -m bench.loadgen --desks 300 --workers 2

What it does, each phase bounded in time:

1. a fresh database (`daftar_load_<random>` on 127.0.0.1:5432, dropped at the end
   unless --keep), migrated; `python -m server --workers W` on a free port;
2. D desks enrolled, spread over the 37 districts (a DC office's desk each); per
   district an admin desk opens hot visit slots, registers inmates and their visitors
   and submits a few applications that every desk of the district will edit;
3. idle: every desk syncs every `--interval` seconds (jittered) with nothing to do
   (a pull at its cursor);
4. push: every desk pushes `--commands` mixed commands (`mixed_commands`: new
   applications, some for citizens from a pool every district uses, so persons are
   hot across districts; edits of its own and of the district's hot applications;
   bookings on the district's hot slots), pulls what the others wrote, thinks
   `--think` seconds, again;
5. bootstrap: `--bootstraps` fresh desks download their district from cursor 0.

With `--seed-applications N` the database first holds N seeded applications (with their
citizens, licences and vouchers, `daftar seed`) over the districts of the bootstrap
desks, so that a bootstrap downloads a district's worth of pages and not the few
rows the run wrote. With `--morning` the bootstraps run during the push phase, from
its steady stretch on, as when an office's new desks are installed at nine: the push
figures then show what pushes get while long bootstrap pages hold turns.

A 503 is the server shedding load on purpose: the desk waits its Retry-After
(jittered) and goes again; it is counted apart from errors. Printed: rounds/s,
commands/s, p50/p99 per kind of request, errors, 503s, CPU seconds and memory of the
server's processes and of the database's backends, and the deadlocks PostgreSQL
counted in this database (`pg_stat_database.deadlocks`).

The desks are raw HTTP/1.1 over asyncio (keep-alive, no parsing of pages they do not
need: the cursor travels in headers), so the generator costs as little CPU as it can;
it still shares the machine's cores with the server and the database, so the figures
are pessimistic for a server that has its machine to itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from daftar_cli.demo import free_port  # noqa: E402
from domain import reference  # noqa: E402
from domain.ids import new_id, utcnow  # noqa: E402
from sync.protocol import CURSOR_HEADER, MORE_HEADER  # noqa: E402
from sync.signing import canonical_command, new_key_pair, sign  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
KEY = "loadgen-enrolment-key"
HOT_CNICS = 200  # citizens every district's desks submit applications for
HOT_APPLICATIONS = 4  # per district, edited by all its desks
HOT_SLOTS = 3  # per district


# ----------------------------------------------------------------- raw HTTP


class Http:
    """One keep-alive HTTP/1.1 connection (the desk's), reopened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            + "\r\n"
        ).encode()
        for attempt in (1, 2):  # a keep-alive link the server closed: once more on a new one
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                assert self.reader is not None
                self.writer.write(head + body)
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                status = int(status_line.split()[1])
                answer: dict[str, str] = {}
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    answer[name.strip().lower()] = value.strip()
                data = await self.reader.readexactly(int(answer.get("content-length", 0)))
                if answer.get("connection") == "close":
                    await self.close()
                return status, answer, data
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


# ----------------------------------------------------------------- figures


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    shed: int = 0
    commands: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    #: (from, to) in time.monotonic(): the push phase's stretch in which every desk is
    #: at work (after the staggered start, before the deadline); what was answered in
    #: it, and those pushes' times, show what the server sustains, apart from the
    #: start and the tail while the last desks finish.
    window: tuple[float, float] | None = None
    window_commands: int = 0
    window_pushes: list[float] = field(default_factory=list)

    def took(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _proc_cpu(pid: int) -> float:
    try:
        parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _proc_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _machine_jiffies() -> tuple[int, int]:
    """(busy, all) CPU time of the whole machine so far, from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle and iowait
    return sum(values) - idle, sum(values)


def _children(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids = (task / "children").read_text().split()
            for kid in kids:
                out.extend(_children(int(kid)))
    except OSError:
        pass
    return out


class Meter:
    """CPU seconds and RSS of the server's processes and of this database's backends."""

    def __init__(self, server_pid: int, admin: Any, database: str):
        self.server_pid = server_pid
        self.admin = admin
        self.database = database

    def backends(self) -> list[int]:
        return [
            r[0]
            for r in self.admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,)
            )
        ]

    def sample(self) -> dict[str, Any]:
        server = _children(self.server_pid)
        pg = self.backends()
        return {
            "server_cpu": {p: _proc_cpu(p) for p in server},
            "pg_cpu": {p: _proc_cpu(p) for p in pg},
            "server_rss": sum(_proc_rss_mb(p) for p in server),
            "pg_rss": sum(_proc_rss_mb(p) for p in pg),
            "backends": len(pg),
            "deadlocks": self.deadlocks(),
            "generator_cpu": time.process_time(),  # this process: the desks themselves
            "machine": _machine_jiffies(),
            "at": time.monotonic(),
        }

    def deadlocks(self) -> int:
        row = self.admin.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = %s", (self.database,)
        ).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        def cpu(key: str) -> float:
            return sum(v - before[key].get(p, 0.0) for p, v in after[key].items())

        seconds = after["at"] - before["at"]
        return {
            "server_cpu_s": cpu("server_cpu"),
            "pg_cpu_s": cpu("pg_cpu"),
            "generator_cpu_s": after["generator_cpu"] - before["generator_cpu"],
            "machine_busy": (after["machine"][0] - before["machine"][0])
            / max(1, after["machine"][1] - before["machine"][1]),
            "server_rss_mb": after["server_rss"],
            "pg_rss_mb": after["pg_rss"],
            "backends": after["backends"],
            "seconds": seconds,
            "deadlocks": after["deadlocks"] - before["deadlocks"],
        }


# ----------------------------------------------------------------- desks


def _cnic(n: int) -> str:
    return f"17301{n % 10_000_000:07d}1"


def application(n: int, number: str, cnic: int) -> dict[str, Any]:
    return {
        "application_id": new_id(),
        "application_no": number,
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {
            "cnic": _cnic(cnic),
            "name_en": f"Applicant {n}",
            "name_ur": "",
            "father_name_en": "Father",
            "date_of_birth": date(1980, 1, 1).isoformat(),
            "address": "Peshawar",
            "mobile": "03001234567",
        },
    }


@dataclass
class District:
    code: str
    office: str
    prison: str | None
    applications: list[str] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)
    inmates: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Desk:
    no: int
    district: District
    http: Http
    token: str = ""
    device_id: str = ""
    device_no: int = 0
    operator_id: str = ""
    key: Any = None  # the operator's private key: every command is signed, as on a desk
    seq: int = 0
    cursor: int = 0
    made: int = 0
    own: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Accept-Encoding": "zstd",
        }

    def envelope(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        args.setdefault("at", utcnow().isoformat())  # as the desk's store stamps each command
        command_id = new_id()
        return {
            "device_seq": self.seq,
            "command_id": command_id,
            "name": name,
            "args": args,
            "base_versions": {},
            "client_time": utcnow().isoformat(),
            "operator_id": self.operator_id,
            "signature": sign(
                self.key,
                canonical_command(self.device_id, self.device_no, self.seq, command_id, name, args),
            ),
        }


async def enrol(desk: Desk) -> None:
    body = orjson.dumps(
        {
            "enrolment_key": KEY,
            "office_code": desk.district.office,
            "device_name": f"load desk {desk.no}",
            "district_codes": [desk.district.code],
        }
    )
    for _attempt in range(20):  # enrolments at once clash on the device number: again
        status, _h, data = await desk.http.request(
            "POST", "/devices/enrol", {"Content-Type": "application/json"}, body
        )
        if status != 503:
            break
        await asyncio.sleep(random.uniform(0.05, 0.3))
    if status != 200:
        raise RuntimeError(f"enrolment failed: {status} {data[:200]!r}")
    answer = orjson.loads(data)
    desk.token, desk.device_id = answer["token"], answer["device_id"]
    desk.device_no = int(answer["device_no"])


def make_operators(url: str, desks: list[Desk]) -> None:
    """A supervisor account per desk, made straight in the database (no password: it
    only signs), its public key registered for the desk's laptop: the server checks
    every command's signature, role and scope, as it does for a real desk."""
    from domain.models import Operator
    from server.accounts import make_scope
    from server.db import make_engine, session_factory

    engine = make_engine(url, pool_size=1)
    now = utcnow()
    try:
        with session_factory(engine).begin() as s:
            for desk in desks:
                desk.key, public = new_key_pair()
                desk.operator_id = new_id()
                s.add(
                    Operator(
                        id=desk.operator_id,
                        username=f"load{desk.no}"[:30],
                        full_name=f"Load desk {desk.no}",
                        full_name_ur="",
                        roles=["supervisor"],
                        scope=make_scope(desk.district.office),
                        public_keys={desk.device_id: public},
                        active=True,
                        district_code=desk.district.code,
                        office_code=desk.district.office,
                        created_at=now,
                        updated_at=now,
                        sync_state="synced",
                    )
                )
    finally:
        engine.dispose()


async def push(
    desk: Desk, commands: list[dict[str, Any]], stats: Stats | None, deadline: float | None = None
) -> list[dict[str, Any]]:
    """Push until answered (503: wait Retry-After, jittered); returns the answers."""
    body = orjson.dumps({"device_id": desk.device_id, "commands": commands})
    while True:
        started = time.perf_counter()
        status, headers, data = await desk.http.request("POST", "/sync/push", desk.headers, body)
        if status == 503 and "retry-after" in headers:
            if stats is not None:
                stats.shed += 1
            wait = float(headers["retry-after"])
            await asyncio.sleep(wait + random.uniform(0, wait / 2))
            if deadline is not None and time.monotonic() > deadline + 30:
                raise TimeoutError("still shed 30 s after the phase ended")
            continue
        if status != 200:
            if stats is not None:
                stats.error(f"push {status}")
            raise RuntimeError(f"push answered {status}: {data[:300]!r}")
        if stats is not None:
            stats.took("push", time.perf_counter() - started)
        return orjson.loads(data)["results"]  # type: ignore[no-any-return]


async def pull_to_head(desk: Desk, stats: Stats | None, kind: str = "pull") -> int:
    """Pull until the server says there is no more; returns the pages read."""
    pages = 0
    while True:
        started = time.perf_counter()
        status, headers, _data = await desk.http.request(
            "GET", f"/sync/pull?cursor={desk.cursor}&limit=5000", desk.headers
        )
        if status == 503 and "retry-after" in headers:
            if stats is not None:
                stats.shed += 1
            wait = float(headers["retry-after"])
            await asyncio.sleep(wait + random.uniform(0, wait / 2))
            continue
        if status != 200:
            if stats is not None:
                stats.error(f"{kind} {status}")
            return pages
        if stats is not None:
            stats.took(kind, time.perf_counter() - started)
        pages += 1
        desk.cursor = int(headers[CURSOR_HEADER.lower()])
        if headers.get(MORE_HEADER.lower()) != "1":
            return pages


def mixed_commands(desk: Desk, rng: random.Random, n: int, hot: float) -> list[dict[str, Any]]:
    """`n` commands: about 70% new applications (a share `hot` of them for citizens from
    a pool every district uses, so person rows are shared across districts), 25% edits
    (a share `hot` of the district's hot applications, the rest the desk's own), 5%
    bookings on the district's hot slots."""
    district = desk.district
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.25 and (district.applications or desk.own):
            hot_edit = district.applications and (rng.random() < hot or not desk.own)
            pool = district.applications if hot_edit else desk.own
            out.append(
                desk.envelope(
                    "edit_record",
                    {
                        "table": "licence_applications",
                        "row_id": rng.choice(pool),
                        "changes": {
                            "remarks": rng.choice(["walk-in", "called back", "checked", ""])
                        },
                    },
                )
            )
        elif roll < 0.30 and district.slots and district.inmates:
            inmate_id, cnic = rng.choice(district.inmates)
            booking_id = new_id()
            out.append(
                desk.envelope(
                    "book_visit",
                    {
                        "booking_id": booking_id,
                        "booking_no": f"B{desk.no}-{booking_id[-10:]}",
                        "slot_id": rng.choice(district.slots),
                        "inmate_id": inmate_id,
                        "lead_visitor_cnic": cnic,
                        "visitors": [{"cnic": cnic, "name": "Lead", "age": 35}],
                    },
                )
            )
        else:
            desk.made += 1
            cnic = (
                rng.randrange(HOT_CNICS)
                if rng.random() < hot
                else 1_000_000 + desk.no * 10_000 + desk.made
            )
            args = application(desk.made, f"L{desk.no:04d}-{desk.made:07d}", cnic)
            desk.own.append(args["application_id"])
            out.append(desk.envelope("submit_licence_application", args))
    return out


async def set_up_district(desk: Desk) -> None:
    """The district's hot rows, pushed by its admin desk."""
    d = desk.district
    commands = []
    if d.prison:
        for k in range(HOT_SLOTS):
            slot_id = new_id()
            starts = (utcnow() + timedelta(days=2 + k, hours=k)).replace(second=0, microsecond=0)
            commands.append(
                desk.envelope(
                    "open_visit_slot",
                    {
                        "slot_id": slot_id,
                        "prison_code": d.prison,
                        "starts_at": starts.isoformat(),
                        "minutes": 30,
                        "capacity": 12,
                        "seat_quotas": {},
                    },
                )
            )
            d.slots.append(slot_id)
        for k in range(3):
            inmate_id, cnic = new_id(), _cnic(9_000_000 + k + 10 * len(d.code))
            commands.append(
                desk.envelope(
                    "register_inmate",
                    {
                        "inmate_id": inmate_id,
                        "prison_code": d.prison,
                        "inmate_no": f"{d.code}-{k:04d}",
                        "name_en": f"Inmate {k}",
                    },
                )
            )
            commands.append(
                desk.envelope(
                    "approve_visitor",
                    {
                        "visitor_id": new_id(),
                        "inmate_id": inmate_id,
                        "cnic": cnic,
                        "name_en": f"Relative {k}",
                        "relationship": "mother",
                    },
                )
            )
            d.inmates.append((inmate_id, cnic))
    for k in range(HOT_APPLICATIONS):
        args = application(k, f"{d.code}-HOT-{k:04d}", 5_000_000 + k + 100 * len(d.code))
        commands.append(desk.envelope("submit_licence_application", args))
        d.applications.append(args["application_id"])
    answers = await push(desk, commands, None)
    bad = [a for a in answers if a["status"] != "applied"]
    if bad:
        raise RuntimeError(f"setting up {d.code}: {bad[:2]}")


# ----------------------------------------------------------------- phases


async def idle_phase(desks: list[Desk], seconds: float, interval: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds

    async def one(desk: Desk) -> None:
        await asyncio.sleep(random.uniform(0, interval))
        while time.monotonic() < deadline:
            await pull_to_head(desk, stats, "idle")
            await asyncio.sleep(interval * random.uniform(0.5, 1.5))

    await asyncio.gather(*(one(d) for d in desks))
    return stats


async def push_phase(
    desks: list[Desk], seconds: float, think: float, n: int, seed: int, hot: float
) -> Stats:
    stats = Stats()
    start = time.monotonic()
    deadline = start + seconds
    window = stats.window = (start + think, deadline)

    async def one(desk: Desk) -> None:
        rng = random.Random(seed + desk.no)
        await asyncio.sleep(random.uniform(0, think))
        while time.monotonic() < deadline:
            sent = time.monotonic()
            try:
                answers = await push(desk, mixed_commands(desk, rng, n, hot), stats, deadline)
            except TimeoutError:  # the server is still shedding: report what was done
                stats.error("push still shed 30 s after the phase")
                return
            stats.commands += len(answers)
            answered = time.monotonic()
            if window[0] <= answered <= window[1]:
                stats.window_commands += len(answers)
                stats.window_pushes.append(answered - sent)  # 503s and waits included
            for a in answers:
                stats.statuses[a["status"]] = stats.statuses.get(a["status"], 0) + 1
                if a["status"] == "rejected" and a.get("code") not in (
                    "full",
                    "no_allowance",
                    "duplicate_request",
                ):  # the bookings' own
                    stats.error(f"rejected {a.get('code')}")
            await pull_to_head(desk, stats, "pull")
            await asyncio.sleep(think * random.uniform(0.5, 1.5))

    await asyncio.gather(*(one(d) for d in desks))
    return stats


async def bootstrap_phase(port: int, districts: list[District], count: int) -> Stats:
    stats = Stats()
    desks = [Desk(10_000 + k, districts[k % len(districts)], Http(port)) for k in range(count)]
    for d in desks:
        await enrol(d)

    async def one(desk: Desk) -> None:
        headers = dict(desk.headers, Accept="application/json")
        while True:
            started = time.perf_counter()
            status, answer, data = await desk.http.request(
                "GET", f"/sync/pull?cursor={desk.cursor}&limit=5000", headers
            )
            if status == 503:
                stats.shed += 1
                await asyncio.sleep(float(answer.get("retry-after", 1)))
                continue
            if status != 200:
                stats.error(f"bootstrap {status}")
                return
            stats.took("bootstrap page", time.perf_counter() - started)
            if answer.get("content-encoding") == "zstd":
                from sync.compression import zstd

                data = zstd.decompress(data)
            page = orjson.loads(data)
            stats.rows += sum(len(t["rows"]) for t in page["tables"].values())
            desk.cursor = int(page["cursor"])
            if not page["more"]:
                return

    await asyncio.gather(*(one(d) for d in desks))
    for d in desks:
        await d.http.close()
    return stats


# ----------------------------------------------------------------- the run


def start_server(
    url: str,
    workers: int,
    port: int,
    log: Path,
    max_active: int | None,
    pgbouncer: str | None = None,
    tree: Path = REPO,
) -> subprocess.Popen[bytes]:
    args = [
        sys.executable,
        "-m",
        "server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        url,
        "--demo",
        "--enrolment-key",
        KEY,
        "--workers",
        str(workers),
    ]
    if max_active:
        args += ["--max-active", str(max_active)]
    if pgbouncer:  # the pool goes through PgBouncer, the feed-heads listener straight
        args += [
            "--db",
            url.replace("127.0.0.1:5432", pgbouncer),
            "--behind-pgbouncer",
            "--listen-url",
            url,
        ]
    with open(log, "ab") as out:
        process = subprocess.Popen(
            args,
            cwd=tree,
            env=dict(os.environ, PYTHONPATH=str(tree)),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    import requests

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start in 90 s")


def report(name: str, stats: Stats, usage: dict[str, Any], seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {
        "phase": name,
        "seconds": round(seconds, 1),
        "shed_503": stats.shed,
        "errors": dict(stats.errors),
        **{k: round(v, 1) if isinstance(v, float) else v for k, v in usage.items()},
    }
    for kind, values in stats.latencies.items():
        out[f"{kind}_per_s"] = round(len(values) / seconds, 1)
        out[f"{kind}_p50_ms"] = round(pct(values, 50) * 1000, 1)
        out[f"{kind}_p99_ms"] = round(pct(values, 99) * 1000, 1)
    if stats.commands:
        out["commands_per_s"] = round(stats.commands / seconds, 1)
        if stats.window and stats.window[1] > stats.window[0]:
            span = stats.window[1] - stats.window[0]
            out["steady_commands_per_s"] = round(stats.window_commands / span, 1)
            out["steady_push_p50_ms"] = round(pct(stats.window_pushes, 50) * 1000, 1)
            out["steady_push_p99_ms"] = round(pct(stats.window_pushes, 99) * 1000, 1)
        out["answers"] = stats.statuses
    if stats.rows:
        out["bootstrap_rows"] = stats.rows
        out["bootstrap_rows_per_s"] = round(stats.rows / seconds)
    lines = [f"== {name}: {seconds:.1f} s"]
    for kind, values in stats.latencies.items():
        lines.append(
            f"   {kind:15s} {len(values) / seconds:8.1f}/s   p50 {pct(values, 50) * 1000:7.1f} ms"
            f"   p99 {pct(values, 99) * 1000:7.1f} ms   ({len(values)} requests)"
        )
    if stats.commands:
        lines.append(
            f"   commands        {stats.commands / seconds:8.1f}/s   answers {stats.statuses}"
        )
        if "steady_commands_per_s" in out:
            lines.append(
                f"   steady          {out['steady_commands_per_s']:8.1f}/s   push p50 "
                f"{out['steady_push_p50_ms']:7.1f} ms   p99 {out['steady_push_p99_ms']:7.1f} ms"
                "   (every desk at work: from the staggered start to the deadline; a push "
                "from sending to its answer, 503s and waits included)"
            )
        lines.append(
            f"   CPU per command: server {usage['server_cpu_s'] / stats.commands * 1000:.2f} ms, "
            f"PostgreSQL {usage['pg_cpu_s'] / stats.commands * 1000:.2f} ms, desks "
            f"{usage['generator_cpu_s'] / stats.commands * 1000:.2f} ms; the machine's "
            f"{os.cpu_count()} cores were {usage['machine_busy']:.0%} busy (the phase's end, "
            "while the last desks finish, included)"
        )
    if stats.rows:
        lines.append(f"   bootstrap rows  {stats.rows / seconds:8.0f}/s   ({stats.rows} rows)")
    lines.append(
        f"   503 (shed) {stats.shed}   errors {dict(stats.errors) or 0}   "
        f"deadlocks {usage['deadlocks']}"
    )
    lines.append(
        f"   CPU: server {usage['server_cpu_s']:.1f} s, PostgreSQL backends "
        f"{usage['pg_cpu_s']:.1f} s ({usage['backends']} backends), the desks (this "
        f"process) {usage['generator_cpu_s']:.1f} s   RSS: server "
        f"{usage['server_rss_mb']:.0f} MB, backends {usage['pg_rss_mb']:.0f} MB"
    )
    print("\n".join(lines), flush=True)
    return out


def all_districts() -> list[District]:
    """Every district with a DC office, in the reference's order (desk k serves the
    k-th, round the list)."""
    districts = []
    for d in reference.districts():
        offices = [o.code for o in reference.offices(d.code) if o.kind == "dc_office"]
        prisons = [p.code for p in reference.prisons() if p.district_code == d.code]
        if offices:
            districts.append(District(d.code, offices[0], prisons[0] if prisons else None))
    return districts


async def morning_phase(
    args: argparse.Namespace, desks: list[Desk], port: int, districts: list[District]
) -> list[tuple[str, Stats]]:
    """The push phase with `--bootstraps` fresh desks downloading their districts from
    its steady stretch on (`--think` seconds in, when every desk is at work)."""

    async def bootstraps() -> Stats:
        await asyncio.sleep(args.think)
        return await bootstrap_phase(port, districts, args.bootstraps)

    pushes, boots = await asyncio.gather(
        push_phase(desks, args.push_seconds, args.think, args.commands, args.seed, args.hot),
        bootstraps(),
    )
    return [("push", pushes), ("bootstrap", boots)]


async def run(args: argparse.Namespace, port: int, meter: Meter, url: str) -> list[dict[str, Any]]:
    import uvloop  # noqa: F401 - asserted present: the server needs it too

    districts = all_districts()
    admins = [Desk(-1 - k, d, Http(port)) for k, d in enumerate(districts)]
    for start in range(0, len(admins), 8):
        await asyncio.gather(*(enrol(a) for a in admins[start : start + 8]))
    desks = [Desk(k, districts[k % len(districts)], Http(port)) for k in range(args.desks)]
    for start in range(0, len(desks), 8):
        await asyncio.gather(*(enrol(d) for d in desks[start : start + 8]))
    make_operators(url, admins + desks)
    await asyncio.gather(*(set_up_district(a) for a in admins))
    await asyncio.gather(*(pull_to_head(d, None) for d in desks))
    print(
        f"{len(desks)} desks over {len(districts)} districts, {args.workers} worker(s)", flush=True
    )
    results = []

    async def alone(name: str, phase: Awaitable[Stats]) -> list[tuple[str, Stats]]:
        return [(name, await phase)]

    # (whether it runs, the phase): a phase answers (name, figures) for each of its parts
    phases: list[tuple[bool, Callable[[], Awaitable[list[tuple[str, Stats]]]]]] = [
        (
            bool(args.idle_seconds),
            lambda: alone("idle", idle_phase(desks, args.idle_seconds, args.interval)),
        ),
    ]
    if args.morning:
        phases.append(
            (bool(args.push_seconds), lambda: morning_phase(args, desks, port, districts))
        )
    else:
        phases += [
            (
                bool(args.push_seconds),
                lambda: alone(
                    "push",
                    push_phase(
                        desks, args.push_seconds, args.think, args.commands, args.seed, args.hot
                    ),
                ),
            ),
            (
                bool(args.bootstraps),
                lambda: alone("bootstrap", bootstrap_phase(port, districts, args.bootstraps)),
            ),
        ]
    for wanted, phase in phases:
        if not wanted:
            continue
        before = meter.sample()
        started = time.monotonic()
        parts = await phase()
        seconds = time.monotonic() - started
        usage = Meter.delta(before, meter.sample())
        if len(parts) > 1:
            names = " and ".join(name for name, _stats in parts)
            print(f"({names} ran at once: the CPU figures are theirs together)")
        for name, stats in parts:
            results.append(report(name, stats, usage, seconds))
    for d in desks + admins:
        await d.http.close()
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.loadgen", description=__doc__.split("\n\n")[0])
    p.add_argument("--desks", type=int, default=300)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--max-active", type=int, default=None, help="per worker (server default)")
    p.add_argument("--idle-seconds", type=float, default=15)
    p.add_argument("--interval", type=float, default=0.25, help="seconds between idle rounds")
    p.add_argument("--push-seconds", type=float, default=20)
    p.add_argument("--think", type=float, default=2.5, help="seconds between a desk's pushes")
    p.add_argument("--commands", type=int, default=20, help="commands per push")
    p.add_argument(
        "--hot",
        type=float,
        default=0.1,
        help="share of new applications for "
        "shared citizens and of edits on the district's shared applications",
    )
    p.add_argument("--bootstraps", type=int, default=4)
    p.add_argument(
        "--seed-applications",
        type=int,
        default=0,
        help="seed this many applications over the bootstrap desks' districts first",
    )
    p.add_argument(
        "--morning",
        action="store_true",
        help="the bootstraps run during the push phase, from its steady stretch on",
    )
    p.add_argument("--seed", type=int, default=21)
    p.add_argument(
        "--pgbouncer",
        default=None,
        metavar="HOST:PORT",
        help="the server's pool "
        "goes through this PgBouncer (transaction pooling) to 127.0.0.1:5432",
    )
    p.add_argument(
        "--server-tree",
        type=Path,
        default=None,
        help="run the server from this "
        "checkout instead (a before/after comparison on the same machine)",
    )
    p.add_argument("--keep", action="store_true", help="keep the database")
    p.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    args = p.parse_args(argv)

    import psycopg

    from server.db import make_engine
    from server.migrate import prepare_database

    admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True)
    database = f"daftar_load_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{database}"')
    url = f"{PG}/{database}"
    port = free_port()
    log = Path(f"/tmp/{database}.log")
    server = None
    try:
        engine = make_engine(url)
        prepare_database(engine)
        if args.seed_applications:
            from daftar_cli.seed import seed_server

            seeded_in = [d.code for d in all_districts()[: max(1, args.bootstraps)]]
            started = time.monotonic()
            seed_server(engine, args.seed_applications, districts=seeded_in)
            print(
                f"seeded {args.seed_applications} applications over {', '.join(seeded_in)} "
                f"in {time.monotonic() - started:.0f} s",
                flush=True,
            )
        engine.dispose()
        server = start_server(
            url, args.workers, port, log, args.max_active, args.pgbouncer, args.server_tree or REPO
        )
        meter = Meter(server.pid, admin, database)
        import uvloop

        results = uvloop.run(run(args, port, meter, url))
        results.append(
            {"deadlocks_total": meter.deadlocks(), "workers": args.workers, "desks": args.desks}
        )
        print(f"deadlocks in {database}: {meter.deadlocks()}   server log: {log}")
        if args.json:
            args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
