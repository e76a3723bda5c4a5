"""Mutation digitisation timings (issue 17): saving a register entry as a local
command with many mutations in the store, a bulk import, attachment upload, and the
bootstrap of a district full of scanned entries.

    python -m bench.bench_mutations [--mutations N] [--saves N] [--import-entries N]
                                    [--upload-mb N] [--bootstrap-scans N] [--scan-kb N]

The store is filled with `daftar seed --mutation-backlog` (2,133 mutations, with
their parties and history) and then with bulk INSERT ... SELECT copies, so a
million takes about three minutes; the import reads a CSV of N two-party entries
(2N rows) into a fresh store through `import_entries`, as the dialog does; the
upload goes to a real server process on 127.0.0.1 over the desk's own HTTP link,
chunk by chunk, as a desk sends it, and is cut after 60% and resumed. The bootstrap
(`--bootstrap-scans`, default 10,000, the issue's figure: about 20 s, most of it
writing the pages; 0 leaves it out) brings a fresh desk a district whose every
mutation has a scanned page (`--scan-kb` each, default 32) in the server's blob store,
and shows no page travels. Nothing is asserted; figures are printed.

Each figure comes with the CPU seconds the process spent on it: on a machine shared
with other work the wall time measures the queue for the processor as much as the
code, while the CPU time is what the same work costs on a quiet machine.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from daftar_cli.mutation_seed import seed_mutation_backlog
from domain.ids import new_id, utcnow
from sync import signing
from sync.store.local import LocalStore
from sync.store.signer import Signer
from sync.transport import Received, Transport

#: Scanned mutations of the bootstrap figure in the default run (`make bench`).
BOOTSTRAP_SCANS = 10_000


def _fill(store: LocalStore, n: int) -> int:
    with store.sessions() as s:
        seed_mutation_backlog(s)
    with store.engine.begin() as conn:
        have = conn.execute(text("select count(*) from mutations")).scalar() or 0
        cols = [r[1] for r in conn.exec_driver_sql("pragma table_info(mutations)")]
        while have < n:
            batch = min(have, n - have)
            picked = ", ".join(
                "lower(hex(randomblob(4)))||'-'||lower(hex(randomblob(2)))||'-7'||substr(lower(hex(randomblob(2))),2)||'-8'||substr(lower(hex(randomblob(2))),2)||'-'||lower(hex(randomblob(6)))"
                if c == "id"
                else (
                    "mutation_no || '-' || abs(random() % 1000000000)" if c == "mutation_no" else c
                )
                for c in cols
            )
            conn.exec_driver_sql(
                f"insert into mutations ({', '.join(cols)}) "
                f"select {picked} from mutations limit {batch}"
            )
            have += batch
    return have


def bench_saves(n: int, saves: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore.open("bench", path=Path(tmp) / "s.db", key="7" * 64)
        try:
            started = time.perf_counter()
            have = _fill(store, n)
            store.sign_in(Signer(new_id(), "bench", signing.new_key_pair()[0]))
            print(f"store: {have:,} mutations ({time.perf_counter() - started:.1f} s to fill)")
            times, cpu = [], []
            for i in range(saves):
                args = {
                    "mutation_id": new_id(),
                    "tehsil_code": "PSH-01",
                    "mutation_no": f"B{i}",
                    "mutation_date": "1998-03-14",
                    "mauza": "Mauza 1",
                    "mutation_type": "sale",
                    "khewat_no": "44",
                    "khasra_nos": ["101"],
                    "area": "2-5-3",
                    "consideration_rupees": 60000,
                    "page_taxes": [{"label": "Mutation fee", "rupees": 600}],
                    "at": utcnow().isoformat(),
                    "attachments": [{"sha256": "ab" * 32, "media_type": "image/png"}],
                    "parties": [
                        {"role": "transferor", "name_en": "Gul", "share": "1/3", "held": "1/2"},
                        {"role": "transferee", "name_en": "Imran", "share": "1/3"},
                    ],
                }
                t, c = time.perf_counter(), time.process_time()
                store.execute("record_mutation", args, actor="bench")
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            print(
                f"save entry (local command), {saves} saves: median "
                f"{statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms "
                f"(CPU: median {statistics.median(cpu):.1f} ms, p95 {_p95(cpu):.1f} ms)"
            )
        finally:
            store.close()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def bench_import(n: int) -> None:
    """A CSV of `n` entries (two party rows each) read, grouped, checked and kept."""
    import csv

    from desktop.mutations.importing import entries, guess_mapping, import_entries, read_sheet

    header = ["Mutation no", "Date", "Tehsil", "Mauza", "Type", "Khewat", "Khasra", "Area",
              "Consideration", "Role", "Name", "CNIC", "Share", "Held"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            for i in range(n):
                no = str(5000 + i)
                out.writerow([no, "14-03-1998", "PSH-01", "Pajaggi", "sale", "44", "101, 102",
                              "2-5-3", "60000", "transferor", f"Father {i}", "", "1/2", "1/2"])  # fmt: skip
                out.writerow([no, "14-03-1998", "Peshawar City", "Pajaggi", "sale", "44", "101",
                              "2-5-3", "60000", "transferee", f"Son {i}", "", "1/2", ""])  # fmt: skip
        store = LocalStore.open("bench", path=Path(tmp) / "s.db", key="7" * 64)
        try:
            store.sign_in(Signer(new_id(), "bench", signing.new_key_pair()[0]))
            t, c = time.perf_counter(), time.process_time()
            sheet = read_sheet(path)
            found = entries(sheet, guess_mapping(sheet.header))
            outcome = import_entries(store, found, check_only=False)
            took, cpu = time.perf_counter() - t, time.process_time() - c
            print(
                f"import {2 * n:,} rows ({outcome.imported:,} entries kept): {took:.2f} s, "
                f"{2 * n / took:,.0f} rows/s (CPU {cpu:.2f} s: {2 * n / cpu:,.0f} rows per CPU-s)"
            )
        finally:
            store.close()


def bench_upload(mb: int) -> None:
    """A scan of `mb` MB sent to a real server process (`python -m server`, uvicorn on
    127.0.0.1, started as the load generator starts it) over the desk's own link
    (`sync.transport.AttachmentLink`, requests), in 4 MB chunks: once whole, then a
    second scan cut after 60% and resumed, timing the resume."""
    import requests

    from bench.loadgen import KEY, start_server
    from daftar_cli.demo import free_port
    from server.db import make_engine
    from server.migrate import prepare_database
    from sync.attachments import DeskAttachments
    from sync.transport import AttachmentLink, Transport

    chunk = 4 * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/server.sqlite3"
        engine = make_engine(url)
        prepare_database(engine)
        engine.dispose()
        port = free_port()
        server = start_server(url, 1, port, Path(tmp) / "server.log", None)
        try:
            base = f"http://127.0.0.1:{port}"
            enrol = requests.post(
                base + "/devices/enrol",
                json={"enrolment_key": KEY, "office_code": "DC-PSH", "device_name": "bench"},
                timeout=30,
            )
            if enrol.status_code != 200:
                print(f"upload: could not enrol a bench desk ({enrol.status_code}); skipped")
                return
            link = AttachmentLink(Transport(base, enrol.json()["token"]))
            local = DeskAttachments(Path(tmp) / "desk", "7" * 64)
            whole = local.put(os.urandom(mb * 1024 * 1024))
            t, c = time.perf_counter(), time.process_time()
            local.upload(link, whole, {}, chunk=chunk)
            took, cpu = time.perf_counter() - t, time.process_time() - c
            print(
                f"upload {mb} MB to a server process on loopback in 4 MB chunks: {took:.2f} s, "
                f"{mb / took:.1f} MB/s (desk CPU {cpu:.2f} s)"
            )
            cut = local.put(os.urandom(mb * 1024 * 1024))
            size = mb * 1024 * 1024
            broken = _CutAfter(link, int(size * 0.6))
            with contextlib.suppress(ConnectionError):  # the link broke, as planned
                local.upload(broken, cut, {}, chunk=chunk)
            have = requests.get(
                f"{base}/attachments/{cut}/status",
                headers={"Authorization": f"Bearer {link.token}"},
                timeout=30,
            ).json()["received"]
            t = time.perf_counter()
            sent = local.upload(link, cut, {}, chunk=chunk)
            took = time.perf_counter() - t
            print(
                f"  cut after {have / size:.0%}: the resume sent {sent / 2**20:.1f} MB "
                f"({sent / size:.0%}) in {took:.2f} s, {sent / 2**20 / took:.1f} MB/s"
            )
            link.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


class _CutAfter:
    """The desk's link, broken once `limit` bytes of chunks went through."""

    def __init__(self, link: Any, limit: int):
        self.link, self.left = link, limit

    def get(self, url: str, **kw: Any) -> Any:
        return self.link.get(url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.link.post(url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        if self.left <= 0:
            raise ConnectionError("link down")
        self.left -= len(kw["content"])
        return self.link.put(url, **kw)


def bench_bootstrap_scans(n: int, scan_kb: int) -> None:
    """A fresh desk of a district whose `n` mutations each have a scanned page: the
    server (a real process on 127.0.0.1, its database seeded by `bench.scanned_district`)
    holds the pages in its blob store, and the desk's bootstrap through the real engine
    must bring every entry and scan row but none of the pages (DESIGN.md "Attachments":
    a page is fetched only when someone opens it). Bytes moved are counted three ways:
    every request this process sends (no `/attachments/` call may appear), every
    answer's body as received (none may hold a page's first bytes, raw, base64 or hex),
    and what the desk keeps after (no file in its attachment cache, no byte in a scan
    row's `content`)."""
    from bench.loadgen import KEY, start_server
    from bench.scanned_district import seed_scanned_district
    from daftar_cli.demo import free_port
    from domain.models import Mutation, MutationScan
    from sync.engine import SyncEngine
    from sync.enrol import enrol

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/server.sqlite3"
        t = time.perf_counter()
        district = seed_scanned_district(url, n, scan_kb * 1024)
        seeded = time.perf_counter() - t
        port = free_port()
        server = start_server(url, 1, port, Path(tmp) / "server.log", None)
        store = LocalStore.open("bench-boot", path=Path(tmp) / "desk.db", key="7" * 64)
        try:
            base = f"http://127.0.0.1:{port}"
            enrol(store, base, KEY, office_code="DC-PSH", demo_key=True, device_name="boot desk")
            transport = _CountingTransport(base, store.fact("device_token"))
            sync = SyncEngine(store, transport, lease_top_up=False)
            with _every_request() as sent:
                t, c = time.perf_counter(), time.process_time()
                boot = sync.run_once()
                took, cpu = time.perf_counter() - t, time.process_time() - c
            sync.stop()
            with store.sessions() as s:
                got = s.scalar(select(func.count()).select_from(Mutation)) or 0
                scans = s.scalar(select(func.count()).select_from(MutationScan)) or 0
                in_rows = s.scalar(select(func.sum(func.length(MutationScan.content)))) or 0
            assert store.attachments is not None
            cached = [p for p in store.attachments.folder.rglob("*") if p.is_file()]
            cache_bytes = sum(p.stat().st_size for p in cached)
            fetches = [r for r in sent if "/attachments" in r[1]]
            transport.http.close()
        finally:
            store.close()
            server.terminate()
            server.wait(timeout=30)
    mb = 2**20
    wire = transport.body_bytes
    print(
        f"bootstrap of a district with {district.mutations:,} scanned mutations "
        f"(server seeded in {seeded:.1f} s; {district.scans:,} pages of {scan_kb} KB in its "
        f"blob store, {district.blob_files:,} files, {district.page_bytes / mb:,.1f} MB)"
    )
    print(
        f"  received: {got:,} mutations, {scans:,} scan rows ({boot.pulled:,} rows in all) "
        f"in {took:.1f} s (desk CPU {cpu:.1f} s), {len(sent)} requests, "
        f"{transport.pages} pull pages"
    )
    print(
        f"  bytes on the wire (answer bodies as received, compressed): {wire / mb:.2f} MB = "
        f"{wire / district.page_bytes:.2%} of the pages' {district.page_bytes / mb:,.1f} MB"
    )
    print(
        f"  attachment requests: {len(fetches)}; answers holding a page's bytes: "
        f"{transport.pages_seen}; desk attachment cache: {len(cached)} files; "
        f"scan content in the desk's rows: {in_rows} bytes"
    )
    # Each way a page could have come counts: a download (a whole page each; its
    # answer is streamed, without a length), a page inside any other answer, a page
    # kept in the cache or in a row.
    page = scan_kb * 1024
    moved = (len(fetches) + transport.pages_seen) * page + cache_bytes + in_rows
    print(f"  scan bytes moved: {moved:,}")


class _CountingTransport(Transport):
    """The desk's transport, adding up the bodies of its answers as they came off the
    link, and looking in each (unpacked) for the first bytes of a page."""

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.body_bytes = self.pages = self.pages_seen = 0
        self._lock = threading.Lock()

    def _receive(self, method: str, path: str, **kw: Any) -> Received:
        from bench.scanned_district import PAGE_MARK
        from sync.transport import _unpack

        got = super()._receive(method, path, **kw)
        body = _unpack(got.raw, got.headers.get("Content-Encoding", ""))
        marks = (PAGE_MARK, base64.b64encode(PAGE_MARK), PAGE_MARK.hex().encode())
        with self._lock:
            self.body_bytes += len(got.raw)
            self.pages += path == "/sync/pull"
            self.pages_seen += sum(body.count(m) for m in marks)
        return got


@contextlib.contextmanager
def _every_request() -> Iterator[list[tuple[str, str]]]:
    """(method, path) of every HTTP request this process sends meanwhile, whichever
    session sends it (the engine's attachment link has a session of its own)."""
    from requests.adapters import HTTPAdapter

    sent: list[tuple[str, str]] = []
    real = HTTPAdapter.send

    def send(self: HTTPAdapter, request: Any, *args: Any, **kw: Any) -> Any:
        sent.append((request.method or "", request.path_url))
        return real(self, request, *args, **kw)

    HTTPAdapter.send = send  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        HTTPAdapter.send = real  # type: ignore[method-assign]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mutations", type=int, default=100_000)
    p.add_argument("--saves", type=int, default=200)
    p.add_argument("--import-entries", type=int, default=10_000)
    p.add_argument("--upload-mb", type=int, default=20)
    p.add_argument("--bootstrap-scans", type=int, default=BOOTSTRAP_SCANS)
    p.add_argument("--scan-kb", type=int, default=32)
    args = p.parse_args()
    if args.import_entries:
        bench_import(args.import_entries)
    if args.upload_mb:
        bench_upload(args.upload_mb)
    if args.bootstrap_scans:
        bench_bootstrap_scans(args.bootstrap_scans, args.scan_kb)
    if args.saves:
        bench_saves(args.mutations, args.saves)


if __name__ == "__main__":
    main()
