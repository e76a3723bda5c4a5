"""Where everything sits on a challan page, and the parts that never change.

A page is landscape A4 cut into three vertical copies (bank, office, applicant) that
are identical except for their title. Everything here is drawn once per PDF into
forms (DESIGN.md budgets: shaping Urdu labels for every page would cost more than the
whole page may), so this module holds only what is the same on every voucher: frames,
labels in English and Urdu, instructions, cut lines, and the provisional watermark.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.urdu import UrduPen

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14.0
COPY_W = (PAGE_W - 2 * MARGIN) / 3
COPY_H = PAGE_H - 2 * MARGIN
FRAME_INSET = 4.0  # gap each side of a cut line
X0 = FRAME_INSET + 7.0  # content column, in a copy's own coordinates
X1 = COPY_W - X0
TOP = COPY_H

INK = HexColor("#1a1a1a")
GREY = HexColor("#5a5a5a")
RULE = HexColor("#9a9a9a")
BAND = HexColor("#1f4e3d")  # title bar: dark green of KP government forms
TINT = HexColor("#eef3f0")
WATERMARK = HexColor("#e9b3b3")

# Bands, as y of their top and bottom edges in a copy (y grows upwards).
TITLE_BAR = (TOP, TOP - 20)
PSID_BOX = (TOP - 84, TOP - 140)
BARCODE = (TOP - 146, TOP - 182)
AMOUNTS = (TOP - 190, TOP - 278)
DETAILS = (TOP - 285, TOP - 416)
HEADS = (TOP - 422, 60.0)
STAMP = (54.0, 8.0)

QR_MODULE = 2.4
QR_QUIET = 4  # modules of white required around a QR symbol
BAR_MODULE = 1.1
BAR_HEIGHT = 34.0
AMOUNT_RIGHT = X1 - 21 * QR_MODULE - 2 * QR_QUIET * QR_MODULE + 2  # QR quiet zone kept clear
DETAIL_ROW = (DETAILS[0] - DETAILS[1]) / 9
URDU_BEARING = 1.5  # Nastaliq swashes reach past the advance width on the right
VALUE_X = X0 + 52  # where a detail value starts
URDU_LABEL_W = 44  # room kept at the right of a detail row for its Urdu label


@dataclass(frozen=True)
class CopyTitle:
    english: str
    urdu: str


COPIES = (
    CopyTitle("BANK COPY", "بینک کاپی"),
    CopyTitle("OFFICE COPY", "دفتر کاپی"),
    CopyTitle("APPLICANT COPY", "درخواست گزار کاپی"),
)

# (English, Urdu) label of each row of amounts and details, in the order drawn.
AMOUNT_LABELS = (
    ("Payable within due date", "مقررہ تاریخ تک قابل ادائیگی رقم"),
    ("Due date", "آخری تاریخ"),
    ("Payable after due date", "مقررہ تاریخ کے بعد رقم"),
    ("Valid until (expiry)", "میعاد"),
)
DETAIL_LABELS = (
    ("Applicant", "نام"),
    ("Name in Urdu", ""),
    ("CNIC", "شناختی کارڈ نمبر"),
    ("Mobile", "موبائل نمبر"),
    ("District", "ضلع"),
    ("Application no.", "درخواست نمبر"),
    ("Purpose", "مقصد"),
    ("", ""),  # Urdu purpose, under the English one
    ("Issued", "تاریخ اجرا"),
)


def copy_origin(index: int) -> tuple[float, float]:
    """Lower-left corner of copy ``index`` (0 bank, 1 office, 2 applicant) on the page."""
    return MARGIN + index * COPY_W, MARGIN


def detail_baseline(row: int) -> float:
    return DETAILS[0] - (row + 1) * DETAIL_ROW + 4.0


def amount_rows() -> tuple[float, ...]:
    """Top of each of the four amount rows."""
    step = (AMOUNTS[0] - AMOUNTS[1]) / 4
    return tuple(AMOUNTS[0] - i * step for i in range(4))


def fit_text(
    text: str,
    font: str,
    size: float,
    width: float,
    *,
    smallest: float = 5.5,
) -> tuple[str, float]:
    """Shrink ``text`` to ``width``: a smaller size first, then cut with an ellipsis."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) > width:
        while text and stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text, size


def draw_static_page(canvas: Canvas, pen: UrduPen) -> None:
    """Everything on a challan page that does not depend on the voucher.

    The part shared by the three copies is itself a form, drawn three times.
    """
    canvas.beginForm("copy-body", 0, 0, COPY_W, COPY_H)
    _draw_copy_body(canvas, pen)
    canvas.endForm()
    canvas.setDash(3, 3)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    for index in (1, 2):
        x = copy_origin(index)[0]
        canvas.line(x, MARGIN - 6, x, PAGE_H - MARGIN + 6)
    canvas.setDash()
    for index, title in enumerate(COPIES):
        canvas.saveState()
        canvas.translate(*copy_origin(index))
        canvas.doForm("copy-body")
        _draw_copy_title(canvas, pen, title)
        _draw_footer(canvas, pen, index)
        canvas.restoreState()


def _draw_copy_title(canvas: Canvas, pen: UrduPen, title: CopyTitle) -> None:
    canvas.setFillColor(BAND)
    canvas.rect(
        FRAME_INSET,
        TITLE_BAR[1],
        COPY_W - 2 * FRAME_INSET,
        TITLE_BAR[0] - TITLE_BAR[1],
        stroke=0,
        fill=1,
    )
    canvas.setFillColor(white)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(X0, TITLE_BAR[1] + 6.5, title.english)
    pen.draw(title.urdu, X1 - URDU_BEARING, TITLE_BAR[1] + 6.5, 9, color=white, reuse=False)


