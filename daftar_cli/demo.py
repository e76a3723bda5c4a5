"""`make run`: a working system on a fresh machine in one command.

Starts the central server (embedded SQLite, seeded with demo data) and the sandbox
payment gateway as child processes on free loopback ports, enrols a demo profile,
creates the demo's operator account on the demo server (`daftar admin add`), and
opens the desktop, whose login says which account to use. The server is a `--demo`
server: it takes the shared enrolment key below (a convenience for demos only; real
laptops enrol with one-time codes). Everything lives in one demo folder under the
data directory; the demo profile keeps its store key in a key file there (the
documented choice for machines without a keychain) so it runs the same on a headless
box.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import requests

from daftar_cli.console import EXIT_MACHINE, UserError, debug_enabled, setup_logging
from daftar_cli.options import add_verbose, counted, parser_for
from daftar_cli.stores import engine_for
from server.sandbox_gateway.cli import DEMO_URL_FILE
from sync.store.profiles import data_dir

ENROLMENT_KEY = "demo-enrolment-key"
INTIMATION_SECRET = "demo-intimation-secret"
DEMO_OFFICE = "DC-PSH"
DEMO_OPERATOR = ("demo", "demo1234")  # the server asks for 8 characters at least
#: The demo account: the licence desk's two roles, so every step of the licence
#: workspace can be shown by one person.
DEMO_ACCOUNT = [
    "--name",
    "Demo Operator",
    "--name-ur",
    "ڈیمو آپریٹر",
    "--office",
    DEMO_OFFICE,
    # every desk role, so a newcomer can try all three systems from the one login (the
    # mutation workspace still wants a second clerk to verify: that rule is the point)
    *(
        arg
        for role in (
            "licence_operator",
            "licence_officer",
            "mutation_clerk",
            "revenue_officer",
            "help_desk",
            "prison_staff",
            "supervisor",
        )
        for arg in ("--role", role)
    ),
]
#: Written to the seed marker; a demo folder seeded by an older shape of the demo data
#: (dates ending in 2024, vouchers the gateway did not know) is prepared again.
SEED_VERSION = "2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with code {process.returncode}")
        try:
            if requests.get(url + "/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")


class DemoServices:
    """The server and gateway child processes of a demo or an end-to-end test."""

    def __init__(
        self, folder: Path, applications: int = 20_000, districts: list[str] | None = None
    ):
        self.folder = folder
        self.applications = applications
        self.districts = districts or ["PSH"]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.server_url = ""
        self.gateway_url = ""

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        server_db = f"sqlite:///{self.folder / 'server.db'}"
        marker = self.folder / "server.seeded"
        if marker.exists() and marker.read_text().strip() != SEED_VERSION:
            print(
                "The demo data is from an older version of Daftar; preparing it again…",
                file=sys.stderr,
            )
            for old in self.folder.glob("*"):  # server, gateway and demo profile go together
                if old.name.startswith(
                    ("server.db", "gateway.db", "demo-profile.", "server.accounts")
                ):
                    old.unlink()
            marker.unlink()
        if not marker.exists() and self.applications:
            print(f"Preparing demo data ({self.applications:,} applications)…", file=sys.stderr)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "daftar_cli.main",
                    "seed",
                    "--server-db",
                    server_db,
                    "--applications",
                    str(self.applications),
                    *[a for d in self.districts for a in ("--district", d)],
                ],
                check=True,
            )
            marker.write_text(SEED_VERSION)
        if marker.exists():
            self.seed_gateway(server_db)
        accounts = self.folder / "server.accounts"
        if not accounts.exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "daftar_cli.main",
                    "admin",
                    "--db",
                    server_db,
                    "add",
                    DEMO_OPERATOR[0],
                    *DEMO_ACCOUNT,
                    "--password",
                    DEMO_OPERATOR[1],
                ],
                check=True,
            )
            accounts.write_text("ok")
        server_port, gateway_port = free_port(), free_port()
        self.server_url = f"http://127.0.0.1:{server_port}"
        self.gateway_url = f"http://127.0.0.1:{gateway_port}"
        env = dict(
            os.environ,
            DAFTAR_GATEWAY_URL=self.gateway_url,
            DAFTAR_INTIMATION_SECRET=INTIMATION_SECRET,
        )
        log = open(self.folder / "services.log", "ab")  # noqa: SIM115 - the children write it
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server.sandbox_gateway",
                    "--port",
                    str(gateway_port),
                    "--db",
                    str(self.folder / "gateway.db"),
                    "--intimation-url",
                    f"{self.server_url}/payments/intimation",
                    "--secret",
                    INTIMATION_SECRET,
                ],
                stdout=log,
                stderr=log,
                env=env,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server",
                    "--db",
                    server_db,
                    "--port",
                    str(server_port),
                    "--demo",
                    "--enrolment-key",
                    ENROLMENT_KEY,
                ],
                stdout=log,
                stderr=log,
                env=env,
            )
        )
        wait_healthy(self.gateway_url, self.processes[0])
        wait_healthy(self.server_url, self.processes[1])
        # `daftar gateway pay PSID` finds this demo's gateway here.
        (self.folder / DEMO_URL_FILE).write_text(self.gateway_url, encoding="utf-8")

    def seed_gateway(self, server_db: str) -> None:
        """The gateway learns the seeded vouchers that are still payable, so a PSID
        on a demo challan can be paid (`daftar gateway pay PSID`)."""
        from daftar_cli.seed import seed_gateway
        from server.db import make_engine

        engine = make_engine(server_db)
        try:
            seed_gateway(engine, self.folder / "gateway.db")
        finally:
            engine.dispose()

    def stop(self) -> None:
        (self.folder / DEMO_URL_FILE).unlink(missing_ok=True)
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def main(argv: Sequence[str]) -> int:
    p = parser_for(
        "demo",
        "A working system on this machine in one command (`make run`): "
        "seeds and starts a central server and the sandbox payment gateway on free "
        "loopback ports, enrols a demo profile and opens the desktop. Everything "
        "lives in <data dir>/demo/ ($DAFTAR_DATA_DIR overrides the data dir).",
    )
    p.add_argument(
        "--applications",
        type=counted(0, 5_000_000, "applications"),
        default=20_000,
        metavar="N",
        help="demo applications seeded into the server on the first run (0: none)",
    )
    p.add_argument(
        "--lang",
        choices=("en", "ur"),
        default=None,
        help="language of the desktop (default: the last one chosen, else English)",
    )
    p.add_argument(
        "--no-gui",
        action="store_true",
        help="start the services, sync once, print 'ready' and wait for stdin to close (for tests)",
    )
    add_verbose(p)
    args = p.parse_args(argv)
    setup_logging(verbose=args.verbose, debug=debug_enabled())
    from sync.enrol import enrol
    from sync.store import LocalStore

    folder = data_dir() / "demo"
    services = DemoServices(folder, applications=args.applications)
    if not args.no_gui:
        from daftar_cli.qt_check import explain_missing_qt_libraries

        problem = explain_missing_qt_libraries()
        if problem:
            raise UserError(problem.removeprefix("daftar: "), EXIT_MACHINE)
    services.start()
    try:
        store = LocalStore.open(
            "demo", path=folder / "demo-profile.db", key_file=folder / "demo-profile.key"
        )
        if store.fact("device_token") is None:
            enrol(
                store,
                services.server_url,
                ENROLMENT_KEY,
                office_code=DEMO_OFFICE,
                demo_key=True,
                device_name="demo laptop",
            )
        store.set_facts(server_url=services.server_url)
        from desktop.operators import DEMO_HINT_FACT

        store.set_facts(**{DEMO_HINT_FACT: "/".join(DEMO_OPERATOR)})
        engine = engine_for(store)
        assert engine is not None, "the demo profile was just enrolled"
        print(
            f"Demo server {services.server_url}, gateway {services.gateway_url}; "
            f"log in as {DEMO_OPERATOR[0]} / {DEMO_OPERATOR[1]}. Pay a challan as a bank "
            "would: daftar gateway pay PSID",
            file=sys.stderr,
        )
        if args.no_gui:
            engine.run_once()
            print("ready", flush=True)
            sys.stdin.read()
            return 0
        from desktop.app import run_gui

        return run_gui(store, engine, lang=args.lang)
    finally:
        services.stop()
