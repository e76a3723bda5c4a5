"""A person's mistakes, typed at the real `daftar` console script: each is answered
with one line saying what happened and what to do, and a non-zero exit status; a
traceback only with --debug; nothing is created by a typo.

One local server (`daftar server` on 127.0.0.1) serves the whole module; the cases
run as parallel processes, because each pays Python's start-up and little else.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from daftar_cli.demo import free_port, wait_healthy

DAFTAR = str(Path(sys.executable).with_name("daftar"))
KEY = "cli-test-enrolment-key"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def _env(data: Path) -> dict[str, str]:
    # The child processes never see a real keychain: keyring's "fail" backend.
    env = dict(
        os.environ,
        DAFTAR_DATA_DIR=str(data),
        PYTHONIOENCODING="utf-8",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    for name in (
        "DAFTAR_KEY_FILE",
        "DAFTAR_GATEWAY_URL",
        "DAFTAR_INTIMATION_SECRET",
        "DAFTAR_DATABASE_URL",
        "DAFTAR_ENROLMENT_KEY",
    ):
        env.pop(name, None)
    return env


def daftar(data: Path, *args: str) -> Run:
    done = subprocess.run(
        [DAFTAR, *args],
        env=_env(data),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass
class Site:
    """The module's server and a data folder holding one enrolled profile, 'office'."""

    root: Path
    data: Path
    url: str
    key_file: Path
    server_output: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("cli")
    data = root / "data"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    output = root / "server.out"
    with open(output, "wb") as log:
        server = subprocess.Popen(
            [
                DAFTAR,
                "server",
                "--port",
                str(port),
                "--db",
                f"sqlite:///{root / 'server.db'}",
                "--demo",
                "--enrolment-key",
                KEY,
            ],
            env=_env(data),
            stdout=log,
            stderr=log,
        )
    try:
        wait_healthy(url, server)
        key_file = root / "office.key"
        enrolled = daftar(
            data,
            "enrol",
            "--profile",
            "office",
            "--server",
            url,
            "--office",
            "DC-PSH",
            "--demo-key",
            KEY,
            "--key-file",
            str(key_file),
        )
        assert enrolled.returncode == 0, enrolled.stderr
        assert "Enrolled profile 'office' as device 1 of office DC-PSH" in enrolled.stdout
        yield Site(root, data, url, key_file, output)
    finally:
        server.terminate()
        server.wait(10)


