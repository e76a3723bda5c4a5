"""A server database holding one district's mutations, each with a scanned page, as the
server holds them once its desks pushed the entries and uploaded the pages: for the
bootstrap figure of `bench.bench_mutations` (issue 17).

The entries are built by the command's own rules (`plan_record_mutations`, the batch
form of `record_mutation` a bulk import uses), each naming its page by sha256 as a desk
attaching a scan does; their rows (mutation, parties, scan row with empty `content`,
history event) go in with one insert per table, and the change feed is numbered as
`daftar seed` numbers it (`reindex_all`). The pages go into the server's blob store
(`server.blobs.keep`, chunk by chunk as uploads end), in the folder a server started on
this database reads (`blob_folder`). What the server's push path adds beside these rows
(the processed-command record, the audit chain) never travels to a desk, so a
bootstrap sees the same thing either way, at a fraction of the seeding time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from domain import reference
from domain.commands import CommandContext
from domain.commands.mutations import plan_record_mutations
from domain.errors import DomainError
from domain.ids import new_id, utcnow
from server.blobs import FolderBlobStore, blob_folder, keep
from server.changes import reindex_all
from server.db import make_engine, session_factory
from server.migrate import prepare_database

#: The first bytes of every page: a page sent inside any answer would show them (raw,
#: in base64 or in hex). 24 bytes, so base64 of a page starts with base64 of these.
PAGE_MARK = b"\x89PNG\r\n\x1a\nbench scan page:"
#: Entries planned and inserted at a time.
_SLICE = 1000


@dataclass
class ScannedDistrict:
    district_code: str
    mutations: int
    scans: int
    page_bytes: int  # the pages' sizes added up, as the blob store holds them
    blob_files: int


def seed_scanned_district(
    url: str, n: int, page_size: int, *, district_code: str = "PSH", clerk: str = "clerk-bench"
) -> ScannedDistrict:
    """`n` recorded mutations spread over `district_code`'s tehsils, each with a page
    of `page_size` bytes of its own (random after `PAGE_MARK`: a scan does not
    compress), recorded by `clerk` at the tehsil offices."""
    assert len(PAGE_MARK) % 3 == 0 and page_size > len(PAGE_MARK) + 8
    engine = make_engine(url)
    prepare_database(engine)
    blobs = FolderBlobStore(blob_folder(None, engine.url))
    tehsils = [t.code for t in reference.tehsils(district_code)]
    device_id, at = new_id(), utcnow().isoformat()
    mutations = scans = page_bytes = 0
    try:
        with engine.begin() as conn:
            session = Session(bind=conn)
            for start in range(0, n, _SLICE):
                batch: list[tuple[CommandContext, dict[str, Any]]] = []
                for i in range(start, min(n, start + _SLICE)):
                    page = (
                        PAGE_MARK
                        + i.to_bytes(8, "big")
                        + os.urandom(page_size - len(PAGE_MARK) - 8)
                    )
                    sha = keep(blobs, page)
                    page_bytes += len(page)
                    tehsil = tehsils[i % len(tehsils)]
                    ctx = CommandContext(
                        session,
                        clerk,
                        f"TO-{tehsil}",
                        district_code,
                        device_id,
                        new_id(),
                        on_server=True,
                    )
                    batch.append((ctx, _entry(i, tehsil, sha, at)))
                writes: dict[Table, list[dict[str, Any]]] = {}
                for planned in plan_record_mutations(session, batch):
                    if isinstance(planned, DomainError):
                        raise RuntimeError(f"a seeded entry was refused: {planned}")
                    for table, values in planned.values():
                        writes.setdefault(table, []).append(values)
                    mutations += 1
                    scans += len(planned.scans)
                for table, rows in writes.items():  # parents first, as met
                    conn.execute(insert(table), rows)
            session.close()
            reindex_all(conn)
        with session_factory(engine).begin() as s:  # the clerk the entries name
            from server import accounts

            accounts.add(s, clerk, "bench-password-1", "Bench Clerk", ["mutation_clerk"], "DC-PSH")
    finally:
        engine.dispose()
    files = sum(1 for p in blobs.root.glob("*/*") if p.parent.name != "partial")
    return ScannedDistrict(district_code, mutations, scans, page_bytes, files)


def _entry(i: int, tehsil: str, sha: str, at: str) -> dict[str, Any]:
    return {
        "mutation_id": new_id(),
        "tehsil_code": tehsil,
        "mutation_no": str(20_000 + i),
        "mutation_date": "1998-03-14",
        "mauza": f"Mauza {i % 6 + 1}",
        "mutation_type": "inheritance",
        "khewat_no": str(i % 400 + 1),
        "khasra_nos": [str(i % 2000 + 1)],
        "area": "2-5-3",
        "at": at,
        "attachments": [{"sha256": sha, "media_type": "image/png"}],
        "parties": [
            {"role": "transferor", "name_en": f"Late Gul Khan {i}", "share": "1/2", "held": "1/2"},
            {"role": "transferee", "name_en": f"Heir {i}", "share": "1/2"},
        ],
    }
