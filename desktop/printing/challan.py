"""Printable 1Bill challans (payment vouchers) as PDF, with reportlab only.

One A4 page per voucher, three copies (bank, office, applicant), each with the PSID
in large type, a Code128 barcode and a QR code that both read as the PSID, so a bank
counter can scan instead of typing 17 digits. A voucher without a confirmed PSID
(issued offline and not yet covered by a leased PSID) prints a PROVISIONAL watermark
and no machine-readable code: a citizen must not be able to pay a number the
aggregator does not know.

Speed (DESIGN.md budget: one challan < 15 ms, > 300 a second in one PDF): what does
not depend on the voucher is drawn once per PDF as a form; what does is drawn once per
voucher as a form and placed three times; QR and barcode are one path each; Urdu is
shaped once per distinct string. No Qt here: the desktop runs this off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.printing import challan_layout as L
from desktop.printing.symbols import code128_bars, draw_code128, draw_qr, qr_matrix
from desktop.printing.urdu import UrduPen, register_fonts
from domain.ids import to_karachi


@dataclass(frozen=True)
class ChallanData:
    """What a challan shows. Amounts are in paisa; dates as printed (Pakistan time)."""

    psid: str | None
    provisional: bool
    department: str
    office_name: str
    district_name_en: str
    district_name_ur: str
    application_no: str
    consumer_name: str
    consumer_name_ur: str
    cnic: str  # formatted XXXXX-XXXXXXX-X
    mobile: str
    purpose_en: str
    purpose_ur: str
    heads: list[tuple[str, str, int]]  # (code, label, amount in paisa)
    amount_within_due_paisa: int
    amount_after_due_paisa: int
    due_date: date
    expiry_date: date
    issued_at: datetime
    #: Has a PSID the server has not yet activated with the bank (the voucher has not
    #: reached the server): the paper says so, in both languages.
    awaiting_activation: bool = False

    @property
    def payable(self) -> bool:
        """A bank may be shown this voucher: it has a PSID the aggregator knows."""
        return self.psid is not None and not self.provisional


def format_rupees(paisa: int) -> str:
    """``1250000`` -> ``"12,500.00"`` (rupees with paisa)."""
    sign = "-" if paisa < 0 else ""
    rupees, rest = divmod(abs(paisa), 100)
    return f"{sign}{rupees:,}.{rest:02d}"


def format_day(day: date) -> str:
    return day.strftime("%d-%b-%Y")


def render_challan(data: ChallanData) -> bytes:
    """One voucher as a one-page PDF."""
    return render_challans([data])


def render_challans(vouchers: Sequence[ChallanData]) -> bytes:
    """Many vouchers in one PDF, one page each, in the order given."""
    if not vouchers:
        raise ValueError("no vouchers to print")
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=(L.PAGE_W, L.PAGE_H), pageCompression=1)
    canvas.setTitle("Payment vouchers" if len(vouchers) > 1 else "Payment voucher")
    canvas.setCreator("Daftar")
    document = _ChallanDocument(canvas)
    for voucher in vouchers:
        document.add_page(voucher)
    canvas.save()
    return out.getvalue()


class _ChallanDocument:
    """Draws pages of one PDF, building each shared form the first time it is needed."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.pen = UrduPen(canvas)
        self.pages = 0
        self.has_static = False
        self.has_watermark = False

    def add_page(self, voucher: ChallanData) -> None:
        canvas = self.canvas
        if not voucher.payable:
            if not self.has_watermark:
                canvas.beginForm("watermark")
                L.draw_watermark_page(canvas, self.pen)
                canvas.endForm()
                self.has_watermark = True
            canvas.doForm("watermark")
        if not self.has_static:
            canvas.beginForm("static")
            L.draw_static_page(canvas, self.pen)
            canvas.endForm()
            self.has_static = True
        canvas.doForm("static")

        name = f"voucher{self.pages}"
        canvas.beginForm(name, 0, 0, L.COPY_W, L.COPY_H)
        _draw_voucher(canvas, self.pen, voucher)
        canvas.endForm()
        for index in range(3):
            canvas.saveState()
            canvas.translate(*L.copy_origin(index))
            canvas.doForm(name)
            canvas.restoreState()
        canvas.showPage()
        self.pages += 1


AWAITING_EN = "Payable after this office's next sync \u2014 usually the same day."
AWAITING_UR = "\u0627\u0633 \u062f\u0641\u062a\u0631 \u06a9\u06cc \u0627\u06af\u0644\u06cc \u0633\u0646\u06a9 \u06a9\u06d2 \u0628\u0639\u062f \u0642\u0627\u0628\u0644\u0650 \u0627\u062f\u0627\u0626\u06cc\u06af\u06cc \u2014 \u0639\u0645\u0648\u0645\u0627\u064b \u0627\u0633\u06cc \u062f\u0646\u06d4"


