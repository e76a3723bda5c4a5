"""`POST /certificates/verify`: does a mutation certificate still stand?

The body is what the certificate's QR code carries (`{"payload": "DAFTAR-MUTATION:
<record id>:<content hash>"}`); the answer is `{"valid", "code", "message"}` with
the same words as `daftar verify-certificate` on a desk (domain.mutation_certificate
.check): it matches the attested record, or the record was changed or corrected
since. Only the hash printed on the certificate is compared, so the answer tells
nothing about a record to someone who does not hold its certificate. The server
cannot see the PDF's printed text; a desk's `verify-certificate` checks that too.
Enrolled desks only, as every other call.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import mutation_certificate as cert
from domain.models import Mutation, MutationParty
from server.deps import ApiError, CurrentDevice, json_response

router = APIRouter()
#: The longest payload read (prefix, a 36-character id, a 64-character hash).
PAYLOAD_MAX = 200


@router.post("/certificates/verify")
async def verify(request: Request, _device: CurrentDevice) -> Response:
    try:
        body: Any = await request.json()
    except ValueError:
        raise ApiError(
            422, "bad_payload", 'Send the certificate\'s QR text as {"payload": ...}.'
        ) from None
    text = body.get("payload") if isinstance(body, dict) else None
    found = cert.parse_payload(text) if isinstance(text, str) and len(text) <= PAYLOAD_MAX else None
    if found is None:
        raise ApiError(
            422, "bad_payload", "This is not a Daftar mutation certificate (no record id and hash)."
        )
    record_id, printed_hash = found
    with Session(request.app.state.reader) as s:
        m = s.get(Mutation, record_id)
        if m is None:
            return json_response(
                {"valid": False, "code": "not_found", "message": "No mutation with this record id."}
            )
        parties = s.scalars(select(MutationParty).where(MutationParty.mutation_id == m.id)).all()
        corrected_by = s.scalar(
            select(Mutation.mutation_no)
            .where(Mutation.corrects_id == m.id, Mutation.status == "attested")
            .limit(1)
        )
        ok, code, message = cert.check(cert.canonical(m, list(parties)), printed_hash, corrected_by)
    return json_response({"valid": ok, "code": code, "message": message})
