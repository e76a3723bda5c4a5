"""`daftar selftest`: check an installed (or frozen) Daftar end to end, on this machine.

Each step prints one line starting with ✓; the first step that fails prints ✗ with
the step's name and the reason, and the command exits non-zero. It touches nothing of
the operator's own: everything is made in a temporary folder (store, key file, PDF,
server database) that is removed afterwards, and the keychain is never used.

    daftar selftest                                 bundle, store, commands, PDF, GUI
    daftar selftest --upgrade-check STORE KEY       ... and migrate an older store

`--upgrade-check` migrates STORE *in place* (a backup is taken first, as on every
start of the app) and checks that every record and every pending command of the old
store is still there afterwards, and that the backup exists and opens with KEY. Run
it on a copy when in doubt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

CHECK, CROSS, DASH = "✓", "✗", "–"


class StepFailed(RuntimeError):
    """A check inside a step did not hold; the message says what was expected."""


def _require(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _console_marks() -> None:
    """Old Windows consoles (cp437/cp1252) cannot print ✓: fall back to ASCII there."""
    global CHECK, CROSS, DASH
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗–".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        CHECK, CROSS, DASH = "[ok]", "[FAILED]", "[-]"
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # Urdu in a detail line must not crash it


def _say(line: str) -> None:
    print(line, flush=True)


class SelfTest:
    def __init__(self, work: Path, upgrade: tuple[Path, str] | None, gui: bool):
        self.work = work
        self.upgrade = upgrade
        self.gui = gui
        self.store: Any = None
        self.application_id = ""
        self.voucher_id = ""
        self.notes: list[str] = []

    # -- the steps, in order -------------------------------------------------------------
    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        steps = [
            ("bundle contents", self.bundle_contents),
            ("fresh encrypted store", self.fresh_store),
            ("licence application", self.licence_application),
            ("voucher", self.voucher),
            ("challan PDF", self.challan_pdf),
            ("server migrations", self.server_migrations),
        ]
        if self.gui:
            steps.append(("desktop window (Qt)", self.desktop_window))
        if self.upgrade is not None:
            steps.append(("upgrade of an older store", self.upgrade_check))
        return steps

    def bundle_contents(self) -> str:
        from domain.resources import resources_root
        from server import migrate as server_migrate
        from sync.store import migrate as store_migrate

        root = resources_root()
        _require(root.is_dir(), f"no resources folder at {root}")
        for name in ("fonts/NotoNastaliqUrdu-Regular.ttf", "fonts/NotoNastaliqUrdu-Bold.ttf",
                     "fonts/OFL.txt", "reference/districts.json", "reference/offices.json",
                     "reference/weapon_types.json", "reference/prisons.json"):
            _require((root / name).is_file(), f"{root / name} is missing")
        fees = sorted(p.name for p in (root / "fees").glob("*.json"))
        _require(fees, f"no fee schedules in {root / 'fees'}")
        qm = sorted(p.name for p in (root / "translations").glob("*.qm"))
        if not qm:
            self.notes.append(f"no compiled translations (.qm) in {root / 'translations'}: "
                              "the desktop will show English only")
        store_head = store_migrate.head_revision()
        server_head = server_migrate.head_revision()
        frozen = "frozen bundle" if getattr(sys, "frozen", False) else "source checkout"
        return (f"{frozen}; resources at {root}: fonts, reference data, {len(fees)} fee "
                f"schedules, {len(qm)} translations; migrations: store head {store_head}, "
                f"server head {server_head}")

    def fresh_store(self) -> str:
        from sync.store.local import LocalStore
        from sync.store.migrate import head_revision

        path = self.work / "profiles" / "selftest.db"
        key_file = self.work / "selftest.key"
        self.store = LocalStore.open("selftest", path=path, key_file=key_file)
        report = self.store.migration
        _require(report.from_revision is None and report.to_revision == head_revision(),
                 f"a new store should migrate from nothing to {head_revision()}, "
                 f"got {report.from_revision} -> {report.to_revision}")
        with self.store.engine.connect() as conn:
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        _require(journal == "wal", f"journal mode is {journal}, expected wal")
        _require(cipher, "SQLCipher reports no cipher version: the store is not encrypted")
        _require(not path.read_bytes()[:16].startswith(b"SQLite format 3"),
                 f"{path} is a plain SQLite file: it should be encrypted")
        if os.name != "nt":
            mode = path.stat().st_mode & 0o777
            _require(mode == 0o600, f"{path} has mode {mode:04o}; a store must be 0600")
        self._sign_in()
        return (f"SQLCipher {cipher}, WAL, migrated to {report.to_revision}, key in a file, "
                "file 0600, an operator's key unwrapped with argon2id")

    def _sign_in(self) -> None:
        """A self-test operator, as an online login would leave them on this desk (key
        made and wrapped, verifier kept), then logged in offline: the commands below
        are signed the way every desk signs them."""
        from desktop.operators import log_in, remember
        from sync import signing

        profile = {"id": "00000000-0000-7000-8000-5e1f7e570001", "username": "selftest",
                   "full_name": "Self Test", "roles": ["licence_operator"], "active": True}
        remember(self.store, profile, "selftest-password", signing.new_key_pair()[0])
        log_in(self.store, "selftest", "selftest-password")
        _require(self.store.signer is not None, "the self-test operator could not log in")

    def licence_application(self) -> str:
        from domain.ids import new_id
        from domain.models import LicenceApplication

        self.application_id = new_id()
        number = f"PSH-ST-{self.application_id[-8:].upper()}"
        result = self.store.execute("submit_licence_application", {
            "application_id": self.application_id, "application_no": number, "kind": "new",
            "weapon_type": "pistol", "bore": ".30", "validity": "district",
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
            "applicant": {"cnic": "17301-1234567-1", "name_en": "Gul Khan",
                          "name_ur": "گل خان", "father_name_en": "Sher Khan",
                          "date_of_birth": "1980-01-01", "mobile": "03001234567"},
        }, actor="selftest")
        with self.store.sessions() as s:
            app = s.get(LicenceApplication, self.application_id)
            _require(app is not None and app.status == "submitted",
                     "the application was not written as submitted")
            fee = app.fee_paisa
        return f"{result.summary}; fee Rs {fee / 100:,.0f}"

    def voucher(self) -> str:
        from domain.ids import new_id
        from domain.models import LicenceApplication, Voucher

        self.voucher_id = new_id()
        result = self.store.execute("issue_voucher", {
            "voucher_id": self.voucher_id, "application_id": self.application_id,
        }, actor="selftest")
        with self.store.sessions() as s:
            voucher = s.get(Voucher, self.voucher_id)
            _require(voucher is not None and voucher.status == "unpaid", "no unpaid voucher")
            app = s.get(LicenceApplication, self.application_id)
            _require(app.status == "voucher_issued", f"application is {app.status}")
        pending = self.store.pending_count()
        _require(pending == 2, f"the outbox should hold 2 pending commands, holds {pending}")
        return f"{result.summary}; 2 commands pending in the outbox"

    def challan_pdf(self) -> str:
        from desktop.printing.challan import ChallanData, render_challan
        from domain import reference
        from domain.models import LicenceApplication, Voucher

        with self.store.sessions() as s:
            v = s.get(Voucher, self.voucher_id)
            app = s.get(LicenceApplication, self.application_id)
            district = reference.district(app.district_code)
            digits = v.cnic
            data = ChallanData(
                psid=v.psid, provisional=v.provisional,
                department="Home & Tribal Affairs Department, Khyber Pakhtunkhwa",
                office_name="Office of the Deputy Commissioner",
                district_name_en=district.name_en, district_name_ur=district.name_ur,
                application_no=app.application_no, consumer_name=v.consumer_name,
                consumer_name_ur=app.applicant_name_ur,
                cnic=f"{digits[:5]}-{digits[5:12]}-{digits[12:]}", mobile=v.mobile,
                purpose_en=f"Arms licence, new ({app.weapon_type} {app.bore})",
                purpose_ur="اسلحہ لائسنس نیا",
                heads=[(str(h[0]), str(h[1]), int(h[2])) for h in v.heads],
                amount_within_due_paisa=v.amount_within_due_paisa,
                amount_after_due_paisa=v.amount_after_due_paisa,
                due_date=v.due_date, expiry_date=v.expiry_date, issued_at=v.issued_at)
        from reportlab.lib import rl_accel

        _require(not rl_accel._py_funcs, "reportlab runs without its C accelerator (_rl_accel): "
                 f"{', '.join(sorted(rl_accel._py_funcs))} fall back to pure Python")
        started = time.perf_counter()
        pdf = render_challan(data)
        ms = (time.perf_counter() - started) * 1000
        _require(pdf.startswith(b"%PDF"), f"the challan does not start with %PDF: {pdf[:8]!r}")
        _require(b"NotoNastaliqUrdu" in pdf, "the Urdu font is not embedded in the challan")
        (self.work / "challan.pdf").write_bytes(pdf)
        kind = "provisional" if data.provisional else f"PSID {data.psid}"
        # A voucher issued offline is provisional and carries no QR or barcode; draw a
        # payable specimen too, so the QR and Code128 code paths run in this bundle.
        specimen = render_challan(replace(data, psid="1003626100000001", provisional=False))
        _require(specimen.startswith(b"%PDF") and len(specimen) > len(pdf) // 2,
                 "the payable specimen challan did not render")
        (self.work / "challan-specimen.pdf").write_bytes(specimen)
        return (f"{len(pdf):,} bytes, {kind}, Urdu font embedded, reportlab C accelerator on, "
                f"{ms:.0f} ms; payable specimen with QR and Code128 {len(specimen):,} bytes")

    def server_migrations(self) -> str:
        from server.db import make_engine
        from server.migrate import current_revision, head_revision, prepare_database

        engine = make_engine(f"sqlite:///{(self.work / 'server.db').as_posix()}")
        try:
            prepare_database(engine)
            revision = current_revision(engine)
        finally:
            engine.dispose()
        _require(revision == head_revision(), f"server database at {revision}, "
                 f"expected {head_revision()}")
        return f"embedded SQLite server database migrated to {revision}"

    def desktop_window(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, qVersion
        from PySide6.QtWidgets import QApplication, QMainWindow

        _quiet_offscreen_warnings()
        app = QApplication.instance() or QApplication(["daftar-selftest"])
        fallback = False
        try:
            from desktop.main_window import MainWindow
        except ModuleNotFoundError as exc:
            if exc.name != "desktop.main_window":
                raise  # the module is there but something it needs is not: a real fault
            fallback = True

        def pump(seconds: float = 0.3) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
                time.sleep(0.01)

        if fallback:
            window = QMainWindow()
            window.setWindowTitle("Daftar self-test")
            window.show()
            pump()
            shown = window.isVisible()
            window.close()
            pump(0.05)
            _require(shown, "a plain QMainWindow did not show")
            self.notes.append("desktop.main_window is missing: the GUI step showed a plain "
                              "QMainWindow instead of Daftar's main window")
            return (f"plain QMainWindow (desktop.main_window missing) on "
                    f"'{app.platformName()}', Qt {qVersion()}, PySide6 {pyside_version}")

        window, close = self._main_window(app, MainWindow)
        try:
            window.show()
            if hasattr(window, "start"):
                window.start()
            pump(0.5)
            _require(window.isVisible(), "the main window did not show")
            title = window.windowTitle()
            urdu = self._try_urdu(app, window, pump)
        finally:
            window.close()
            pump(0.1)
            close()
        return (f"MainWindow “{title}” shown and closed on '{app.platformName()}', "
                f"Qt {qVersion()}, PySide6 {pyside_version}; {urdu}"
                + ("" if app.layoutDirection() == Qt.LeftToRight else " (left in RTL!)"))

    def _main_window(self, app: Any, main_window: type) -> tuple[Any, Callable[[], None]]:
        """Build desktop.main_window.MainWindow with what its constructor asks for."""
        import inspect

        from desktop.i18n import Language
        from desktop.operators import Operator
        from desktop.sync_bridge import SyncBridge
        from desktop.worker import DbWorker

        worker = DbWorker()
        worker.start()
        bridge = SyncBridge(self.store, worker, None)
        language = Language(app)
        language.apply("en")
        self._language = language
        available = {"store": self.store, "worker": worker, "bridge": bridge,
                     "operator": Operator("selftest", "Self Test", "operator"),
                     "language": language, "engine": None}
        kwargs = {}
        for name, param in inspect.signature(main_window).parameters.items():
            if name in available:
                kwargs[name] = available[name]
            elif param.default is inspect.Parameter.empty and param.kind not in (
                    param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise StepFailed(f"MainWindow asks for {name!r}, which the self-test does not "
                                 "know how to make: update daftar_cli/selftest.py")
        window = main_window(**kwargs)

        def close() -> None:
            bridge.stop()
            worker.wait_idle(10)
            worker.stop()

        return window, close

    def _try_urdu(self, app: Any, window: Any, pump: Callable[[float], None]) -> str:
        from PySide6.QtCore import Qt

        from desktop.i18n import translation_file

        if not translation_file("ur").is_file():
            return "no Urdu catalogue to switch to"
        language = self._language
        _require(language.apply("ur"), f"{translation_file('ur')} did not load")
        if hasattr(window, "retranslate"):
            window.retranslate()
        pump(0.2)
        rtl = app.layoutDirection() == Qt.RightToLeft
        urdu_title = window.windowTitle()
        language.apply("en")
        if hasattr(window, "retranslate"):
            window.retranslate()
        _require(rtl, "switching to Urdu did not lay the window out right to left")
        return f"Urdu catalogue loaded, right-to-left (“{urdu_title}”)"

    def upgrade_check(self) -> str:
        assert self.upgrade is not None
        path, key = self.upgrade
        _require(path.is_file(), f"no store at {path}")
        before = _snapshot(path, key)
        from sync.store.local import LocalStore
        from sync.store.migrate import head_revision

        store = LocalStore.open("upgrade-check", path=path, key=key, create=False)
        try:
            report = store.migration
        finally:
            store.close()
        after = _snapshot(path, key)
        head = head_revision()
        _require(report.from_revision == before.revision,
                 f"the store was at {before.revision} but migrated from {report.from_revision}")
        _require(after.revision == head, f"the store is at {after.revision}, expected {head}")
        lost = {t: len(ids - after.records.get(t, set()))
                for t, ids in before.records.items() if ids - after.records.get(t, set())}
        _require(not lost, f"records lost in the upgrade: {lost}")
        missing = [c for c in before.pending if c not in after.pending]
        _require(not missing, f"{len(missing)} pending commands changed or disappeared in the "
                 f"upgrade (first: {missing[0] if missing else ''})")
        backup_text = "already current, no backup needed"
        if before.revision != head:
            backup = report.backup
            _require(backup is not None and backup.is_file(), "no backup was taken before migrating")
            copy = _snapshot(backup, key)
            _require(copy.revision == before.revision and copy.records == before.records,
                     f"the backup {backup} does not hold the store as it was")
            backup_text = f"backup {backup.name}"
        records = sum(len(ids) for ids in before.records.values())
        return (f"{path.name}: {before.revision} -> {after.revision}; {records} records in "
                f"{len(before.records)} tables and {len(before.pending)} pending commands kept; "
                f"{backup_text}")


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window that it cannot propagate size
    hints; that is noise here, every other Qt message still goes to stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: Any, _context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


class _Snapshot:
    def __init__(self, revision: str | None, records: dict[str, set[tuple[Any, ...]]],
                 pending: list[tuple[Any, ...]]):
        self.revision, self.records, self.pending = revision, records, pending


def _snapshot(path: Path, key: str) -> _Snapshot:
    """Primary keys of every record table and the pending outbox of a store, read
    without migrating it. Reference tables are left out: they are refilled from
    `resources/reference/` on every start, so their rows may change legitimately."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy import text

    from domain.reference_tables import reference_rows
    from sync.store.engine import open_engine

    skip = {table.name for table, _ in reference_rows()} | {"alembic_version"}
    engine = open_engine(path, key)
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            inspector = sa_inspect(conn)
            records: dict[str, set[tuple[Any, ...]]] = {}
            for table in inspector.get_table_names():
                if table in skip:
                    continue
                pk = inspector.get_pk_constraint(table).get("constrained_columns") or ["rowid"]
                cols = ", ".join(f'"{c}"' if c != "rowid" else c for c in pk)
                records[table] = {tuple(r) for r in conn.execute(text(f'SELECT {cols} FROM "{table}"'))}
            pending: list[tuple[Any, ...]] = []
            if "outbox" in records:
                pending = [tuple(r) for r in conn.execute(text(
                    "SELECT device_seq, command_id, name, args, actor, state FROM outbox "
                    "WHERE state = 'pending' ORDER BY device_seq"))]
    finally:
        engine.dispose()
    return _Snapshot(revision, records, pending)