# (case, arguments, words the one line must contain); `{url}`, `{key}`, `{root}`,
# `{down}` are filled in from the site.
CASES = [
    (
        "wrong enrolment key",
        [
            "enrol",
            "--profile",
            "new1",
            "--server",
            "{url}",
            "--office",
            "DC-PSH",
            "--demo-key",
            "not-the-key",
            "--key-file",
            "{root}/new1.key",
        ],
        ["refused", "enrolment code is missing or wrong"],
    ),
    (
        "wrong one-time enrolment code",
        [
            "enrol",
            "--profile",
            "new5",
            "--server",
            "{url}",
            "--code",
            "not-a-code",
            "--key-file",
            "{root}/new5.key",
        ],
        ["refused", "enrolment code is not known"],
    ),
    (
        "unknown office",
        [
            "enrol",
            "--profile",
            "new2",
            "--server",
            "{url}",
            "--office",
            "DC-NOWHERE",
            "--demo-key",
            KEY,
            "--key-file",
            "{root}/new2.key",
        ],
        ["refused", "No office with code 'DC-NOWHERE'"],
    ),
    (
        "server down at enrolment",
        [
            "enrol",
            "--profile",
            "new3",
            "--server",
            "http://127.0.0.1:{down}",
            "--office",
            "DC-PSH",
            "--demo-key",
            KEY,
            "--key-file",
            "{root}/new3.key",
        ],
        ["No Daftar server answers", "Nothing was created"],
    ),
    (
        "URL without a scheme",
        [
            "enrol",
            "--profile",
            "new4",
            "--server",
            "127.0.0.1:8700",
            "--office",
            "DC-PSH",
            "--demo-key",
            KEY,
        ],
        ["is not a server address", "http://127.0.0.1:8700"],
    ),
    (
        "profile name with a path",
        ["sync", "--once", "--profile", "../elsewhere"],
        ["cannot be a profile name", "no '/'"],
    ),
    (
        "profile name with a path, at enrolment",
        ["enrol", "--profile", "a/b", "--server", "{url}", "--office", "DC-PSH", "--demo-key", KEY],
        ["cannot be a profile name"],
    ),
    (
        "a profile that does not exist",
        ["sync", "--once", "--profile", "nonexistent"],
        ["No profile named 'nonexistent'", "profiles here: office", "daftar enrol --profile"],
    ),
    (
        "a key file that does not exist",
        ["sync", "--once", "--profile", "office", "--key-file", "{root}/missing.key"],
        ["missing.key does not exist"],
    ),
    (
        "a key file of another store",
        ["sync", "--once", "--profile", "office", "--key-file", "{root}/other.key"],
        ["does not open this profile's store"],
    ),
    (
        "a key file others can read",
        ["sync", "--once", "--profile", "office", "--key-file", "{root}/open.key"],
        ["can be read by other users", "chmod 600"],
    ),
    (
        "a file that is no key file",
        ["sync", "--once", "--profile", "office", "--key-file", "{root}/not-a-key.txt"],
        ["holds no store key"],
    ),
    (
        "a store with no key in the keychain",
        ["sync", "--once", "--profile", "office"],
        ["No usable keychain", "DAFTAR_KEY_FILE"],
    ),
    (
        "a --db that is no URL",
        ["server", "--migrate-only", "--db", "daftar.db"],
        ["'daftar.db' is not a database URL", "sqlite:///"],
    ),
    (
        "a --db of another kind of database",
        ["server", "--migrate-only", "--db", "mysql://root@127.0.0.1/daftar"],
        ["names a 'mysql' database"],
    ),
    (
        "a database server that is down",
        ["server", "--migrate-only", "--db", "postgresql+psycopg://daftar@127.0.0.1:{down}/daftar"],
        ["Cannot open the database", "Connection refused"],
    ),
    (
        "a --server-db that is no URL",
        ["seed", "--applications", "5", "--server-db", "server.sqlite3"],
        ["is not a database URL"],
    ),
    (
        "a port another program holds",
        ["server", "--port", "{port}", "--db", "sqlite:///{root}/second.db"],
        ["Cannot listen on 127.0.0.1:{port}", "--port"],
    ),
    (
        "a negative number of applications",
        ["seed", "--profile", "office", "--applications", "-5"],
        ["--applications", "at least 1", "got -5"],
    ),
    (
        "a number that is no number",
        ["demo", "--no-gui", "--applications", "many"],
        ["--applications", "'many' is not a whole number"],
    ),
    (
        "an unknown district",
        ["seed", "--profile", "fresh", "--applications", "5", "--district", "XYZ"],
        ["No district with code 'XYZ'"],
    ),
    ("an unknown command", ["snyc", "--once"], ["no command 'snyc'", "sync"]),
]


def _fill(text: str, site: Site, down: int) -> str:
    return text.format(
        url=site.url, key=KEY, root=site.root, down=down, port=site.url.rsplit(":", 1)[1]
    )


@pytest.fixture(scope="module")
def answers(site: Site) -> dict[str, tuple[Run, list[str]]]:
    (site.root / "other.key").write_text("ab" * 32)
    (site.root / "other.key").chmod(0o600)
    (site.root / "open.key").write_text("ab" * 32)
    (site.root / "open.key").chmod(0o644)
    (site.root / "not-a-key.txt").write_text("Daftar server on http://127.0.0.1\n")
    (site.root / "not-a-key.txt").chmod(0o600)
    down = free_port()  # bound and released: nothing listens there
    jobs = {
        name: ([_fill(a, site, down) for a in args], [_fill(w, site, down) for w in words])
        for name, args, words in CASES
    }
    with ThreadPoolExecutor(4) as pool:
        runs = dict(zip(jobs, pool.map(lambda a: daftar(site.data, *a[0]), jobs.values())))
    return {name: (runs[name], jobs[name][1]) for name in jobs}


