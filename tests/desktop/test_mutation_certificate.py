"""A mutation certificate verifies; one with altered text, or of a record corrected
since, does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.mutations.certificate import render_certificate, verify
from domain.errors import ValidationError
from domain.ids import new_id

AT = "2026-11-20T09:30:00+00:00"


def _attested(store) -> str:
    mid = new_id()
    store.execute(
        "record_mutation",
        {
            "mutation_id": mid,
            "tehsil_code": "PSH-01",
            "mutation_no": "1201",
            "mutation_date": "1998-03-14",
            "mauza": "Pajaggi",
            "mutation_type": "inheritance",
            "khewat_no": "44",
            "khasra_nos": ["101", "102/1"],
            "area": "2-5-3",
            "at": AT,
            "parties": [
                {
                    "role": "transferor",
                    "name_en": "Gul Khan",
                    "name_ur": "گل خان",
                    "share": "1/3",
                    "held": "1/3",
                },
                {
                    "role": "transferee",
                    "name_en": "Imran Khan",
                    "name_ur": "عمران خان",
                    "share": "1/3",
                },
            ],
        },
        actor="clerk-a",
    )
    store.execute("verify_mutation", {"mutation_id": mid, "at": AT}, actor="clerk-b")
    return mid


def test_a_certificate_verifies_and_a_tampered_one_does_not(store, tmp_path: Path):
    mid = _attested(store)
    with pytest.raises(ValidationError, match="Only an attested mutation"):
        render_certificate(store, mid, tmp_path / "early.pdf")
    store.execute("attest_mutation", {"mutation_id": mid, "at": AT}, actor="tehsildar")
    pdf = render_certificate(store, mid, tmp_path / "cert.pdf")
    verdict = verify(store, pdf)
    assert verdict.ok, verdict.message
    assert verdict.message == "The certificate matches attested mutation 1201."

    raw = pdf.read_bytes()
    assert raw.count(b"share 1/3") == 2
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(raw.replace(b"Khewat 44", b"Khewat 45"))
    verdict = verify(store, tampered)
    assert not verdict.ok
    assert (
        verdict.message
        == 'The certificate\'s text was altered: the record says "Khewat 44", the certificate does not.'
    )

    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 nothing here")
    assert "not a Daftar mutation certificate" in verify(store, other).message


def test_a_certificate_of_a_record_changed_since_is_reported(store, tmp_path: Path):
    from domain.models import Mutation

    mid = _attested(store)
    store.execute("attest_mutation", {"mutation_id": mid, "at": AT}, actor="tehsildar")
    pdf = render_certificate(store, mid, tmp_path / "cert.pdf")
    with store.sessions() as s:
        s.get(Mutation, mid).area_sarsai += 9  # as a sync round bringing a correction would
        s.commit()
    verdict = verify(store, pdf)
    assert not verdict.ok and "changed or corrected since" in verdict.message


def test_a_certificate_of_a_mutation_corrected_since_says_by_which(store, tmp_path: Path):
    from sqlalchemy import select

    from domain.models import Mutation, MutationParty

    mid = _attested(store)
    store.execute("attest_mutation", {"mutation_id": mid, "at": AT}, actor="tehsildar")
    pdf = render_certificate(store, mid, tmp_path / "cert.pdf")
    assert verify(store, pdf).ok
    with store.sessions() as s:
        m = s.get(Mutation, mid)
        parties = s.scalars(select(MutationParty).where(MutationParty.mutation_id == mid)).all()
        fix = {
            "mutation_id": new_id(),
            "corrects_id": mid,
            "reason": "Khasra 102/1 was misread; it is 102/2.",
            "tehsil_code": m.tehsil_code,
            "mutation_no": "1201-C",
            "mutation_date": "1998-03-14",
            "mauza": m.mauza,
            "mutation_type": m.mutation_type,
            "khewat_no": m.khewat_no,
            "khasra_nos": ["101", "102/2"],
            "area": m.area_sarsai,
            "at": AT,
            "parties": [
                {
                    "role": p.role,
                    "name_en": p.name_en,
                    "share": f"{p.share_num}/{p.share_den}",
                    **({"held": f"{p.held_num}/{p.held_den}"} if p.held_num else {}),
                }
                for p in parties
            ],
        }
    store.execute("correct_mutation", fix, actor="clerk-a")
    assert verify(store, pdf).ok  # a correction not yet attested does not undo the first
    store.execute("verify_mutation", {"mutation_id": fix["mutation_id"], "at": AT}, actor="clerk-b")
    store.execute(
        "attest_mutation", {"mutation_id": fix["mutation_id"], "at": AT}, actor="tehsildar"
    )
    verdict = verify(store, pdf)
    assert not verdict.ok and "corrected by attested mutation 1201-C" in verdict.message
