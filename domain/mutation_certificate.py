"""What a mutation certificate attests, in one canonical form, and its hash.

The certificate's QR code carries the record id and the sha256 of this canonical
content; `daftar verify-certificate` (desk) recomputes it from the attested record,
so a certificate of a record corrected since, or whose printed text was altered,
is reported so. Desk and server compute it with this one function.
"""

from __future__ import annotations

import hashlib
import json
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


def parse_payload(text: str) -> tuple[str, str] | None:
    parts = text.strip().split(":")
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[2]) != 64:
        return None
    return parts[1], parts[2]


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