def _draw_awaiting_activation(canvas: Canvas, pen: UrduPen) -> None:
    """A band near the foot of the copy: the bank cannot take this PSID yet."""
    canvas.saveState()
    canvas.setFillColor(HexColor("#b71c1c"))
    canvas.setFont("Helvetica-Bold", 6.5)
    canvas.drawCentredString(L.COPY_W / 2, 88, AWAITING_EN)
    pen.draw(AWAITING_UR, L.COPY_W / 2, 74, 8, anchor="centre", color=HexColor("#b71c1c"))
    canvas.restoreState()


def _draw_voucher(canvas: Canvas, pen: UrduPen, v: ChallanData) -> None:
    """The parts of one copy that depend on the voucher, in copy coordinates."""
    ink = L.text_colour(not v.payable)
    _draw_header(canvas, pen, v)
    _draw_psid(canvas, pen, v, ink)
    _draw_amounts(canvas, v, ink)
    _draw_details(canvas, pen, v, ink)
    if v.awaiting_activation:
        _draw_awaiting_activation(canvas, pen)
    _draw_heads(canvas, pen, v, ink)


def _draw_header(canvas: Canvas, pen: UrduPen, v: ChallanData) -> None:
    canvas.setFillColor(L.INK)
    text, size = L.fit_text(v.department, "Helvetica-Bold", 9.5, L.X1 - L.X0)
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawString(L.X0, L.TOP - 43, text)
    urdu_w = pen.width(v.district_name_ur, 8) if v.district_name_ur else 0.0
    office = f"{v.office_name}, {v.district_name_en}"
    text, size = L.fit_text(office, "Helvetica", 7.5, L.X1 - L.X0 - urdu_w - 6)
    canvas.setFillColor(L.GREY)
    canvas.setFont("Helvetica", size)
    canvas.drawString(L.X0, L.TOP - 55, text)
    if v.district_name_ur:
        pen.draw(v.district_name_ur, L.X1 - L.URDU_BEARING, L.TOP - 55, 8, color=L.GREY)


def _draw_psid(canvas: Canvas, pen: UrduPen, v: ChallanData, ink: Color) -> None:
    _top, bottom = L.PSID_BOX
    centre = (L.X0 + L.X1) / 2
    canvas.setFillColor(ink)
    if v.payable:
        assert v.psid is not None
        canvas.setFont("Courier-Bold", 18)
        canvas.drawCentredString(centre, bottom + 18, v.psid)
        bars = code128_bars(v.psid)
        width = bars.modules * L.BAR_MODULE
        canvas.setFillColor(L.INK)
        draw_code128(canvas, bars, centre - width / 2, L.BARCODE[1], L.BAR_MODULE, L.BAR_HEIGHT)
        matrix = qr_matrix(v.psid)
        side = matrix.size * L.QR_MODULE
        amounts_mid = (L.AMOUNTS[0] + L.AMOUNTS[1]) / 2
        draw_qr(
            canvas,
            matrix,
            L.X1 - side - L.QR_QUIET * L.QR_MODULE + 4,
            amounts_mid - side / 2,
            L.QR_MODULE,
        )
        return
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawCentredString(centre, bottom + 25, "PROVISIONAL")
    canvas.setFont("Helvetica", 6.5)
    reference = f"  (reserved {v.psid})" if v.psid else ""
    canvas.drawCentredString(
        centre, bottom + 15, "Not payable until the office confirms it online" + reference
    )
    canvas.setFont("Helvetica-Oblique", 7)
    canvas.drawCentredString(centre, L.BARCODE[1] + 14, "No barcode: this voucher has no PSID yet")
    pen.draw("ابھی قابل ادائیگی نہیں", centre, L.BARCODE[1] + 2, 8, anchor="centre", color=ink)


def _draw_amounts(canvas: Canvas, v: ChallanData, ink: Color) -> None:
    values = (
        ("Helvetica-Bold", 11, f"Rs {format_rupees(v.amount_within_due_paisa)}"),
        ("Helvetica-Bold", 9.5, format_day(v.due_date)),
        ("Helvetica-Bold", 9.5, f"Rs {format_rupees(v.amount_after_due_paisa)}"),
        ("Helvetica", 9.5, format_day(v.expiry_date)),
    )
    canvas.setFillColor(ink)
    for top, (font, size, text) in zip(L.amount_rows(), values):
        canvas.setFont(font, size)
        canvas.drawString(L.X0 + 3, top - 18.3, text)


