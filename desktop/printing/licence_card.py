"""The arms licence card as PDF: CR80 size (85.6 x 54 mm), alone or on an A4 sheet.

The card carries what a police officer checks at a picket: the licence number in
type and as a Code128 barcode (scanned instead of typed), the holder's name in
English and Urdu, CNIC, weapon, bore and number, validity and the dates. Urdu is
drawn through reportlab's Paragraph with `shaping=1` (desktop.printing.urdu), the
only way reportlab joins Nastaliq letters. No Qt: the desktop runs this in its
database worker, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.symbols import code128_bars, draw_code128
from desktop.printing.urdu import draw_urdu, register_fonts
from domain.values.relation import CARD_WORDS

CARD_W = 85.6 * mm
CARD_H = 53.98 * mm
GREEN = HexColor("#0b5d1e")
INK = HexColor("#111111")
GREY = HexColor("#555555")
MARGIN = 2.2 * mm
QUIET = 10  # modules of quiet zone each side of the barcode


@dataclass(frozen=True)
class LicenceCardData:
    licence_no: str
    holder_name_en: str
    holder_name_ur: str
    father_name_en: str
    cnic: str  # formatted XXXXX-XXXXXXX-X
    weapon_en: str
    weapon_ur: str
    bore: str
    weapon_number: str
    weapon_make: str
    validity_en: str
    validity_ur: str
    district_en: str
    district_ur: str
    issued_on: date
    valid_until: date
    provisional: bool = False
    relation: str = "S/O"  # S/O, D/O or W/O before the father's or husband's name
    father_name_ur: str = ""

    @property
    def relation_ur(self) -> str:
        """The relation as an Urdu card has it: ولد (son of), دختر (daughter of),
        زوجہ (wife of)."""
        return RELATION_UR.get(self.relation, "")


#: The Urdu word for each relation the card prints before the father's or husband's name.
RELATION_UR = dict(CARD_WORDS.values())


def render_licence_card(data: LicenceCardData, *, sheet: str = "cr80") -> bytes:
    """One card as a PDF: `sheet="cr80"` (card printers) or `"a4"` (card with cut marks)."""
    if sheet not in ("cr80", "a4"):
        raise ValueError("sheet must be 'cr80' or 'a4'")
    register_fonts()
    out = BytesIO()
    size = (CARD_W, CARD_H) if sheet == "cr80" else A4
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    canvas.setTitle(f"Arms licence {data.licence_no}")
    canvas.setCreator("Daftar")
    if sheet == "a4":
        x, y = (A4[0] - CARD_W) / 2, A4[1] - 30 * mm - CARD_H
        _cut_marks(canvas, x, y)
        canvas.translate(x, y)
    _draw_card(canvas, data)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    for cx in (x, x + CARD_W):
        for cy in (y, y + CARD_H):
            dx = -1 if cx == x else 1
            dy = -1 if cy == y else 1
            canvas.line(cx + dx * 2 * mm, cy, cx + dx * 7 * mm, cy)
            canvas.line(cx, cy + dy * 2 * mm, cx, cy + dy * 7 * mm)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to `size` at which `text` fits in `width`."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else max(4.0, size * width / natural)


def _draw_card(canvas: Canvas, d: LicenceCardData) -> None:
    canvas.saveState()  # the header band follows the card's rounded corners
    outline = canvas.beginPath()
    outline.roundRect(0.4, 0.4, CARD_W - 0.8, CARD_H - 0.8, 2.5 * mm)
    canvas.clipPath(outline, stroke=0, fill=0)
    _header(canvas)
    canvas.restoreState()
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(0.8)
    canvas.roundRect(0.4, 0.4, CARD_W - 0.8, CARD_H - 0.8, 2.5 * mm, stroke=1, fill=0)
    left, right = MARGIN, CARD_W - MARGIN
    top = CARD_H - 11 * mm
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 8)
    canvas.drawString(left, top, d.licence_no)
    if d.provisional:
        canvas.setFillColor(HexColor("#b71c1c"))
        canvas.setFont("Helvetica-Bold", 5.5)
        canvas.drawRightString(right, top, "PROVISIONAL — NOT YET CONFIRMED")
    name_size = _fit(d.holder_name_en, "Helvetica-Bold", 8.5, CARD_W * 0.55)
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", name_size)
    canvas.drawString(left, top - 4.2 * mm, d.holder_name_en)
    if d.holder_name_ur:
        draw_urdu(canvas, d.holder_name_ur, right, top - 4.4 * mm, 9, anchor="right", color=INK)
    rows = [
        (d.relation, d.father_name_en),
        ("CNIC", d.cnic),
        ("Weapon", f"{d.weapon_en}, bore {d.bore}" if d.bore else d.weapon_en),
        ("Weapon no.", f"{d.weapon_number}  {d.weapon_make}".strip()),
        (
            "Validity",
            d.validity_en
            if d.validity_en.startswith("All")
            else f"{d.validity_en} ({d.district_en})",
        ),
        ("Issued", f"{d.issued_on:%d-%m-%Y}   valid until {d.valid_until:%d-%m-%Y}"),
    ]
    y = top - 8.2 * mm
    for key, value in rows:
        canvas.setFont("Helvetica", 5.2)
        canvas.setFillColor(GREY)
        canvas.drawString(left, y, key)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", _fit(value, "Helvetica-Bold", 6.2, CARD_W * 0.5))
        canvas.drawString(left + 12 * mm, y, value)
        y -= 2.75 * mm
    # Urdu relation, weapon and validity on the right, under the Urdu name.
    relation_ur = f"{d.relation_ur} {d.father_name_ur}" if d.father_name_ur else ""
    urdu_lines = [relation_ur, d.weapon_ur, d.validity_ur if d.validity_ur else "", d.district_ur]
    uy = top - 9.4 * mm
    for line in (u for u in urdu_lines if u):
        draw_urdu(canvas, line, right, uy, 6.5, anchor="right", color=GREY)
        uy -= 3.6 * mm
    _barcode(canvas, d.licence_no)
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 4.5)
    canvas.drawRightString(right, 1.6 * mm, f"Deputy Commissioner, {d.district_en}")


def _header(canvas: Canvas) -> None:
    band = 7.5 * mm
    canvas.setFillColor(GREEN)
    canvas.rect(0, CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont("Helvetica-Bold", 5.2)
    canvas.drawString(MARGIN, CARD_H - 3.1 * mm, "GOVERNMENT OF KHYBER PAKHTUNKHWA")
    canvas.setFont("Helvetica-Bold", 7.5)
    canvas.drawString(MARGIN, CARD_H - 6.2 * mm, "ARMS LICENCE")
    draw_urdu(
        canvas,
        "اسلحہ لائسنس",
        CARD_W - MARGIN,
        CARD_H - 5.6 * mm,
        8.5,
        anchor="right",
        color=Color(1, 1, 1),
    )


def _barcode(canvas: Canvas, text: str) -> None:
    bars = code128_bars(text)
    room = CARD_W * 0.62
    module = min(0.9, room / (bars.modules + 2 * QUIET))
    x = MARGIN + QUIET * module - 1.5 * mm
    x = max(x, MARGIN)
    canvas.setFillColor(INK)
    draw_code128(canvas, bars, x, 4.2 * mm, module, 6.5 * mm)
    canvas.setFont("Courier", 5)
    canvas.drawCentredString(x + bars.modules * module / 2, 2.2 * mm, text)
