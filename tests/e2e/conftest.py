"""End-to-end fixtures: the central server (`python -m server`) and the sandbox gateway
(`python -m server.sandbox_gateway`) as real processes on 127.0.0.1, wired as
`daftar demo` wires them (`daftar_cli.demo.DemoServices`): the server is told the
gateway's URL and the intimation secret through DAFTAR_GATEWAY_URL and
DAFTAR_INTIMATION_SECRET, the gateway posts signed intimations to
`{server}/payments/intimation`. Desks are real local stores with the real sync engine
and transport.

Until `server/app.py` includes the payment router, the server process is started
through a small launcher that builds the same app and includes it (see
`server_command`); once the app includes it, plain `python -m server` is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

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

# `python -m server` plus the payment router, for as long as server/app.py lacks it.
_LAUNCHER = """
import sys
import uvicorn
from server.app import create_app
from server.cli import build_parser
from server.db import make_engine, resolve_url
from server.migrate import prepare_database
from server.payments.routes import build_router, included_payments
from server.settings import Settings

args = build_parser().parse_args(sys.argv[1:])
url = resolve_url(args.db)
engine = make_engine(url)
prepare_database(engine)
settings = Settings(db_url=url, enrolment_key=args.enrolment_key, host=args.host, port=args.port)
app = create_app(settings, engine)
if included_payments(app) is None:
    app.include_router(build_router(settings, engine))
uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
"""


def app_includes_payments() -> bool:
    """True once server/app.py includes the payment router itself."""
    from server.app import create_app
    from server.db import make_engine
    from server.payments.routes import included_payments
    from server.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/probe.sqlite3")
        try:
            return included_payments(create_app(Settings(), engine)) is not None
        finally:
            engine.dispose()


def server_command() -> list[str]:
    if app_includes_payments():
        return [sys.executable, "-m", "server"]
    return [sys.executable, "-c", _LAUNCHER]


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

    def __init__(self, folder: Path, *, gateway_secret: str = SECRET, job_interval: float = 0.2,
                 poll_every: float = 0.5, backoff: float = 0.5):
        self.folder = folder
        self.gateway_secret = gateway_secret
        self.job_interval = job_interval
        self.poll_every = poll_every
        self.backoff = backoff
        self.processes: list[subprocess.Popen[bytes]] = []
        self.server_url = ""
        self.gateway_url = ""
        self.desktops: list[Desktop] = []

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        server_port, gateway_port = free_port(), free_port()
        self.server_url = f"http://127.0.0.1:{server_port}"
        self.gateway_url = f"http://127.0.0.1:{gateway_port}"
        env = dict(os.environ, DAFTAR_GATEWAY_URL=self.gateway_url,
                   DAFTAR_INTIMATION_SECRET=SECRET,
                   DAFTAR_PAYMENT_JOB_INTERVAL=str(self.job_interval),
                   DAFTAR_PAYMENT_POLL_EVERY=str(self.poll_every),
                   DAFTAR_SETTLEMENT_LAG="0", PYTHONPATH=str(REPO))
        self.log_path = self.folder / "services.log"
        log = open(self.log_path, "ab")
        self.processes.append(subprocess.Popen(
            [sys.executable, "-m", "server.sandbox_gateway", "--host", "127.0.0.1",
             "--port", str(gateway_port), "--db", str(self.folder / "gateway.sqlite3"),
             "--intimation-url", f"{self.server_url}/payments/intimation",
             "--secret", self.gateway_secret, "--backoff", str(self.backoff)],
            stdout=log, stderr=log, env=env, cwd=REPO))
        self.processes.append(subprocess.Popen(
            [*server_command(), "--host", "127.0.0.1", "--port", str(server_port),
             "--db", f"sqlite:///{self.folder / 'server.sqlite3'}",
             "--enrolment-key", ENROLMENT_KEY],
            stdout=log, stderr=log, env=env, cwd=REPO))
        try:
            wait_healthy(self.gateway_url, self.processes[0])
            wait_healthy(self.server_url, self.processes[1])
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        for desktop in self.desktops:
            desktop.store.close()
        self.desktops.clear()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.processes.clear()

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
        enrol(store, self.server_url, ENROLMENT_KEY, office, device_name=profile)
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
        return requests.get(f"{self.gateway_url}/sandbox/intimations", timeout=5).json()["deliveries"]  # type: ignore[no-any-return]

    def inquire(self, psid: str) -> dict[str, Any]:
        return requests.post(f"{self.gateway_url}/bank/bill-inquiry",  # type: ignore[no-any-return]
                             json={"consumer_number": psid, "bank_mnemonic": "HBL"}, timeout=5).json()

    def pay(self, psid: str, *extra: str) -> subprocess.CompletedProcess[str]:
        """`python -m server.sandbox_gateway pay PSID --url ...`: a bank paying the PSID."""
        return subprocess.run([sys.executable, "-m", "server.sandbox_gateway", "pay", psid,
                               "--url", self.gateway_url, *extra], cwd=REPO, text=True,
                              capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def make_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., PaymentServices]]:
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
