"""A small soak of the central server as it runs in a province (issue 21): real desks
through two uvicorn workers over PostgreSQL, pushing at the same time on rows they
share, going offline, and one worker killed with SIGKILL in the middle of a push.

Desks: an admin desk and three desks in Peshawar (DC office and two tehsil offices)
and one in Mardan. They submit applications for a few citizens that all of them see
(one person row each, shared across the districts), edit the same few applications and
book the same two slots of one or two seats; each round every online desk syncs at
once, on its own thread. One desk makes a backlog of several hundred applications and
pushes it; when its first group is committed, the worker serving that push is killed.

Then: every desk's outbox is answered and the server holds exactly its commands with
the same answers; every desk's tables equal the server's rows in its scope, and so does
a desk bootstrapped from nothing afterwards; no slot holds more bookings than seats;
application and booking numbers are unique; PostgreSQL counted no deadlock.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, text

from daftar_cli.demo import free_port
from domain.errors import DomainError
from domain.ids import new_id
from domain.models import LicenceApplication, VisitBooking, VisitSlot
from sync.engine import SyncEngine
from sync.enrol import enrol
from sync.store import LocalStore
from sync.transport import Offline, Received, ServerFault, Transport

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
KEY = "soak-enrolment-key"
SEED = int(os.environ.get("DAFTAR_SOAK_SEED") or 21)
ROUNDS = 6
BACKLOG = 500  # commands in the push that a worker is killed in the middle of


class Link(Transport):
    """The real transport with a link the test can cut."""

    offline = False

    def _receive(self, method: str, path: str, **kw: Any) -> Received:
        if self.offline:
            raise Offline("this desk's link is down")
        return super()._receive(method, path, **kw)


class Server:
    """`python -m server --workers 2` on 127.0.0.1 over the test's database."""

    def __init__(self, db_url: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as out:
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
                    KEY,
                    "--unsigned-commands",
                    "--workers",
                    "2",
                ],
                cwd=REPO,
                env=dict(os.environ, PYTHONPATH=str(REPO)),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            try:
                self.process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"the server exited:\n{self.log.read_text()[-3000:]}")
        raise RuntimeError(f"no health in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def workers(self) -> list[int]:
        kids = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
        return kids

    def worker_holding_a_connection(self) -> int | None:
        """The worker that owns an established client connection on the server's port
        (the test makes sure only the pushing desk has one)."""
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].split(":")[1], 16)
            if local_port == self.port and fields[3] == "01":  # ESTABLISHED
                inodes.add(f"socket:[{fields[9]}]")
        for pid in self.workers():
            try:
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    try:
                        if os.readlink(fd) in inodes:
                            return pid
                    except OSError:
                        continue
            except OSError:
                continue
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _cnic(n: int) -> str:
    return f"17301{n % 10_000_000:07d}1"


class Soak:
    def __init__(self, server: Server, engine: Any, kit: Any, rng: random.Random):
        self.server, self.db, self.kit, self.rng = server, engine, kit, rng
        self.desks: list[tuple[str, LocalStore, SyncEngine, list[str]]] = []
        self.hot_apps: list[str] = []
        self.slots: list[str] = []
        self.inmates: list[tuple[str, str]] = []
        self.made = 0
        self.failures: list[str] = []

    def desk(
        self, label: str, office: str, districts: list[str]
    ) -> tuple[str, LocalStore, SyncEngine, list[str]]:
        store = LocalStore.open(f"soak-{label}")
        enrol(
            store,
            self.server.url,
            KEY,
            office_code=office,
            demo_key=True,
            device_name=label,
            district_codes=districts,
        )
        engine = SyncEngine(
            store,
            Link(self.server.url, store.fact("device_token")),
            page_rows=200,
            bootstrap_page_rows=200,
        )
        engine.add_listener(
            lambda status: (
                self.failures.append(f"{label}: {status.message}")
                if status.message.startswith(("Sync failed", "The server refused"))
                else None
            )
        )
        made = (label, store, engine, districts)
        self.desks.append(made)
        return made

    def run(self, store: LocalStore, name: str, args: dict[str, Any], actor: str) -> Any:
        try:
            return store.execute(name, args, actor=actor)
        except DomainError:
            return None  # refused on the desk itself: nothing recorded

    def submit(self, label: str, store: LocalStore, district: str) -> None:
        self.made += 1
        # Every desk shares a few citizens (one person row each, written by all, in
        # Peshawar and Mardan alike: a person is served in every district that names them).
        hot = self.rng.random() < 0.4
        cnic = self.rng.randrange(6) if hot else 100_000 + self.made
        args = self.kit.application_args(self.made, prefix=label, cnic=cnic)
        self.run(store, "submit_licence_application", args, label)

    def work(self, label: str, store: LocalStore, districts: list[str]) -> None:
        for _ in range(self.rng.randint(2, 6)):
            roll = self.rng.random()
            if roll < 0.5:
                self.submit(label, store, districts[0])
            elif roll < 0.8 and "PSH" in districts:
                self.run(
                    store,
                    "edit_record",
                    {
                        "table": "licence_applications",
                        "row_id": self.rng.choice(self.hot_apps),
                        "changes": {"remarks": self.rng.choice(["walk-in", "checked", label])},
                    },
                    label,
                )
            elif "PSH" in districts:
                inmate_id, cnic = self.rng.choice(self.inmates)
                booking_id = new_id()
                self.run(
                    store,
                    "book_visit",
                    {
                        "booking_id": booking_id,
                        "booking_no": f"{label}-V{booking_id[-8:]}",
                        "slot_id": self.rng.choice(self.slots),
                        "inmate_id": inmate_id,
                        "lead_visitor_cnic": cnic,
                        "visitors": [{"cnic": cnic, "name": "Lead", "age": 35}],
                    },
                    label,
                )


