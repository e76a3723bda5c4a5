"""End-to-end fixtures: the central server (`python -m server`) and the sandbox gateway
(`python -m server.sandbox_gateway`) as real processes on 127.0.0.1, wired as
`daftar demo` wires them (`daftar_cli.demo.DemoServices`): the server is told the
gateway's URL and the intimation secret through DAFTAR_GATEWAY_URL and
DAFTAR_INTIMATION_SECRET, the gateway posts signed intimations to
`{server}/payments/intimation`. Desks are real local stores with the real sync engine
and transport. The server can be stopped and started again on the same port and
database (`stop_server`, `start_server`): a desk then sees it go away and come back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from daftar_cli.demo import free_port, wait_healthy
from sync.engine import SyncEngine
from sync.enrol import enrol
from sync.store import LocalStore
from sync.transport import Transport

REPO = Path(__file__).resolve().parents[2]
ENROLMENT_KEY = "e2e-enrolment-key"
SECRET = "e2e-intimation-secret"


def _end(process: subprocess.Popen[bytes]) -> None:
    """Terminate `process` and wait for it; kill it if it does not stop in 10 s."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@dataclass
class Desktop:
    store: LocalStore
    engine: SyncEngine
    transport: Transport


class PaymentServices:
    """A server and a gateway on free loopback ports, with fast payment jobs.

    `gateway_secret` other than the server's makes every intimation fail its
    signature check: payments are then only found by the status poll.
    """

    def __init__(
        self,
        folder: Path,
        *,
        gateway_secret: str = SECRET,
        job_interval: float = 0.2,
        poll_every: float = 0.5,
        backoff: float = 0.5,
    ):
        self.folder = folder
        self.gateway_secret = gateway_secret
        self.job_interval = job_interval
        self.poll_every = poll_every
        self.backoff = backoff
        self.processes: list[subprocess.Popen[bytes]] = []
        self.server: subprocess.Popen[bytes] | None = None
        self.gateway: subprocess.Popen[bytes] | None = None
        self.server_port = 0
        self.env: dict[str, str] = {}
        self.server_url = ""
        self.gateway_url = ""
        self.desktops: list[Desktop] = []

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.server_port, gateway_port = free_port(), free_port()
        self.server_url = f"http://127.0.0.1:{self.server_port}"
        self.gateway_url = f"http://127.0.0.1:{gateway_port}"
        self.env = dict(
            os.environ,
            DAFTAR_GATEWAY_URL=self.gateway_url,
            DAFTAR_INTIMATION_SECRET=SECRET,
            DAFTAR_PAYMENT_JOB_INTERVAL=str(self.job_interval),
            DAFTAR_PAYMENT_POLL_EVERY=str(self.poll_every),
            DAFTAR_SETTLEMENT_LAG="0",
            PYTHONPATH=str(REPO),
        )
        self.log_path = self.folder / "services.log"
        self.gateway = self._spawn(
            "-m",
            "server.sandbox_gateway",
            "--host",
            "127.0.0.1",
            "--port",
            str(gateway_port),
            "--db",
            str(self.folder / "gateway.sqlite3"),
            "--intimation-url",
            f"{self.server_url}/payments/intimation",
            "--secret",
            self.gateway_secret,
            "--backoff",
            str(self.backoff),
        )
        try:
            wait_healthy(self.gateway_url, self.gateway)
            self.start_server()
        except Exception:
            self.stop()
            raise

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        """`python ARGS` with the services' environment, output appended to the log."""
        with open(self.log_path, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=REPO,
            )
        self.processes.append(process)
        return process

    def start_server(self) -> None:
        """`python -m server` on the services' port and database (again, after `stop_server`)."""
        assert self.server is None or self.server.poll() is not None, "the server is running"
        self.server = self._spawn(
            "-m",
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.server_port),
            "--db",
            f"sqlite:///{self.folder / 'server.sqlite3'}",
            "--demo",
            "--enrolment-key",
            ENROLMENT_KEY,
            "--unsigned-commands",
        )
        wait_healthy(self.server_url, self.server)

    def stop_server(self) -> None:
        """Stop the server process (SIGTERM, then SIGKILL); the gateway keeps running."""
        if self.server is None:
            return
        _end(self.server)
        self.processes.remove(self.server)
        self.server = None

    def stop(self) -> None:
        for desktop in self.desktops:
            desktop.store.close()
        self.desktops.clear()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            _end(process)
        self.processes.clear()
        self.server = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- desks ------------------------------------------------------------------------
    def desktop(self, profile: str, office: str = "DC-PSH") -> Desktop:
        folder = self.folder / profile
        folder.mkdir(exist_ok=True)
        store = LocalStore.open(profile, path=folder / "store.db", key_file=folder / "store.key")
        enrol(
            store,
            self.server_url,
            ENROLMENT_KEY,
            office_code=office,
            demo_key=True,
            device_name=profile,
        )
        transport = Transport(self.server_url, store.fact("device_token"))
        desktop = Desktop(store, SyncEngine(store, transport), transport)
        self.desktops.append(desktop)
        return desktop

    # -- the gateway, as a bank and as the sandbox's operator ---------------------------
    def knobs(self, **values: Any) -> dict[str, Any]:
        answer = requests.post(f"{self.gateway_url}/sandbox/knobs", json=values, timeout=5)
        answer.raise_for_status()
        return answer.json()  # type: ignore[no-any-return]

    def deliveries(self) -> list[dict[str, Any]]:
        return requests.get(f"{self.gateway_url}/sandbox/intimations", timeout=5).json()[
            "deliveries"
        ]  # type: ignore[no-any-return]

    def inquire(self, psid: str) -> dict[str, Any]:
        return requests.post(
            f"{self.gateway_url}/bank/bill-inquiry",  # type: ignore[no-any-return]
            json={"consumer_number": psid, "bank_mnemonic": "HBL"},
            timeout=5,
        ).json()

    def pay(self, psid: str, *extra: str) -> subprocess.CompletedProcess[str]:
        """`python -m server.sandbox_gateway pay PSID --url ...`: a bank paying the PSID."""
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "server.sandbox_gateway",
                "pay",
                psid,
                "--url",
                self.gateway_url,
                *extra,
            ],
            cwd=REPO,
            text=True,
            capture_output=True,
            timeout=60,
        )


@pytest.fixture(scope="module")
def make_services(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., PaymentServices]]:
    started: list[PaymentServices] = []

    def make(name: str, **kwargs: Any) -> PaymentServices:
        services = PaymentServices(tmp_path_factory.mktemp(name), **kwargs)
        services.start()
        started.append(services)
        return services

    yield make
    for services in started:
        services.stop()


@pytest.fixture
def intimation_secret() -> str:
    """The secret the server checks intimations against (the gateways here use it,
    except `lossy`'s)."""
    return SECRET
