"""The mutation certificate PDF, and checking one (`daftar verify-certificate`).

English lines of the attested content, the parties' Urdu names shaped (reportlab
with uharfbuzz, desktop.printing.urdu), and a QR code carrying the record id and
the hash of the canonical attested content (domain.mutation_certificate); the same
payload is the PDF's subject, which `verify` reads back. Content streams are left
uncompressed so the printed text can be compared with the record: an altered line
is reported. Runs in the database worker (no Qt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.db import read_rows
from desktop.mutations import queries
from desktop.printing.symbols import draw_qr, qr_matrix
from desktop.printing.urdu import draw_urdu, register_fonts
from domain import mutation_certificate as cert
from domain.errors import ValidationError, msg
from sync.store.local import LocalStore


def attested_content(store: LocalStore, mutation_id: str) -> dict[str, object] | None:
    rows = read_rows(store, queries.mutation_query(mutation_id))
    if not rows:
        return None
    return cert.canonical(rows[0], read_rows(store, queries.parties_query(mutation_id)))


def attested_correction(store: LocalStore, mutation_id: str) -> str | None:
    """The number of an attested mutation that corrects `mutation_id`, if any."""
    from sqlalchemy import select

    from domain.models import Mutation

    rows = read_rows(
        store,
        select(Mutation.mutation_no)
        .where(Mutation.corrects_id == mutation_id, Mutation.status == "attested")
        .limit(1),
    )
    return str(rows[0][0]) if rows else None


def render_certificate(store: LocalStore, mutation_id: str, path: Path) -> Path:
    content = attested_content(store, mutation_id)
    if content is None or content["status"] != "attested":
        raise ValidationError(msg("Only an attested mutation has a certificate."))
    register_fonts()
    c = Canvas(str(path), pagesize=A4, pageCompression=0)
    c.setSubject(cert.payload(content))
    c.setTitle(f"Mutation certificate {content['mutation_no']}")
    width, height = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(20 * mm, height - 25 * mm, "Certificate of attested mutation")
    draw_urdu(c, "تصدیق شدہ انتقال کا سرٹیفکیٹ", width - 20 * mm, height - 25 * mm, 14)
    c.setFont("Helvetica", 11)
    y = height - 45 * mm
    for line in cert.printed_lines(content):
        c.drawString(20 * mm, y, line)
        y -= 7 * mm
    y -= 4 * mm
    for role, _name, name_ur, _cnic, share in content["parties"]:  # type: ignore[attr-defined]
        if name_ur:
            label = "بائع" if role == "transferor" else "مشتری"
            draw_urdu(c, f"{label}: {name_ur} — {share}", width - 20 * mm, y, 12)
            y -= 9 * mm
    matrix = qr_matrix(cert.payload(content))
    module = 1.2 * mm
    draw_qr(c, matrix, width - 20 * mm - matrix.size * module, 25 * mm, module)
    c.setFont("Helvetica", 7)
    c.drawString(20 * mm, 20 * mm, cert.payload(content))
    c.showPage()
    c.save()
    return path


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str


def _unescape(text: str) -> str:
    return re.sub(r"\\([()\\])", r"\1", text)


def verify(store: LocalStore, pdf: Path) -> Verdict:
    raw = pdf.read_bytes().decode("latin-1")
    subject = re.search(r"/Subject \((.*?)(?<!\\)\)", raw)
    found = cert.parse_payload(_unescape(subject.group(1))) if subject else None
    if found is None:
        return Verdict(False, "This is not a Daftar mutation certificate (no record id and hash).")
    record_id, printed_hash = found
    content = attested_content(store, record_id)
    if content is None:
        return Verdict(False, f"No mutation {record_id} on this desk: sync, then check again.")
    ok, _code, message = cert.check(content, printed_hash, attested_correction(store, record_id))
    if not ok:
        return Verdict(False, message)
    text = {_unescape(t) for t in re.findall(r"\((.*?)(?<!\\)\) Tj", raw)}
    missing = [line for line in cert.printed_lines(content) if line not in text]
    if missing:
        return Verdict(
            False,
            f"The certificate's text was altered: the record says "
            f'"{missing[0]}", the certificate does not.',
        )
    return Verdict(True, message)
