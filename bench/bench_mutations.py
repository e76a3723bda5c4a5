"""Mutation digitisation timings (issue 17): saving a register entry as a local
command with many mutations in the store, and attachment upload throughput.

    python -m bench.bench_mutations [--mutations N] [--saves N] [--upload-mb N]

The store is filled with `daftar seed --mutation-backlog` rounds (2,133 mutations
each, with their parties and history) and then with bulk copies, so N can be large;
the upload goes to the real app over its ASGI transport (FastAPI TestClient), chunk
by chunk, as a desk sends it. Nothing is asserted; figures are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from daftar_cli.mutation_seed import seed_mutation_backlog
from domain.ids import new_id, utcnow
from sync import signing
from sync.store.local import LocalStore
from sync.store.signer import Signer


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
            times = []
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
                t = time.perf_counter()
                store.execute("record_mutation", args, actor="bench")
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            print(
                f"save entry (local command), {saves} saves: median "
                f"{statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms"
            )
        finally:
            store.close()


def bench_upload(mb: int) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.db import make_engine
    from server.migrate import prepare_database
    from server.settings import Settings
    from sync.attachments import DeskAttachments

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/server.db")
        prepare_database(engine)
        app = create_app(
            Settings(enrolment_key="bench-key", blob_dir=f"{tmp}/blobs"), engine=engine
        )
        with TestClient(app) as client:
            enrol = client.post(
                "/devices/enrol",
                json={
                    "enrolment_key": "bench-key",
                    "office_code": "DC-PSH",
                    "device_name": "bench",
                },
            )
            if enrol.status_code != 200:
                print(f"upload: could not enrol a bench desk ({enrol.status_code}); skipped")
                return
            headers = {"Authorization": f"Bearer {enrol.json()['token']}"}
            local = DeskAttachments(Path(tmp) / "desk", "7" * 64)
            sha = local.put(os.urandom(mb * 1024 * 1024))
            t = time.perf_counter()
            local.upload(client, sha, headers, chunk=4 * 1024 * 1024)
            took = time.perf_counter() - t
            print(f"upload {mb} MB in 4 MB chunks: {took:.2f} s, {mb / took:.1f} MB/s")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mutations", type=int, default=100_000)
    p.add_argument("--saves", type=int, default=200)
    p.add_argument("--upload-mb", type=int, default=20)
    args = p.parse_args()
    bench_saves(args.mutations, args.saves)
    bench_upload(args.upload_mb)


if __name__ == "__main__":
    main()
