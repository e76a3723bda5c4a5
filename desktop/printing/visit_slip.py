"""The visit slip a family takes home: a one-page A5 PDF with the visit's date and time
in Asia/Karachi, the prison and terminal, the meeting link as text and as a QR code,
the visitors, and the instructions in English and Urdu (shaped through reportlab's
Paragraph with shaping=1, as the challan's Urdu is: `desktop.printing.urdu`).

A provisional booking (beyond the desk's leased seats, not yet confirmed by the
server) prints PROVISIONAL and no link or QR: the family must not join a meeting the
server may still reject. No Qt here: the desktop runs this off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.symbols import draw_qr, qr_matrix
from desktop.printing.urdu import UrduPen, register_fonts
from domain.visit_slots import local_time

GREY = Color(0.35, 0.35, 0.35)
RED = Color(0.75, 0.1, 0.1)
INSTRUCTIONS_EN = (
    "Join from a quiet place 10 minutes before the time; have the lead visitor's CNIC ready.",
    "Only the visitors named on this slip may join; the prison checks each CNIC.",
    "The link is for this visit only: do not share it.",
    "To cancel or change, call the help desk that booked the visit.",
)
INSTRUCTIONS_UR = (
    "وقت سے دس منٹ پہلے کسی پرسکون جگہ سے شامل ہوں؛ مرکزی ملاقاتی کا شناختی کارڈ تیار رکھیں۔",
    "صرف اس پرچی پر درج ملاقاتی شامل ہو سکتے ہیں؛ جیل ہر شناختی کارڈ کی جانچ کرتی ہے۔",
    "یہ لنک صرف اسی ملاقات کے لیے ہے: کسی کو نہ دیں۔",
    "منسوخی یا تبدیلی کے لیے بکنگ کرنے والے ہیلپ ڈیسک سے رابطہ کریں۔",
)


@dataclass(frozen=True)
class SlipData:
    booking_no: str
    confirmed: bool
    prison_en: str
    prison_ur: str
    terminal: str
    starts_at: datetime  # stored UTC; printed in Karachi time
    minutes: int
    inmate_no: str
    inmate_name: str
    link: str
    visitors: list[dict[str, str]] = field(default_factory=list)  # name, cnic, relationship

    @property
    def local_start_text(self) -> str:
        """The visit's start as the slip prints it: Karachi wall-clock."""
        return f"{local_time(self.starts_at):%d-%m-%Y %H:%M}"


def render_visit_slip(slip: SlipData) -> bytes:
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=A5, pageCompression=1)
    canvas.setTitle(f"Visit slip {slip.booking_no}")
    pen = UrduPen(canvas, prefix="slip")
    width, height = A5
    left, right = 36.0, width - 36.0
    y = height - 48
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(left, y, "Virtual prison visit")
    pen.draw("ورچوئل جیل ملاقات", right, y, 15, bold=True)
    y -= 22
    canvas.setFont("Helvetica", 10)
    canvas.drawString(left, y, f"Booking {slip.booking_no}")
    status_en = "CONFIRMED" if slip.confirmed else "PROVISIONAL - not yet confirmed"
    canvas.setFillColor(black if slip.confirmed else RED)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawRightString(right, y, status_en)
    canvas.setFillColor(black)
    y -= 26
    when = local_time(slip.starts_at)
    rows = (
        ("Date", f"{when:%A %d-%m-%Y}", "تاریخ"),
        ("Time (Pakistan)", f"{when:%H:%M} for {slip.minutes} minutes", "وقت"),
        ("Prison", slip.prison_en, "جیل"),
        ("Terminal", slip.terminal, "ٹرمینل"),
        ("Inmate", f"{slip.inmate_no}  {slip.inmate_name}", "قیدی"),
    )
    for label, value, label_ur in rows:
        canvas.setFont("Helvetica", 9)
        canvas.setFillColor(GREY)
        canvas.drawString(left, y, label)
        canvas.setFillColor(black)
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(left + 90, y, value)
        pen.draw(label_ur, right, y, 10, color=GREY)
        y -= 18
    pen.draw(slip.prison_ur, right - 40, y + 18 * 3, 10)
    y -= 6
    qr_side = 0.0
    if slip.confirmed and slip.link:
        matrix = qr_matrix(slip.link)
        module = 2.6
        qr_side = matrix.size * module
        draw_qr(canvas, matrix, right - qr_side, y - qr_side, module)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(left, y - 12, "Meeting link:")
        pen.draw("ملاقات کا لنک", left + 160, y - 12, 10, anchor="left")
        canvas.setFont("Courier-Bold", 8)
        text = slip.link
        line_y = y - 28
        room = int((right - qr_side - left - 8) / 4.8)
        for start in range(0, len(text), room):
            canvas.drawString(left, line_y, text[start : start + room])
            line_y -= 11
    else:
        canvas.setFont("Helvetica-Bold", 10)
        canvas.setFillColor(RED)
        canvas.drawString(left, y - 14, "The meeting link comes when the booking is confirmed.")
        pen.draw("بکنگ کی تصدیق کے بعد ملاقات کا لنک دیا جائے گا۔", right, y - 30, 10, color=RED)
        canvas.setFillColor(black)
        qr_side = 34
    y -= max(qr_side, 40) + 30
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(left, y, "Visitors")
    pen.draw("ملاقاتی", right, y, 11, bold=True)
    y -= 15
    canvas.setFont("Helvetica", 9)
    for v in slip.visitors:
        canvas.drawString(left, y, f"{v.get('name', '')}")
        canvas.drawString(left + 150, y, v.get("cnic", "") or "(child)")
        canvas.drawString(left + 260, y, v.get("relationship", ""))
        y -= 13
    y -= 10
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(left, y, "Instructions")
    y -= 14
    canvas.setFont("Helvetica", 8.5)
    for line in INSTRUCTIONS_EN:
        canvas.drawString(left, y, f"- {line}")
        y -= 12
    y -= 8
    pen.draw("ہدایات", right, y, 11, bold=True)
    y -= 20
    for line in INSTRUCTIONS_UR:
        pen.draw(line, right, y, 9.5, reuse=False)
        y -= 19
    canvas.showPage()
    canvas.save()
    return out.getvalue()