def _draw_copy_body(canvas: Canvas, pen: UrduPen) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.rect(FRAME_INSET, 0, COPY_W - 2 * FRAME_INSET, COPY_H)
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(X0, TOP - 31, "Government of Khyber Pakhtunkhwa")
    pen.draw("حکومت خیبر پختونخوا", X1 - URDU_BEARING, TOP - 32.5, 7.5, color=GREY, reuse=False)
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 8.5)
    canvas.drawString(X0, TOP - 75, "1Bill Payment Voucher (Challan)")
    pen.draw("چالان برائے ادائیگی", X1 - URDU_BEARING, TOP - 75, 9.5, reuse=False)
    _draw_psid_box_labels(canvas, pen)
    _draw_amount_labels(canvas, pen)
    _draw_detail_labels(canvas, pen)


def _draw_psid_box_labels(canvas: Canvas, pen: UrduPen) -> None:
    top, bottom = PSID_BOX
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.roundRect(X0, bottom, X1 - X0, top - bottom, 4)
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(X0 + 5, top - 11, "PSID / Consumer number")
    pen.draw("کنزیومر نمبر", X1 - URDU_BEARING - 5, top - 12.5, 7.5, color=GREY, reuse=False)
    canvas.setFont("Helvetica", 5.8)
    canvas.drawCentredString(
        (X0 + X1) / 2,
        bottom + 5,
        "Pay at any bank, ATM, internet or mobile banking: choose 1Bill, enter this number",
    )


def _draw_amount_labels(canvas: Canvas, pen: UrduPen) -> None:
    rows = amount_rows()
    step = rows[0] - rows[1]
    canvas.setFillColor(TINT)
    canvas.rect(X0, rows[1] + 1, AMOUNT_RIGHT - X0 + 2, step - 1, stroke=0, fill=1)
    canvas.setFillColor(GREY)
    for top, (english, urdu) in zip(rows, AMOUNT_LABELS):
        canvas.setFont("Helvetica", 6.5)
        canvas.drawString(X0 + 3, top - 8, english)
        # Nastaliq's tall letters need more room above the baseline than Latin.
        pen.draw(urdu, AMOUNT_RIGHT - URDU_BEARING, top - 9.5, 7.5, color=GREY, reuse=False)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    for top in rows[1:]:
        canvas.line(X0, top + 1, AMOUNT_RIGHT, top + 1)


def _draw_detail_labels(canvas: Canvas, pen: UrduPen) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(X0, DETAILS[0], X1, DETAILS[0])
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 6.5)
    for row, (english, urdu) in enumerate(DETAIL_LABELS):
        baseline = detail_baseline(row)
        if english:
            canvas.drawString(X0, baseline, english)
        if urdu:
            pen.draw(urdu, X1 - URDU_BEARING, baseline, 7.5, color=GREY, reuse=False)
    canvas.line(X0, DETAILS[1], X1, DETAILS[1])


def _draw_footer(canvas: Canvas, pen: UrduPen, index: int) -> None:
    top, bottom = STAMP
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 6)
    if index < 2:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(X0, bottom, X1 - X0, top - bottom - 11)
        who = "Bank" if index == 0 else "Receiving officer"
        canvas.drawString(X0 + 3, bottom + 3, f"{who}: stamp, signature and date")
        pen.draw("مہر، دستخط اور تاریخ", X1 - URDU_BEARING - 3, bottom + 3, 7.5, color=GREY)
        canvas.drawString(X0, top - 6.5, "After the expiry date a new voucher must be issued.")
        pen.draw("میعاد کے بعد نیا چالان", X1 - URDU_BEARING, top - 6.5, 7.5, color=GREY)
    else:
        canvas.drawString(X0, top - 7, "Keep this copy and the bank receipt until your")
        canvas.drawString(X0, top - 15, "payment shows on your application.")
        pen.draw(
            "ادائیگی کی رسید سنبھال کر رکھیں",
            X1 - URDU_BEARING,
            top - 12,
            7.5,
            color=GREY,
            reuse=False,
        )
        canvas.drawString(X0, bottom + 14, "Payments are matched by PSID: do not pay")
        canvas.drawString(X0, bottom + 6, "the same voucher twice.")


PROVISIONAL_EN = "PROVISIONAL — NOT PAYABLE"
PROVISIONAL_UR = "عارضی — قابل ادائیگی نہیں"


def draw_watermark_page(canvas: Canvas, pen: UrduPen) -> None:
    """The provisional watermark across each copy, under everything else."""
    for index in range(3):
        x, y = copy_origin(index)
        canvas.saveState()
        canvas.translate(x + COPY_W / 2, y + COPY_H / 2)
        canvas.rotate(64)
        canvas.setFillColor(WATERMARK)
        size = 30.0
        width = stringWidth(PROVISIONAL_EN, "Helvetica-Bold", size)
        canvas.setFont("Helvetica-Bold", size)
        canvas.drawString(-width / 2, 10, PROVISIONAL_EN)
        pen.draw(PROVISIONAL_UR, 0, -42, 30, anchor="centre", color=WATERMARK)
        canvas.restoreState()


def text_colour(provisional: bool) -> Color:
    return GREY if provisional else INK