def _sync(engine: SyncEngine) -> None:
    with contextlib.suppress(Offline, ServerFault):  # the next round tries again
        engine.run_once()


def _set_up(soak: Soak) -> None:
    _label, admin, admin_engine, _d = soak.desk("ADM", "DC-PSH", ["PSH"])
    for k, capacity in enumerate((1, 2)):
        slot = soak.kit.visit_slot_args(days_ahead=2 + k, capacity=capacity)
        admin.execute("open_visit_slot", slot, actor="admin")
        soak.slots.append(slot["slot_id"])
    for k in range(3):
        inmate = {
            "inmate_id": new_id(),
            "prison_code": "CP-PSH",
            "inmate_no": f"S-{k:04d}",
            "name_en": f"Inmate {k}",
        }
        cnic = _cnic(9_000_000 + k)
        admin.execute("register_inmate", inmate, actor="admin")
        admin.execute(
            "approve_visitor",
            {
                "visitor_id": new_id(),
                "inmate_id": inmate["inmate_id"],
                "cnic": cnic,
                "name_en": f"Relative {k}",
                "relationship": "mother",
            },
            actor="admin",
        )
        soak.inmates.append((inmate["inmate_id"], cnic))
    for k in range(3):
        args = soak.kit.application_args(900 + k, prefix="HOT", cnic=k)
        admin.execute("submit_licence_application", args, actor="admin")
        soak.hot_apps.append(args["application_id"])
    admin_engine.run_once()
    soak.desk("PSHA", "DC-PSH", ["PSH"])
    soak.desk("PSH1", "TO-PSH-01", ["PSH"])
    soak.desk("PSH2", "TO-PSH-02", ["PSH"])
    soak.desk("MRD", "DC-MRD", ["MRD"])
    for _label, _store, engine, _d in soak.desks:
        engine.run_once()


def _rounds(soak: Soak, pool: ThreadPoolExecutor) -> None:
    for _round in range(ROUNDS):
        for label, store, engine, districts in soak.desks:
            link: Link = engine.transport  # type: ignore[assignment]
            if soak.rng.random() < 0.2:
                link.offline = not link.offline  # an offline stretch begins or ends
            soak.work(label, store, districts)
        list(pool.map(lambda d: _sync(d[2]), soak.desks))  # every desk at once


def _kill_a_worker_mid_push(soak: Soak, pool: ThreadPoolExecutor) -> int:
    label, store, engine, districts = soak.desks[1]
    for _ in range(BACKLOG):
        soak.submit(label, store, districts[0])
    for _l, _s, other, _d in soak.desks:  # only the pushing desk keeps a connection
        other.transport.http.close()
        other.transport.offline = False
    device_id = store.identity().device_id

    def processed() -> int:
        with soak.db.connect() as conn:
            return int(
                conn.scalar(
                    text("SELECT count(*) FROM processed_commands WHERE device_id = :d"),
                    {"d": device_id},
                )
            )

    before = processed()
    earlier = set(soak.server.workers())
    pushing = pool.submit(_sync, engine)
    deadline = time.monotonic() + 60
    victim = None
    while time.monotonic() < deadline and not pushing.done():
        if processed() > before:  # a first group is in: the push is under way
            victim = soak.server.worker_holding_a_connection()
            if victim is not None:
                os.kill(victim, signal.SIGKILL)
                break
        time.sleep(0.01)
    pushing.result(timeout=120)
    assert victim is not None, "the push ended before a worker could be killed in its middle"
    assert store.pending_count() > 0, "the push was not cut by the kill"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # uvicorn starts a new worker in its place
        workers = set(soak.server.workers())
        if victim not in workers and workers - earlier:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the killed worker was not replaced: {soak.server.workers()}")
    soak.server.wait_healthy()
    return victim


