"""The batch path of `record_mutation` (a bulk import) keeps exactly what running the
same commands one by one keeps: the same rows, shadows and signed outbox entries, and
the same refusals with the same messages, including numbers repeated in the batch."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from domain.errors import DomainError
from domain.ids import new_id
from domain.models import Mutation, MutationParty, MutationScan, RecordEvent
from sync import signing
from sync.collector import collector_paused
from sync.store.local import BatchCancelled, LocalStore
from sync.store.signer import Signer

KEY = signing.new_key_pair()[0]
OPERATOR = new_id()
TABLES = (
    "mutations",
    "mutation_parties",
    "mutation_scans",
    "record_events",
    "shadow_rows",
    "outbox",
)


def _store(path: Path) -> LocalStore:
    store = LocalStore.open("t", path=path, key="0" * 64)
    store.set_facts(device_id="desk-1", device_no=7, office_code="DC-PSH")
    store.sign_in(Signer(OPERATOR, "clerk", KEY))
    return store


def _entry(n: int, **over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "command_id": f"00000000-0000-7000-8000-{n:012d}",
        "mutation_id": f"10000000-0000-7000-8000-{n:012d}",
        "tehsil_code": "PSH-01",
        "mutation_no": f"{4000 + n}",
        "mutation_date": "1998-03-14",
        "mauza": "Pajaggi",
        "mutation_type": "sale",
        "khewat_no": "44",
        "khasra_nos": ["101", "102"],
        "area": "2-5-3",
        "consideration_rupees": 60_000,
        "page_taxes": [{"label": "Mutation fee", "rupees": 600}],
        "attachments": [{"sha256": "ab" * 32, "media_type": "image/png"}],
        "at": "2026-11-20T09:30:00+00:00",
        "parties": [
            {"role": "transferor", "name_en": f"Seller {n}", "share": "1/3", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "cnic": "17301-1234567-1", "share": "1/3"},
        ],
    }
    args.update(over)
    return args


def _batch() -> list[dict[str, Any]]:
    unbalanced = [
        {"role": "transferor", "name_en": "A", "share": "5/12", "held": "1/2"},
        {"role": "transferee", "name_en": "B", "share": "1/3"},
    ]
    return [
        _entry(1),
        _entry(2, parties=unbalanced),
        _entry(3, tehsil_code="XXX-99"),
        _entry(4, mutation_no="4001"),  # the number of entry 1, in the same batch
        _entry(5, mutation_id=_entry(1)["mutation_id"], mutation_no="x5"),  # its id
        _entry(6, mauza="Paj\x00aggi"),
        _entry(7, mutation_no=["not", "text"]),
        _entry(8, consideration_rupees=2**70),
        _entry(9, area="0-0-0"),
        _entry(10, khasra_nos=[]),
        _entry(11, mutation_no="0900"),  # already in the store before the batch
        _entry(51, mutation_no=" 0901 "),  # in the store as "0901": the number read
        _entry(12, attachments=[{"sha256": "zz", "media_type": "image/png"}]),
        _entry(13, mutation_type="inheritance", consideration_rupees=0),
        # Urdu text, a no-break space, lines, and values no reader takes (a float, a
        # tuple) are kept and signed alike; a C1 control and a lone surrogate refused.
        _entry(
            14,
            remarks="پرانا اندراج\nline two",
            parties=[
                {
                    "role": "transferor",
                    "name_en": "Gul\u00a0Khan",
                    "name_ur": "گل خان",
                    "share": "1/3",
                    "held": "1/2",
                },
                {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
            ],
            note=1.5,
            pages=("12", 13),
        ),
        _entry(15, mauza="Paj\u0085aggi"),
        _entry(16, note="\ud800"),
        # Blank, too long (a huge text), not text, a tab in a one-line field.
        _entry(17, mauza="   "),
        _entry(18, khewat_no="4" * 100_000),
        _entry(19, mauza=44),
        _entry(
            50,
            parties=[
                {"role": "transferor", "name_en": "Gul\tKhan", "share": "1/3", "held": "1/2"},
                {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
            ],
        ),
        *[_entry(20 + i) for i in range(30)],
    ]


def _dump(store: LocalStore) -> dict[str, list[str]]:
    out = {}
    with store.engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"select * from {table}")).mappings().all()
            out[table] = sorted(
                repr(sorted((k, v) for k, v in r.items() if k != "client_time")) for r in rows
            )
    return out


def _outcome(o: Any) -> Any:
    if isinstance(o, DomainError):
        return (type(o).__name__, str(o), o.code)
    return (o.name, o.changed, o.summary)


def test_the_batch_path_keeps_what_one_by_one_keeps(tmp_path):
    one, many = _store(tmp_path / "one.db"), _store(tmp_path / "many.db")
    try:
        for store in (one, many):
            store.execute("record_mutation", _entry(0, mutation_no="0900"))
            store.execute("record_mutation", _entry(60, mutation_no="0901"))
        singly = []
        for args in _batch():
            try:
                singly.append(one.execute("record_mutation", args))
            except DomainError as exc:
                singly.append(exc)
        seen: list[int] = []
        batched = many.execute_many(
            "record_mutation", _batch(), on_each=lambda n, _r: seen.append(n)
        )
        assert seen == list(range(len(_batch())))
        assert [_outcome(o) for o in batched] == [_outcome(o) for o in singly]
        assert sum(not isinstance(o, DomainError) for o in batched) == 33
        assert [isinstance(o, DomainError) for o in batched[14:17]] == [False, True, True]
        assert _dump(many) == _dump(one)
    finally:
        one.close()
        many.close()


def test_a_dry_run_or_a_cancel_keeps_nothing(tmp_path):
    store = _store(tmp_path / "s.db")
    try:
        before = _dump(store)
        results = store.execute_many("record_mutation", _batch(), dry_run=True)
        assert sum(not isinstance(o, DomainError) for o in results) == 35
        assert _dump(store) == before
        asked = iter(range(10**6))
        with pytest.raises(BatchCancelled):  # stopped past the first slice of 500
            store.execute_many(
                "record_mutation",
                [_entry(100 + i) for i in range(1200)],
                stop=lambda: next(asked) > 700,
            )
        assert _dump(store) == before
    finally:
        store.close()


def test_the_collector_is_off_during_the_load_and_back_after(tmp_path):
    store = _store(tmp_path / "s.db")
    try:
        assert gc.isenabled()
        seen: list[bool] = []
        store.execute_many(
            "record_mutation", _batch(), on_each=lambda _n, _r: seen.append(gc.isenabled())
        )
        assert seen and not any(seen)
        assert gc.isenabled()
        with pytest.raises(BatchCancelled):
            store.execute_many("record_mutation", _batch(), stop=lambda: True)
        assert gc.isenabled()
    finally:
        store.close()


def test_overlapping_pauses_bring_the_collector_back_after_the_last():
    # A bootstrap (sync thread) and an import (database worker) may overlap, in any
    # order of ending.
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_an_entrys_models_name_each_attribute_as_its_column():
    # `EntryRows.values` hands the attributes given to the insert as column values.
    for model in (Mutation, MutationParty, MutationScan, RecordEvent):
        assert [p.key for p in inspect(model).column_attrs] == [
            p.columns[0].key for p in inspect(model).column_attrs
        ]
