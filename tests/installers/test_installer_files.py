"""The installer files are well formed and keep their promises (no build needed)."""

from __future__ import annotations

import configparser
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
_spec = importlib.util.spec_from_file_location("check_bundle", INSTALLERS / "check_bundle.py")
assert _spec and _spec.loader
check_bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_bundle)


def test_desktop_entry_names_the_program_in_english_and_urdu():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(INSTALLERS / "linux" / "daftar.desktop", encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Type"] == "Application" and e["Name"] == "Daftar" and e["Name[ur]"] == "دفتر"
    assert e["Exec"] == "daftar" and e["Icon"] == "daftar" and e["Terminal"] == "false"
    assert "Office" in e["Categories"].split(";")


def test_icon_is_a_square_svg():
    root = ET.parse(INSTALLERS / "linux" / "daftar.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    assert (INSTALLERS / "windows" / "daftar.ico").read_bytes()[:4] == b"\0\0\1\0"


def test_spec_bundles_resources_and_both_migration_folders():
    spec = (INSTALLERS / "daftar.spec").read_text()
    for folder in ('"resources"', '"sync" / "store" / "migrations"', '"server" / "migrations"'):
        assert folder in spec
    assert 'installers" / "entry.py' in spec
    for module in (
        "QtWebEngineCore",
        "Qt3DCore",
        "QtMultimedia",
        "QtQuick",
        "QtQml",
        "QtPdf",
        "QtCharts",
        "QtDataVisualization",
        "QtBluetooth",
        "QtSql",
        "QtTest",
    ):
        assert f'"{module}"' in spec, module


def test_windows_setup_upgrades_in_place_and_keeps_user_data():
    iss = (INSTALLERS / "windows" / "daftar.iss").read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M), "a fixed AppId"
    assert "#ifndef AppVersion" in iss and "AppVersion={#AppVersion}" in iss
    assert "PrivilegesRequiredOverridesAllowed=dialog" in iss
    assert "{autodesktop}" in iss and "{autoprograms}" in iss
    deleting = [line for line in iss.splitlines() if line.startswith("Type:")]
    assert deleting and all("{app}" in line for line in deleting), "deletes only program files"
    assert "{localappdata}" not in iss.lower(), "setup never touches the user data folder"


def fake_bundle(root: Path) -> Path:
    internal = root / "_internal"
    files = [
        "daftar",
        "_internal/resources/fonts/NotoNastaliqUrdu-Regular.ttf",
        "_internal/resources/fonts/NotoNastaliqUrdu-Bold.ttf",
        "_internal/resources/fonts/OFL.txt",
        "_internal/resources/reference/districts.json",
        "_internal/resources/reference/offices.json",
        "_internal/resources/fees/a.json",
        "_internal/resources/translations/daftar_ur.qm",
    ]
    for folder in ("sync/store/migrations", "server/migrations"):
        files += [f"_internal/{folder}/env.py", f"_internal/{folder}/versions/0001_initial.py"]
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    return internal


def test_bundle_check_passes_a_complete_bundle(tmp_path, capsys):
    fake_bundle(tmp_path)
    assert check_bundle.main([str(tmp_path)]) == 0
    assert "✓ bundle checked" in capsys.readouterr().out


@pytest.mark.parametrize(
    "damage, finding",
    [
        ("_internal/server/migrations/env.py", "Alembic scripts missing in server/migrations"),
        ("_internal/resources/translations/daftar_ur.qm", "no compiled translations"),
    ],
)
def test_bundle_check_finds_what_is_missing(tmp_path, capsys, damage, finding):
    fake_bundle(tmp_path)
    (tmp_path / damage).unlink()
    assert check_bundle.main([str(tmp_path)]) == 1
    assert finding in capsys.readouterr().out


def test_bundle_check_finds_excluded_qt_modules(tmp_path, capsys):
    internal = fake_bundle(tmp_path)
    lib = internal / "PySide6" / "Qt" / "lib" / "libQt6Qml.so.6"
    lib.parent.mkdir(parents=True)
    lib.write_text("x")
    assert check_bundle.main([str(tmp_path)]) == 1
    assert (
        "excluded Qt part is in the bundle: _internal/PySide6/Qt/lib/libQt6Qml.so.6"
        in capsys.readouterr().out
    )


def test_bundle_check_fails_over_budget_unless_told_to_warn(tmp_path, capsys, monkeypatch):
    fake_bundle(tmp_path)
    monkeypatch.setenv("DAFTAR_BUNDLE_BUDGET_MB", "0.001")
    monkeypatch.delenv("DAFTAR_BUNDLE_BUDGET_STRICT", raising=False)
    assert check_bundle.main([str(tmp_path)]) == 1
    assert "✗ the bundle is" in capsys.readouterr().out
    monkeypatch.setenv("DAFTAR_BUNDLE_BUDGET_STRICT", "0")
    assert check_bundle.main([str(tmp_path)]) == 0
    assert "a warning only" in capsys.readouterr().out


def test_bundle_check_finds_the_whole_icu_data_library(tmp_path, capsys):
    internal = fake_bundle(tmp_path)
    lib = internal / "PySide6" / "Qt" / "lib" / "libicudata.so.73"
    lib.parent.mkdir(parents=True)
    with lib.open("wb") as handle:  # sparse: 30 MB long, next to nothing on disk
        handle.truncate(30 * 2**20)
    assert check_bundle.main([str(tmp_path)]) == 1
    assert "ICU data library not trimmed (30.0 MB)" in capsys.readouterr().out