def _draw_details(canvas: Canvas, pen: UrduPen, v: ChallanData, ink: Color) -> None:
    english = {
        0: v.consumer_name,
        2: v.cnic,
        3: v.mobile,
        4: v.district_name_en,
        5: v.application_no,
        6: v.purpose_en,
        8: to_karachi(v.issued_at).strftime("%d-%b-%Y %H:%M PKT"),
    }
    right = L.X1 - L.URDU_LABEL_W
    width = right - L.VALUE_X
    canvas.setFillColor(ink)
    for row, value in english.items():
        text, size = L.fit_text(value, "Helvetica-Bold", 8, width)
        canvas.setFont("Helvetica-Bold", size)
        canvas.drawString(L.VALUE_X, L.detail_baseline(row), text)
    # The name is new on every voucher; district and purpose recur across a batch.
    for row, value, reuse in (
        (1, v.consumer_name_ur, False),
        (4, v.district_name_ur, True),
        (7, v.purpose_ur, True),
    ):
        if not value:
            continue
        beside_english = stringWidth(v.district_name_en, "Helvetica-Bold", 8)
        if row == 4 and beside_english + pen.width(value, 8.5) + 8 > width:
            continue  # no room beside the English district name
        pen.draw(value, right - L.URDU_BEARING, L.detail_baseline(row), 8.5, color=ink, reuse=reuse)


def _draw_heads(canvas: Canvas, pen: UrduPen, v: ChallanData, ink: Color) -> None:
    """The split across account heads, then the total.

    Rows shrink to fit the band; past what stays legible, the last rows are summed into
    one "more heads" row so the total still matches what the bank collects.
    """
    top, bottom = L.HEADS
    heads = _heads_that_fit(v.heads, int((top - bottom) // MIN_HEAD_ROW) - 2)
    rows = len(heads) + 2
    step = min(12.0, (top - bottom) / rows)
    size = min(7.0, step - 3.0)
    code_x, label_x, amount_x = L.X0 + 2, L.X0 + 44, L.X1 - 2
    canvas.setFillColor(L.TINT)
    canvas.rect(L.X0, top - step, L.X1 - L.X0, step, stroke=0, fill=1)
    canvas.setFillColor(L.GREY)
    canvas.setFont("Helvetica-Bold", size)
    y = top - step + 3.0
    canvas.drawString(code_x, y, "Code")
    canvas.drawString(label_x, y, "Head of account")
    pen.draw(
        "مدات",
        label_x + stringWidth("Head of account", "Helvetica-Bold", size) + 5,
        y,
        size,
        anchor="left",
        color=L.GREY,
    )
    canvas.drawRightString(amount_x, y, "Amount (Rs)")
    canvas.setFillColor(ink)
    canvas.setFont("Helvetica", size)
    for i, (code, label, paisa) in enumerate(heads, start=1):
        y = top - (i + 1) * step + 3.0
        amount = format_rupees(paisa)
        room = amount_x - label_x - stringWidth(amount, "Helvetica", size) - 6
        # Each at the size fit_text chose: at the row's size a long code such as
        # NADRA-PROC runs into the head's name.
        for x, text, width in ((code_x, code, label_x - code_x - 2), (label_x, label, room)):
            fitted, fitted_size = L.fit_text(text, "Helvetica", size, width)
            canvas.setFont("Helvetica", fitted_size)
            canvas.drawString(x, y, fitted)
        canvas.setFont("Helvetica", size)
        canvas.drawRightString(amount_x, y, amount)
    total_top = top - (rows - 1) * step
    canvas.setStrokeColor(L.RULE)
    canvas.setLineWidth(0.4)
    canvas.line(L.X0, total_top, L.X1, total_top)
    canvas.line(L.X0, top - rows * step, L.X1, top - rows * step)
    canvas.setFont("Helvetica-Bold", size)
    y = total_top - step + 3.0
    canvas.drawString(code_x, y, "Total")
    # Smaller and a little lower: Nastaliq's tall letters would touch the rule above.
    pen.draw("کل رقم", label_x, y - 0.8, size - 0.5, anchor="left", color=ink)
    canvas.drawRightString(amount_x, y, format_rupees(sum(p for _, _, p in v.heads)))


MIN_HEAD_ROW = 9.5  # points: a 6.5 pt row of the heads table, the smallest kept legible


def _heads_that_fit(heads: list[tuple[str, str, int]], room: int) -> list[tuple[str, str, int]]:
    if len(heads) <= room:
        return list(heads)
    kept = heads[: max(room - 1, 0)]
    rest = heads[len(kept) :]
    return [*kept, ("", f"{len(rest)} more heads", sum(p for _, _, p in rest))]
