"""Check a built bundle (dist/daftar) before anyone installs it.

    .venv/bin/python installers/check_bundle.py [dist/daftar]

* our files are in: resources (fonts, reference data, fee schedules, compiled
  translations) and both Alembic script folders with their revisions;
* the Qt modules the desktop does not use are out (QML/Quick, WebEngine, PDF, ...);
* (Linux) every Qt, PySide or shiboken library that a bundled binary links to is in
  the bundle, so dropping plugins in the spec has not left a dangling dependency;
  other libraries missing on this machine are listed as what the target system must
  provide;
* (Linux) ICU's data library is the trimmed one (installers/trim_icu.py): the whole
  one, 30 MB, means the spec could not rebuild it, and the build log says why;
* the size, against the budget (DAFTAR_BUNDLE_BUDGET_MB, 150 by default). Over budget
  fails; DAFTAR_BUNDLE_BUDGET_STRICT=0 makes it a warning, for trying things out.

Exit 0 when everything holds, 1 otherwise, with one line per finding.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

FORBIDDEN = re.compile(
    r"(Qt6?(Qml|Quick|WebEngine|WebChannel|WebSockets|Pdf|Multimedia|3D|Charts|"
    r"DataVisualization|Graphs|Bluetooth|Sql|Test|Designer|Help|UiTools|Network|"
    r"Positioning|Location|Sensors|SerialPort|RemoteObjects|Scxml|TextToSpeech)"
    r"|opengl32sw\.dll|d3dcompiler_47\.dll|/translations/qt(base)?_)",
    re.I,
)
# The trimmed ICU data library is about 11 MB (ICU 73); the whole one is 30.6 MB.
ICU_DATA_TRIMMED_MAX = 20 * 2**20


def bundle_size(root: Path) -> int:
    """Bytes on disk as `du` counts them (blocks), links counted once."""
    seen: set[int] = set()
    total = 0
    for path in root.rglob("*"):
        st = path.lstat()
        if st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total


def needed(path: Path) -> list[str]:
    out = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)


def system_has(lib: str) -> bool:
    out = subprocess.run(
        ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=False
    ).stdout
    return f"{lib} " in out


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "dist/daftar").resolve()
    internal = root / "_internal"
    problems: list[str] = []
    notes: list[str] = []

    programs = [p for p in ("daftar", "Daftar.exe", "daftar-cli.exe") if (root / p).exists()]
    if not programs:
        problems.append(f"no program in {root}")
    res = internal / "resources"
    for rel in (
        "fonts/NotoNastaliqUrdu-Regular.ttf",
        "fonts/NotoNastaliqUrdu-Bold.ttf",
        "fonts/OFL.txt",
        "reference/districts.json",
        "reference/offices.json",
    ):
        if not (res / rel).is_file():
            problems.append(f"missing resources/{rel}")
    if not list((res / "fees").glob("*.json")):
        problems.append("no fee schedules in resources/fees")
    if not list((res / "translations").glob("*.qm")):
        problems.append("no compiled translations (.qm) in resources/translations")
    for folder in ("sync/store/migrations", "server/migrations"):
        base = internal / folder
        versions = list((base / "versions").glob("*.py"))
        if not (base / "env.py").is_file() or not [v for v in versions if v.name != "__init__.py"]:
            problems.append(f"Alembic scripts missing in {folder} (env.py and versions/*.py)")

    files = [p for p in root.rglob("*") if p.is_file()]
    forbidden = sorted(
        {
            str(p.relative_to(root))
            for p in files
            if FORBIDDEN.search("/" + p.relative_to(root).as_posix())
        }
    )
    for name in forbidden:
        problems.append(f"excluded Qt part is in the bundle: {name}")

    if sys.platform.startswith("linux") and shutil.which("objdump"):
        present = {p.name for p in files}
        missing_ours: set[str] = set()
        missing_system: set[str] = set()
        for path in files:
            if ".so" not in path.name and path.name != "daftar":
                continue
            for lib in needed(path):
                if lib in present:
                    continue
                if lib.startswith(("libQt6", "libpyside6", "libshiboken6")):
                    missing_ours.add(f"{lib} (needed by {path.relative_to(root)})")
                elif not system_has(lib):
                    missing_system.add(lib)
        problems += [f"Qt library left out of the bundle: {m}" for m in sorted(missing_ours)]
        if missing_system:
            notes.append(
                "not on this machine, to come from the target system: "
                + ", ".join(sorted(missing_system))
            )

    for path in files:
        if (
            path.name.startswith("libicudata.so")
            and not path.is_symlink()
            and path.stat().st_size > ICU_DATA_TRIMMED_MAX
        ):
            problems.append(
                f"ICU data library not trimmed ({path.stat().st_size / 2**20:.1f} "
                "MB): the build log says why ('ICU data library left whole')"
            )

    size = bundle_size(root)
    budget = float(os.environ.get("DAFTAR_BUNDLE_BUDGET_MB", "150"))
    mb = size / 2**20
    biggest = sorted(((p.stat().st_size, p) for p in files if not p.is_symlink()), reverse=True)[:8]
    print(f"bundle {root}: {mb:.1f} MB on disk (budget {budget:.0f} MB), {len(files)} files")
    for bytes_, path in biggest:
        print(f"  {bytes_ / 2**20:6.1f} MB  {path.relative_to(root)}")
    if mb >= budget:
        message = f"the bundle is {mb:.1f} MB, over the {budget:.0f} MB budget"
        if os.environ.get("DAFTAR_BUNDLE_BUDGET_STRICT", "1") == "0":
            notes.append(message + " (a warning only, as DAFTAR_BUNDLE_BUDGET_STRICT=0)")
        else:
            problems.append(message)
    for note in notes:
        print(f"– {note}")
    for problem in problems:
        print(f"✗ {problem}")
    if problems:
        return 1
    print(
        f"✓ bundle checked: programs {', '.join(programs)}; resources, both migration "
        "folders, no excluded Qt modules"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
