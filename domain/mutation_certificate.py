"""What a mutation certificate attests, in one canonical form, and its hash.

The certificate's QR code carries the record id and the sha256 of this canonical
content; `daftar verify-certificate` (desk) recomputes it from the attested record,
so a certificate of a record corrected since, or whose printed text was altered,
is reported so. Desk and server compute it with this one function.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

#: What the QR code and the PDF's subject carry: prefix, record id, content hash.
PREFIX = "DAFTAR-MUTATION"


def canonical(m: Any, parties: list[Any]) -> dict[str, Any]:
    """The attested content: entry, parties and shares, officer and date."""
    return {
        "id": m.id,
        "mutation_no": m.mutation_no,
        "mutation_date": str(m.mutation_date),
        "tehsil": m.tehsil_code,
        "mauza": m.mauza,
        "type": m.mutation_type,
        "khewat": m.khewat_no,
        "khatauni": m.khatauni_no,
        "khasra": [str(k) for k in m.khasra_nos],
        "area_sarsai": m.area_sarsai,
        "consideration_paisa": m.consideration_paisa,
        "status": m.status,
        "officer": m.officer or "",
        "order_date": str(m.order_date or ""),
        "parties": sorted(
            [p.role, p.name_en, p.name_ur, p.cnic, f"{p.share_num}/{p.share_den}"] for p in parties
        ),
    }


def content_hash(content: dict[str, Any]) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def payload(content: dict[str, Any]) -> str:
    return f"{PREFIX}:{content['id']}:{content_hash(content)}"


_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")


def parse_payload(text: str) -> tuple[str, str] | None:
    """(record id, content hash), or None for anything else (a record id is a UUID and
    the hash 64 hex digits: nothing else reaches a database query)."""
    parts = text.strip().split(":")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    if not _ID.match(parts[1]) or not _HASH.match(parts[2]):
        return None
    return parts[1], parts[2]


def check(
    content: dict[str, Any], printed_hash: str, corrected_by: str | None
) -> tuple[bool, str, str]:
    """(valid, code, message) for a certificate naming `printed_hash`, against the
    record's content as it stands and the number of an attested mutation that
    corrects it (if any). The desk (`daftar verify-certificate`) and the server
    (`POST /certificates/verify`) answer with these same words."""
    number = content["mutation_no"]
    if content["status"] != "attested" or content_hash(content) != printed_hash:
        return (
            False,
            "changed",
            f"Mutation {number} was changed or corrected since this certificate was printed: "
            "it no longer matches the record.",
        )
    if corrected_by is not None:
        return (
            False,
            "corrected",
            f"Mutation {number} was corrected by attested mutation {corrected_by} since: "
            "this certificate no longer stands on its own.",
        )
    return True, "matches", f"The certificate matches attested mutation {number}."


def printed_lines(content: dict[str, Any]) -> list[str]:
    """The Latin lines the certificate prints, checked against the PDF's text."""
    from domain.values import Area

    lines = [
        f"Mutation no. {content['mutation_no']}",
        f"Date {content['mutation_date']}",
        f"Mauza {content['mauza']}",
        f"Khewat {content['khewat']}",
        f"Khasra {', '.join(content['khasra'])}",
        f"Area {Area(content['area_sarsai']).short()} (kanal-marla-sarsai)",
        f"Attested by {content['officer']} on {content['order_date']}",
    ]
    lines += [
        f"{role.title()}: {name} {('CNIC ' + cnic) if cnic else ''} share {share}".strip()
        for role, name, _ur, cnic, share in content["parties"]
    ]
    return lines