@contextmanager
def _isolated(work: Path):  # type: ignore[no-untyped-def]
    """Keep the self-test away from the operator's data directory and key file."""
    saved = {k: os.environ.get(k) for k in ("DAFTAR_DATA_DIR", "DAFTAR_KEY_FILE")}
    os.environ["DAFTAR_DATA_DIR"] = str(work / "data")
    os.environ.pop("DAFTAR_KEY_FILE", None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="daftar selftest",
                                description="Check this Daftar installation end to end.")
    p.add_argument("--upgrade-check", nargs=2, metavar=("STORE", "KEY"), default=None,
                   help="also migrate the older store STORE (in place, after a backup) opened "
                        "with the 64-hex-digit KEY, and check nothing was lost")
    p.add_argument("--no-gui", action="store_true", help="skip the Qt window step")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary folder (store, challan.pdf) and print where it is")
    return p


def _argv_after_subcommand() -> list[str]:
    """When called as `daftar selftest ...` with no argv, the arguments after 'selftest'."""
    args = sys.argv[1:]
    return args[args.index("selftest") + 1:] if "selftest" in args else []


def run_selftest(argv: Sequence[str] | None = None) -> int:
    """Run every step; 0 when all pass, 1 naming the first that failed."""
    _console_marks()
    args = build_parser().parse_args(_argv_after_subcommand() if argv is None else list(argv))
    upgrade = None
    if args.upgrade_check:
        store, key = args.upgrade_check
        key = key.strip().lower()
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            _say(f"{CROSS} upgrade of an older store: the key must be 64 hex digits")
            return 2
        upgrade = (Path(store).resolve(), key)
    work = Path(tempfile.mkdtemp(prefix="daftar-selftest-"))
    test = SelfTest(work, upgrade, gui=not args.no_gui)
    started = time.perf_counter()
    failed = None
    try:
        with _isolated(work):
            for name, step in test.steps():
                t0 = time.perf_counter()
                try:
                    detail = step()
                except Exception as exc:  # noqa: BLE001 - every failure is reported as the step's
                    failed = name
                    reason = str(exc) or type(exc).__name__
                    _say(f"{CROSS} {name}: {type(exc).__name__}: {reason}")
                    if not isinstance(exc, StepFailed):
                        traceback.print_exc(file=sys.stderr)
                    break
                _say(f"{CHECK} {name} ({(time.perf_counter() - t0) * 1000:.0f} ms): {detail}")
    finally:
        if test.store is not None:
            test.store.close()
        if args.keep:
            _say(f"{DASH} kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for note in test.notes:
        _say(f"{DASH} note: {note}")
    total = time.perf_counter() - started
    if failed:
        _say(f"{CROSS} selftest FAILED at step “{failed}” after {total:.1f} s")
        return 1
    _say(f"{CHECK} selftest passed: {len(test.steps())} steps in {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(run_selftest(sys.argv[1:]))