@pytest.mark.parametrize("case", [c[0] for c in CASES])
def test_a_mistake_is_one_line_and_a_non_zero_exit(
    answers: dict[str, tuple[Run, list[str]]], case: str
) -> None:
    run, words = answers[case]
    assert run.returncode not in (0, 1), f"{case}: exit {run.returncode}\n{run.stderr}"
    assert "Traceback" not in run.stderr, run.stderr
    last = run.lines[-1] if run.lines else ""
    assert last.startswith("daftar"), run.stderr
    for word in words:
        assert word in last, f"{case}: {word!r} not in {last!r}"
    # usage lines from argparse may come first; the answer itself is one line
    assert all(line.startswith(("usage:", " ")) for line in run.lines[:-1]), run.stderr


def test_nothing_is_created_by_a_typo_or_a_failed_enrolment(
    site: Site, answers: dict[str, tuple[Run, list[str]]]
) -> None:
    # new1..new4 failed to enrol, 'nonexistent' was a typo, 'fresh' named an unknown
    # district: only the profile made on purpose is there
    stores = sorted(p.name for p in (site.data / "profiles").glob("*.db"))
    assert stores == ["office.db"], stores
    assert not list(site.root.glob("new*.key")), "a failed enrolment left its key file"
    assert not (site.root.parent / "elsewhere.db").exists()


def test_debug_shows_the_traceback(site: Site) -> None:
    run = daftar(site.data, "sync", "--once", "--profile", "nonexistent", "--debug")
    assert run.returncode == 2
    assert "Traceback (most recent call last)" in run.stderr
    assert "ProfileNotFound" in run.stderr
    assert run.lines[-1].startswith("daftar sync: No profile named 'nonexistent'")


def test_a_server_that_went_away_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.out", "wb") as log:
        server = subprocess.Popen(
            [
                DAFTAR,
                "server",
                "--port",
                str(port),
                "--db",
                f"sqlite:///{tmp_path / 'server.db'}",
                "--demo",
                "--enrolment-key",
                KEY,
            ],
            env=_env(data),
            stdout=log,
            stderr=log,
        )
    try:
        wait_healthy(url, server)
        key_file = str(tmp_path / "desk.key")
        enrolled = daftar(
            data,
            "enrol",
            "--profile",
            "desk",
            "--server",
            url,
            "--office",
            "DC-PSH",
            "--demo-key",
            KEY,
            "--key-file",
            key_file,
        )
        assert enrolled.returncode == 0, enrolled.stderr
        synced = daftar(data, "sync", "--once", "--profile", "desk", "--key-file", key_file)
        assert synced.returncode == 0 and "pushed 0" in synced.stdout, synced.stderr
        # the library log lines a person never asked for stay out of the console
        assert "Context impl" not in synced.stderr + synced.stdout
        assert "Will assume" not in synced.stderr + synced.stdout
    finally:
        server.terminate()
        server.wait(10)
    run = daftar(data, "sync", "--once", "--profile", "desk", "--key-file", key_file)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert run.lines == [
        "daftar sync: Cannot reach the server (connection refused): check the "
        "address and the network, and that the server is running."
    ]
    server_says = (tmp_path / "server.out").read_text()
    assert "Payments are off: set DAFTAR_GATEWAY_URL" in server_says
    assert "GET /health" not in server_says  # no access log unless --access-log
    assert "Context impl" not in server_says


def test_the_server_port_check_sees_a_port_in_use() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        from daftar_cli.console import UserError
        from server.cli import check_port_free

        with pytest.raises(UserError, match=f"Cannot listen on 127.0.0.1:{port}"):
            check_port_free("127.0.0.1", port)
