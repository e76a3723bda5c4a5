"""Typing in a register entry: shares that do not add up are named exactly, and an
old page dated before any fee schedule is entered with the amounts written on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.errors import Duplicate, ValidationError
from domain.ids import new_id
from domain.models import Mutation
from sync.store.local import LocalStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    s = LocalStore.open("t", path=tmp_path / "s.db", key="0" * 64)
    yield s
    s.close()


def entry(**over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "mutation_id": new_id(),
        "tehsil_code": "PSH-01",
        "mutation_no": "1201",
        "mutation_date": "2026-11-01",
        "mauza": "Pajaggi",
        "mutation_type": "sale",
        "khewat_no": "44",
        "khasra_nos": ["101"],
        "area": "2-5-3",
        "consideration_rupees": 1_500_000,
        "at": "2026-11-20T09:30:00+00:00",
        "parties": [
            {"role": "transferor", "name_en": "Seller", "share": "5/12", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
        ],
    }
    args.update(over)
    return args


def test_unbalanced_shares_say_exactly_what_is_unaccounted(store):
    with pytest.raises(ValidationError) as caught:
        store.execute("record_mutation", entry(), actor="clerk")
    assert str(caught.value) == "transferors give 5/12, transferees get 1/3: 1/12 unaccounted"
    assert caught.value.field == "parties"


def test_a_1998_entry_is_typed_with_the_amounts_on_the_page(store):
    args = entry(
        mutation_date="1998-03-14",
        consideration_rupees=60_000,
        parties=[
            {"role": "transferor", "name_en": "Seller", "share": "1/3", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
        ],
        page_taxes=[
            {"label": "Mutation fee", "rupees": 600},
            {"label": "Stamp duty", "rupees": 1800},
        ],
    )
    store.execute("record_mutation", args, actor="clerk")
    with store.sessions() as s:
        m = s.get(Mutation, args["mutation_id"])
        assert m is not None
        assert m.taxes == [["page1", "Mutation fee", 60_000], ["page2", "Stamp duty", 180_000]]


def test_a_dated_schedule_still_sets_todays_taxes(store):
    args = entry(
        parties=[
            {"role": "transferor", "name_en": "Seller", "share": "1/3", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
        ],
        page_taxes=[{"label": "Whatever", "rupees": 1}],
    )
    store.execute("record_mutation", args, actor="clerk")
    with store.sessions() as s:
        m = s.get(Mutation, args["mutation_id"])
        assert m is not None and len(m.taxes) >= 3 and "Whatever" not in str(m.taxes)


def test_scans_are_attached_by_hash_and_the_row_carries_no_bytes(store):
    from sqlalchemy import select

    from domain.models import MutationScan

    page = "9f" * 32
    args = entry(
        parties=[
            {"role": "transferor", "name_en": "Seller", "share": "1/3", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
        ],
        attachments=[
            {"sha256": page, "media_type": "image/jpeg"},
            {"sha256": "a0" * 32, "media_type": "application/pdf"},
        ],
    )
    store.execute("record_mutation", args, actor="clerk")
    with store.sessions() as s:
        scans = s.scalars(
            select(MutationScan).where(MutationScan.mutation_id == args["mutation_id"])
        ).all()
        assert sorted(x.sha256 for x in scans) == sorted(["a0" * 32, page])
        assert all(x.content == b"" for x in scans)
    bad = entry(
        mutation_no="1202",
        attachments=[{"sha256": "xyz", "media_type": "image/png"}],
        parties=args["parties"],
    )
    with pytest.raises(ValidationError, match="64 hex digits"):
        store.execute("record_mutation", bad, actor="clerk")


def _attested(store: LocalStore) -> dict[str, Any]:
    first = entry(
        mutation_no="1300",
        parties=[
            {"role": "transferor", "name_en": "Seller", "share": "1/3", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/3"},
        ],
    )
    store.execute("record_mutation", first, actor="clerk")
    store.execute("verify_mutation", {"mutation_id": first["mutation_id"]}, actor="clerk2")
    store.execute("attest_mutation", {"mutation_id": first["mutation_id"]}, actor="officer")
    return first


def test_an_attested_mutation_is_corrected_by_a_linked_correcting_mutation(store):
    from sqlalchemy import select

    from domain.models import RecordEvent

    first = _attested(store)
    with pytest.raises(ValidationError) as refused:
        store.execute(
            "edit_record",
            {"table": "mutations", "row_id": first["mutation_id"], "changes": {"mauza": "X"}},
            actor="clerk",
        )
    assert refused.value.code == "final"
    fix = {
        **first,
        "mutation_id": new_id(),
        "mutation_no": "1300-C",
        "area": "2-5-4",
        "corrects_id": first["mutation_id"],
        "reason": "The area was misread from the page.",
    }
    store.execute("correct_mutation", fix, actor="clerk")
    with pytest.raises(Duplicate, match="still awaiting"):  # one open correction at a time
        store.execute(
            "correct_mutation",
            {**fix, "mutation_id": new_id(), "mutation_no": "1300-D"},
            actor="clerk",
        )
    with pytest.raises(ValidationError, match="second clerk"):
        store.execute("verify_mutation", {"mutation_id": fix["mutation_id"]}, actor="clerk")
    store.execute("verify_mutation", {"mutation_id": fix["mutation_id"]}, actor="clerk2")
    store.execute("attest_mutation", {"mutation_id": fix["mutation_id"]}, actor="officer")
    with store.sessions() as s:
        original, correction = (
            s.get(Mutation, first["mutation_id"]),
            s.get(Mutation, fix["mutation_id"]),
        )
        assert original.status == "attested"
        assert correction.area_sarsai == original.area_sarsai + 1  # the first stays as it was
        assert correction.corrects_id == original.id and correction.status == "attested"
        history = [
            e.summary
            for e in s.scalars(
                select(RecordEvent)
                .where(RecordEvent.record_id == original.id)
                .order_by(RecordEvent.at)
            )
        ]
    assert any(
        h.startswith("Correction 1300-C entered by clerk: The area was misread") for h in history
    )
    assert any(h == "Corrected by mutation 1300-C, attested by officer" for h in history)


def test_only_an_attested_mutation_takes_a_correction_and_a_reason_is_required(store):
    first = _attested(store)
    base = {
        **first,
        "mutation_id": new_id(),
        "mutation_no": "1301",
        "corrects_id": first["mutation_id"],
    }
    with pytest.raises(ValidationError, match="Reason is required"):
        store.execute("correct_mutation", {**base, "reason": "  "}, actor="clerk")
    with pytest.raises(ValidationError, match="Say why"):
        store.execute("correct_mutation", {**base, "reason": "typo"}, actor="clerk")
    with pytest.raises(ValidationError, match="tehsil of the mutation it corrects"):
        store.execute(
            "correct_mutation",
            {**base, "tehsil_code": "PSH-02", "reason": "wrong tehsil"},
            actor="clerk",
        )
    pending = entry(mutation_no="1302", parties=base["parties"])
    store.execute("record_mutation", pending, actor="clerk")
    with pytest.raises(ValidationError) as refused:
        store.execute(
            "correct_mutation",
            {**base, "corrects_id": pending["mutation_id"], "reason": "not attested yet"},
            actor="clerk",
        )
    assert refused.value.code == "not_attested"