def _check(soak: Soak, pool: ThreadPoolExecutor) -> None:
    kit, db = soak.kit, soak.db
    assert soak.failures == [], soak.failures[:5]
    for label, store, _engine, districts in soak.desks:
        entries = kit.outbox(store)
        assert {e.state for e in entries} <= {"applied", "rejected", "conflict"}, label
        assert [e.device_seq for e in entries] == list(range(1, len(entries) + 1)), label
        with db.connect() as conn:
            stored = {
                int(seq): answer
                for seq, answer in conn.execute(
                    text("SELECT device_seq, answer FROM processed_commands WHERE device_id = :d"),
                    {"d": store.identity().device_id},
                )
            }
        assert sorted(stored) == [e.device_seq for e in entries], f"{label}: processed != outbox"
        for e in entries:
            assert (stored[e.device_seq]["status"], stored[e.device_seq]["command_id"]) == (
                e.state,
                e.command_id,
            ), (label, e.device_seq)
        assert kit.differences(kit.local_versions(store), _scope(db, districts)) == {}, label
    for office, districts in (("DC-PSH", ["PSH"]), ("DC-MRD", ["MRD"])):
        _label, fresh, engine, _d = soak.desk(f"NEW-{districts[0]}", office, districts)
        engine.run_once()
        assert kit.differences(kit.local_versions(fresh), _scope(db, districts)) == {}, office
    with db.connect() as conn:
        for column in (LicenceApplication.application_no, VisitBooking.booking_no):
            doubles = conn.execute(
                select(column, func.count()).group_by(column).having(func.count() > 1)
            ).all()
            assert doubles == [], f"numbers used twice: {doubles}"
        for slot in conn.execute(select(VisitSlot.id, VisitSlot.capacity, VisitSlot.booked)):
            held = conn.scalar(
                select(func.count())
                .select_from(VisitBooking)
                .where(
                    VisitBooking.slot_id == slot.id,
                    VisitBooking.status.in_(("booked", "requested")),
                )
            )
            assert held == slot.booked <= slot.capacity, f"slot over capacity: {slot}"
        deadlocks = conn.scalar(
            text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        )
    assert deadlocks == 0, f"PostgreSQL counted {deadlocks} deadlocks"


def _scope(db: Any, districts: list[str]) -> dict[str, dict[str, int]]:
    """{table: {id: version}} the server serves `districts`: their rows, and persons
    (and rows about them) served there (as `LiveServer.scope_versions`)."""
    from domain.models import SYNCED_MODELS
    from server.models import ChangeIndex

    index = ChangeIndex.__table__
    with db.connect() as conn:
        return {
            m.__tablename__: {
                i: int(v)
                for i, v in conn.execute(
                    select(m.id, m.version).where(
                        m.district_code.in_(districts)
                        | m.id.in_(
                            select(index.c.row_id).where(
                                index.c.table_name == m.__tablename__,
                                index.c.district_code.in_(districts),
                                index.c.deleted.is_(False),
                            )
                        )
                    )
                )
            }
            for m in SYNCED_MODELS
        }


def test_desks_through_two_workers_with_hot_rows_and_a_killed_worker_keep_every_guarantee(
    pg_database, sync_kit, tmp_path
):
    from server.db import make_engine

    server = Server(pg_database, tmp_path / "server.log")
    db = make_engine(pg_database, pool_size=2)
    soak = Soak(server, db, sync_kit, random.Random(SEED))
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            _set_up(soak)
            _rounds(soak, pool)
            _kill_a_worker_mid_push(soak, pool)
            _rounds(soak, pool)
            for _label, _store, engine, _d in soak.desks:
                engine.transport.offline = False  # type: ignore[attr-defined]
            for _ in range(2):
                for _label, _store, engine, _d in soak.desks:
                    engine.run_once()
            _check(soak, pool)
    except BaseException as exc:
        exc.add_note(
            f"DAFTAR_SOAK_SEED={SEED}; server log {server.log}:\n" + server.log.read_text()[-3000:]
        )
        raise
    finally:
        for _label, store, engine, _d in soak.desks:
            engine.stop()
            engine.transport.http.close()
            store.close()
        server.stop()
        db.dispose()
