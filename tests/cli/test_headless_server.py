"""The central server installs and runs without the desktop's packages: with PySide6,
reportlab, rl_accel and uharfbuzz made unimportable, `daftar server` still migrates,
serves and answers `/health`, and the sandbox gateway's app builds. (The same packages
are the `desktop` extra in pyproject.toml; this proves the server needs none of them.)"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_ONLY = ("PySide6", "reportlab", "rl_accel", "_rl_accel", "uharfbuzz", "shiboken6")

PROBE = f"""
import importlib.abc, sys
class NoDesktop(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {DESKTOP_ONLY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (headless server)", name=name)
        return None
sys.meta_path.insert(0, NoDesktop())

from fastapi.testclient import TestClient
from daftar_cli.main import main
assert main(["server", "--migrate-only", "--db", sys.argv[1]]) == 0
from server.app import create_app
from server.settings import Settings
with TestClient(create_app(Settings(db_url=sys.argv[1], enrolment_key="k"))) as client:
    assert client.get("/health").json()["status"] == "ok"
from server.sandbox_gateway.app import create_app as gateway_app
from server.sandbox_gateway.config import GatewayConfig
gateway_app(sys.argv[2], GatewayConfig())
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {DESKTOP_ONLY!r} or m.startswith("desktop"))
assert not loaded, loaded
print("headless ok")
"""


def test_the_server_runs_without_the_desktop_packages(tmp_path: Path) -> None:
    env = dict(os.environ, DAFTAR_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            f"sqlite:///{tmp_path / 'server.db'}",
            str(tmp_path / "gateway.db"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "headless ok" in done.stdout


def test_the_desktop_packages_are_an_extra_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"]).lower()
    for name in ("pyside6", "reportlab", "rl-accel", "uharfbuzz"):
        assert name not in base, f"{name} is a dependency of the server install"
        assert any(d.lower().startswith(name) for d in project["optional-dependencies"]["desktop"])
    # the developer's and the installer's extras bring the desktop along
    for extra in ("dev", "installer"):
        assert "daftar[desktop]" in project["optional-dependencies"][extra]
    makefile = (ROOT / "Makefile").read_text()
    assert "'.[desktop,dev]'" in makefile
