"""The papers offices send up, as PDF (English and Urdu), .xlsx and CSV.

No Qt here: the desk runs a report on a background thread with progress and cancel
(`desktop.dashboard.report_dialog`) and `daftar report` runs the same code headless.
The revenue report's figures come from `desktop.dashboard.data.load`, the dashboard's
own loader, so its totals equal the dashboard's for the same filter.

Reports:
* daily_revenue — per office day and district: applications, vouchers, collected and
  in process; then the vouchers to reconcile (paid a different amount than due, or
  unpaid past expiry);
* licences_issued — licences issued in the period (by default the last fortnight) for
  the Home Department: number, holder (English and Urdu), CNIC, weapon, district;
* pending_mutations — open mutations (recorded, returned, verified) per tehsil and clerk,
  then each one with its age; the count equals the dashboard's backlog chart for the
  same filter (same query, `data.OPEN_MUTATIONS`, by mutation date);
* visit_roster — the day's visits per prison (by default today), one section a prison,
  by time and terminal: the list the gate works from.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, or_, select

from desktop.dashboard.data import OPEN_MUTATIONS, Filter, load
from domain import reference
from domain.errors import NotFound
from domain.ids import KARACHI
from domain.models import Inmate, Licence, Mutation, VisitBooking, VisitSlot, Voucher

FORMATS = ("pdf", "xlsx", "csv")
Progress = Callable[[int, int], None]  # (done, total)


class Cancelled(Exception):
    """The operator cancelled the report; no file is left behind."""


@dataclass
class Column:
    key: str
    en: str
    ur: str
    kind: str = "text"  # text | count | money (paisa) | date
    weight: float = 0.0  # share of the PDF's width; 0: by kind (text wider)


@dataclass
class Section:
    title_en: str
    title_ur: str
    columns: list[Column]
    rows: list[list[Any]]
    totals: dict[str, int] = field(default_factory=dict)  # column key -> total


@dataclass
class Report:
    name: str
    title_en: str
    title_ur: str
    flt: Filter
    sections: list[Section]
    source: str = "desk"
    as_of: datetime | None = None


REPORTS = {
    "daily_revenue": ("Daily revenue per district", "ضلع وار روزانہ آمدنی"),
    "licences_issued": (
        "Licences issued (fortnightly list)",
        "جاری کردہ لائسنس (پندرہ روزہ فہرست)",
    ),
    "pending_mutations": (
        "Pending mutations per tehsil and clerk",
        "تحصیل و کلرک وار زیر التواء انتقالات",
    ),
    "visit_roster": ("Visit roster of the day per prison", "جیل وار روزانہ ملاقات فہرست"),
}


def _district(code: str, lang: str = "en") -> str:
    try:
        return reference.district(code).name(lang)
    except NotFound:
        return code


def today() -> date:
    return datetime.now(KARACHI).date()


def default_filter(
    name: str, districts: Sequence[str], start: date | None, end: date | None
) -> Filter:
    """The fortnightly list defaults to the last 14 days, the visit roster to today (or
    the one day given); other reports to all dates."""
    if name == "licences_issued" and start is None and end is None:
        end = today()
        start = end - timedelta(days=13)
    if name == "visit_roster":
        if start is None and end is None:
            start = end = today()
        start, end = start or end, end or start
    return Filter(tuple(districts), start, end)


def daily_revenue(
    conn: Connection, flt: Filter, *, offline: bool = False, as_of: datetime | None = None
) -> Report:
    figures = load(conn, flt, offline=offline, as_of=as_of, extras=False)
    metrics = ("applications_received", "vouchers_generated", "collected_paisa", "in_process_paisa")
    per = {
        key: {k: m.get(k, 0) for k in metrics}
        for key, m in _pairs(conn, flt, figures.source).items()
    }  # same rows, by day and district
    cols = [
        Column("day", "Date", "تاریخ", "date"),
        Column("district", "District", "ضلع"),
        Column("applications_received", "Applications", "درخواستیں", "count"),
        Column("vouchers_generated", "Vouchers", "واؤچر", "count"),
        Column("collected_paisa", "Collected (Rs)", "وصول شدہ (روپے)", "money"),
        Column("in_process_paisa", "In process (Rs)", "زیر عمل (روپے)", "money"),
    ]
    rows = [
        [d, _district(code), *(per[(d, code)][k] for k in metrics)]
        for (d, code) in sorted(per)
        if any(per[(d, code)].values())
    ]
    main = Section(
        "Revenue per day and district",
        "روزانہ اور ضلع وار آمدنی",
        cols,
        rows,
        {k: figures.total(k) for k in metrics},
    )
    return Report(
        "daily_revenue",
        *REPORTS["daily_revenue"],
        flt,
        [main, _exceptions(conn, flt)],
        figures.source,
        as_of,
    )


def _pairs(conn: Connection, flt: Filter, source: str) -> dict[tuple[date, str], dict[str, int]]:
    """The figures per (day, district): the pulled rows, or the desk's own count."""
    from domain.figures import compute
    from domain.models import ReportFigure
    from domain.models.reports import METRICS, STATUS_PREFIX

    out: dict[tuple[date, str], dict[str, int]] = {}
    if source == "server":
        t = ReportFigure.__table__
        stmt = select(t.c.district_code, t.c.day, *(t.c[m] for m in METRICS)).where(
            t.c.district_code.in_(flt.districts)
        )
        if flt.start is not None:
            stmt = stmt.where(t.c.day >= flt.start)
        if flt.end is not None:
            stmt = stmt.where(t.c.day <= flt.end)
        for code, d, *values in conn.execute(stmt):
            out[(_as_date(d), code)] = {m: int(v or 0) for m, v in zip(METRICS, values)}
        return out
    for (code, d, metric), value in compute(conn, flt.districts).items():
        if metric.startswith(STATUS_PREFIX) or not flt.holds(d):
            continue
        out.setdefault((d, code), {})
        out[(d, code)][metric] = out[(d, code)].get(metric, 0) + value
    return out


def _exceptions(conn: Connection, flt: Filter) -> Section:
    V = Voucher
    stmt = (
        select(
            V.psid,
            V.district_code,
            V.consumer_name,
            V.status,
            V.amount_within_due_paisa,
            V.amount_after_due_paisa,
            V.paid_amount_paisa,
            V.expiry_date,
            V.issued_at,
        )
        .where(
            V.district_code.in_(flt.districts),
            or_(
                (V.status == "paid")
                & (V.paid_amount_paisa != V.amount_within_due_paisa)
                & (V.paid_amount_paisa != V.amount_after_due_paisa),
                (V.status == "unpaid") & (V.expiry_date < today()),
            ),
        )
        .order_by(V.issued_at)
    )
    rows: list[list[Any]] = []
    for psid, code, name, status, due, _after, paid, expiry, issued in conn.execute(stmt):
        day = issued if isinstance(issued, datetime) else datetime.fromisoformat(str(issued))
        d = day.date()
        if not flt.holds(d):
            continue
        why = "unpaid past expiry" if status == "unpaid" else "paid amount differs"
        rows.append(
            [
                psid or "",
                _district(code),
                name,
                why,
                due,
                paid or 0,
                expiry if isinstance(expiry, date) else date.fromisoformat(str(expiry)),
            ]
        )
    cols = [
        Column("psid", "PSID", "پی ایس آئی ڈی"),
        Column("district", "District", "ضلع"),
        Column("name", "Payer", "ادا کنندہ"),
        Column("why", "Exception", "وجہ"),
        Column("due", "Due (Rs)", "واجب (روپے)", "money"),
        Column("paid", "Paid (Rs)", "ادا شدہ (روپے)", "money"),
        Column("expiry", "Expiry", "میعاد", "date"),
    ]
    return Section(
        "Reconciliation exceptions",
        "مطابقت کے مسائل",
        cols,
        rows,
        {"due": sum(r[4] for r in rows), "paid": sum(r[5] for r in rows)},
    )


def licences_issued(conn: Connection, flt: Filter, **_kw: Any) -> Report:
    L = Licence
    stmt = (
        select(
            L.licence_no,
            L.holder_name_en,
            L.holder_name_ur,
            L.cnic,
            L.weapon_type,
            L.bore,
            L.district_code,
            L.issued_on,
            L.valid_until,
        )
        .where(L.district_code.in_(flt.districts))
        .order_by(L.issued_on, L.licence_no)
    )
    if flt.start is not None:
        stmt = stmt.where(L.issued_on >= flt.start)
    if flt.end is not None:
        stmt = stmt.where(L.issued_on <= flt.end)
    rows = []
    for no, en, ur, cnic, weapon, bore, code, issued, until in conn.execute(stmt):
        c = str(cnic)
        rows.append(
            [
                no,
                en,
                ur or "",
                f"{c[:5]}-{c[5:12]}-{c[12:]}",
                f"{weapon} {bore}",
                _district(code),
                _as_date(issued),
                _as_date(until),
            ]
        )
    cols = [
        Column("licence_no", "Licence no.", "لائسنس نمبر"),
        Column("name_en", "Holder", "نام"),
        Column("name_ur", "Holder (Urdu)", "نام (اردو)"),
        Column("cnic", "CNIC", "شناختی کارڈ"),
        Column("weapon", "Weapon", "اسلحہ"),
        Column("district", "District", "ضلع"),
        Column("issued_on", "Issued", "اجراء", "date"),
        Column("valid_until", "Valid until", "تاریخ تنسیخ", "date"),
    ]
    section = Section("Licences issued", "جاری کردہ لائسنس", cols, rows, {"name_en": len(rows)})
    return Report("licences_issued", *REPORTS["licences_issued"], flt, [section])


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _tehsil(code: str, lang: str = "en") -> str:
    try:
        return reference.tehsil(code).name(lang)
    except NotFound:
        return code


def _mutation_type(code: str) -> str:
    try:
        return reference.mutation_type(code).name_en
    except NotFound:
        return code


def pending_mutations(conn: Connection, flt: Filter, **_kw: Any) -> Report:
    """Open mutations per tehsil and clerk (who recorded them), with the oldest one's
    date, then the list, oldest first, with the days each has waited."""
    M = Mutation
    stmt = (
        select(
            M.tehsil_code,
            M.recorded_by,
            M.mutation_no,
            M.mutation_date,
            M.mauza,
            M.mutation_type,
            M.status,
            M.district_code,
        )
        .where(M.district_code.in_(flt.districts), M.status.in_(OPEN_MUTATIONS))
        .order_by(M.mutation_date, M.mutation_no)
    )
    if flt.start is not None:
        stmt = stmt.where(M.mutation_date >= flt.start)
    if flt.end is not None:
        stmt = stmt.where(M.mutation_date <= flt.end)
    now = today()
    per: dict[tuple[str, str], dict[str, Any]] = {}
    listed = []
    for tehsil, clerk, no, day, mauza, kind, status, code in conn.execute(stmt):
        d = _as_date(day)
        name = _tehsil(tehsil)
        group = per.setdefault(
            (name, clerk), {"tehsil_ur": _tehsil(tehsil, "ur"), "oldest": d, "district": code}
        )
        group[status] = group.get(status, 0) + 1
        group["oldest"] = min(group["oldest"], d)
        listed.append([no, d, name, mauza, _mutation_type(kind), status, clerk, (now - d).days])
    summary_rows = [
        [
            _district(g["district"]),
            tehsil,
            g["tehsil_ur"],
            clerk,
            *(g.get(st, 0) for st in OPEN_MUTATIONS),
            sum(g.get(st, 0) for st in OPEN_MUTATIONS),
            g["oldest"],
        ]
        for (tehsil, clerk), g in sorted(per.items())
    ]
    summary = Section(
        "Pending per tehsil and clerk",
        "تحصیل و کلرک وار زیر التواء",
        [
            Column("district", "District", "ضلع"),
            Column("tehsil", "Tehsil", "تحصیل"),
            Column("tehsil_ur", "Tehsil (Urdu)", "تحصیل (اردو)"),
            Column("clerk", "Clerk", "کلرک"),
            Column("recorded", "Recorded", "درج شدہ", "count"),
            Column("returned", "Returned", "واپس شدہ", "count"),
            Column("verified", "Verified", "تصدیق شدہ", "count"),
            Column("pending", "Pending", "زیر التواء", "count"),
            Column("oldest", "Oldest", "قدیم ترین", "date"),
        ],
        summary_rows,
        {
            k: sum(r[4 + i] for r in summary_rows)
            for i, k in enumerate(("recorded", "returned", "verified", "pending"))
        },
    )
    detail = Section(
        "Pending mutations, oldest first",
        "زیر التواء انتقالات، قدیم ترین پہلے",
        [
            Column("mutation_no", "Mutation no.", "نمبر انتقال"),
            Column("date", "Date", "تاریخ", "date"),
            Column("tehsil", "Tehsil", "تحصیل"),
            Column("mauza", "Mauza", "موضع"),
            Column("type", "Type", "قسم"),
            Column("status", "Status", "حیثیت"),
            Column("clerk", "Clerk", "کلرک"),
            Column("days", "Days waiting", "دن", "count"),
        ],
        listed,
        {"tehsil": len(listed)},
    )
    return Report("pending_mutations", *REPORTS["pending_mutations"], flt, [summary, detail])


def visit_roster(conn: Connection, flt: Filter, **_kw: Any) -> Report:
    """The visits of the filter's days (Karachi office days) per prison, by time and
    terminal; withdrawn and rejected requests left out, as on the dashboard."""
    from domain.visit_slots import local_time, to_utc

    B, S, inmate = VisitBooking, VisitSlot, Inmate
    stmt = (
        select(
            S.prison_code,
            S.starts_at,
            S.terminal,
            B.booking_no,
            inmate.inmate_no,
            inmate.name_en,
            inmate.name_ur,
            B.lead_visitor_cnic,
            B.visitors,
            B.status,
        )
        .select_from(B)
        .join(S, S.id == B.slot_id)
        .join(inmate, inmate.id == B.inmate_id)
        .where(B.district_code.in_(flt.districts), B.status.not_in(("withdrawn", "rejected")))
        .order_by(S.prison_code, S.starts_at, S.terminal, B.booking_no)
    )
    if flt.start is not None:
        stmt = stmt.where(S.starts_at >= to_utc(flt.start, time(0)))
    if flt.end is not None:
        stmt = stmt.where(S.starts_at < to_utc(flt.end + timedelta(days=1), time(0)))
    per: dict[str, list[list[Any]]] = {}
    for prison, at, term, no, inmate_no, en, ur, cnic, visitors, status in conn.execute(stmt):
        when = local_time(at if isinstance(at, datetime) else datetime.fromisoformat(str(at)))
        people = visitors if isinstance(visitors, list) else []
        lead = next((str(v.get("name") or "") for v in people if isinstance(v, dict)), "")
        c = str(cnic)
        per.setdefault(prison, []).append(
            [
                when.date(),
                f"{when:%H:%M}",
                term,
                no,
                inmate_no,
                en,
                ur or "",
                f"{c[:5]}-{c[5:12]}-{c[12:]}" if len(c) == 13 else c,
                lead,
                len(people),
                status.replace("_", " "),
            ]
        )
    cols = [
        Column("day", "Date", "تاریخ", "date", 1.1),
        Column("time", "Time", "وقت", "text", 0.7),
        Column("terminal", "Terminal", "ٹرمینل", "text", 0.8),
        Column("booking_no", "Booking no.", "بکنگ نمبر", "text", 1.5),
        Column("inmate_no", "Inmate no.", "قیدی نمبر", "text", 1.2),
        Column("inmate", "Inmate", "قیدی", "text", 2.0),
        Column("inmate_ur", "Inmate (Urdu)", "قیدی (اردو)", "text", 1.8),
        Column("cnic", "Lead visitor CNIC", "شناختی کارڈ", "text", 1.6),
        Column("lead", "Lead visitor", "ملاقاتی", "text", 2.0),
        Column("visitors", "Visitors", "ملاقاتی تعداد", "count", 0.9),
        Column("status", "Status", "حیثیت", "text", 1.0),
    ]
    sections = []
    for code in sorted(per, key=lambda c: _prison(c)):
        rows = per[code]
        sections.append(
            Section(
                _prison(code),
                _prison(code, "ur"),
                cols,
                rows,
                {"booking_no": len(rows), "visitors": sum(r[9] for r in rows)},
            )
        )
    if not sections:
        sections.append(Section("No visits", "کوئی ملاقات نہیں", cols, []))
    return Report("visit_roster", *REPORTS["visit_roster"], flt, sections)


def _prison(code: str, lang: str = "en") -> str:
    try:
        return reference.prison(code).name(lang)
    except NotFound:
        return code


BUILDERS: dict[str, Callable[..., Report]] = {
    "daily_revenue": daily_revenue,
    "licences_issued": licences_issued,
    "pending_mutations": pending_mutations,
    "visit_roster": visit_roster,
}


def build(name: str, conn: Connection, flt: Filter, **kw: Any) -> Report:
    return BUILDERS[name](conn, flt, **kw)


# -- writing --------------------------------------------------------------------------------
def _cell(col: Column, value: Any) -> Any:
    if col.kind == "money":
        return int(value) / 100
    return value


def _text(col: Column, value: Any) -> str:
    if col.kind == "money":
        whole, rest = divmod(int(value), 100)
        return f"{whole:,}" if rest == 0 else f"{whole:,}.{rest:02d}"
    if col.kind == "count":
        return f"{int(value):,}"
    if col.kind == "date":
        return value.strftime("%d-%m-%Y")
    return str(value)


def _period(flt: Filter) -> str:
    a = flt.start.strftime("%d-%m-%Y") if flt.start else "—"
    b = flt.end.strftime("%d-%m-%Y") if flt.end else "—"
    return f"{a} to {b}"


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def write_csv(
    report: Report,
    path: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    total = sum(len(s.rows) for s in report.sections)
    done = 0
    from desktop.dashboard.xlsx import clean

    # BOM: Excel reads the Urdu; control characters and lone surrogates dropped or replaced
    with path.open("w", newline="", encoding="utf-8-sig", errors="replace") as f:
        w = csv.writer(f)
        w.writerow([report.title_en, _period(report.flt)])
        for s in report.sections:
            w.writerow([])
            w.writerow([s.title_en])
            w.writerow([c.en for c in s.columns])
            for row in s.rows:
                w.writerow(
                    [
                        _text(c, v)
                        if c.kind in ("money", "date")
                        else clean(v)
                        if isinstance(v, str)
                        else v
                        for c, v in zip(s.columns, row)
                    ]
                )
                done += 1
                if done % 2000 == 0:
                    _check(cancel)
                    if progress:
                        progress(done, total)
            if s.totals:
                w.writerow(
                    ["Total"]
                    + [
                        _text(c, s.totals[c.key])
                        if c.key in s.totals and c.kind != "text"
                        else s.totals.get(c.key, "")
                        for c in s.columns[1:]
                    ]
                )


def write_xlsx(
    report: Report,
    path: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """One sheet per section: the title line, the headings (English / Urdu, bold), the
    rows and the bold total; streamed (`desktop.dashboard.xlsx`), amounts in rupees."""
    from desktop.dashboard.xlsx import Workbook

    total = sum(len(s.rows) for s in report.sections)
    done = 0

    def lines(s: Section) -> Any:
        nonlocal done
        yield [report.title_en, report.title_ur, _period(report.flt)], True
        yield [f"{c.en} / {c.ur}" for c in s.columns], True
        for row in s.rows:
            yield [_cell(c, v) for c, v in zip(s.columns, row)], False
            done += 1
            if done % 2000 == 0:
                _check(cancel)
                if progress:
                    progress(done, total)
        if s.totals:
            yield (
                [
                    "Total / میزان"
                    if i == 0
                    else (_cell(c, s.totals[c.key]) if c.key in s.totals else None)
                    for i, c in enumerate(s.columns)
                ],
                True,
            )

    book = Workbook(path)
    try:
        for s in report.sections:
            widths = [24.0 if c.kind == "text" else 14.0 for c in s.columns]
            book.add_sheet(s.title_en, [c.kind for c in s.columns], lines(s), widths)
    finally:
        book.close()
    _check(cancel)


def write_pdf(
    report: Report,
    path: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Landscape A4, drawn line by line on the canvas (a platypus table of 20,000 rows
    takes minutes to split); English headings with their Urdu beside them, Urdu cells
    shaped once per distinct text (`UrduPen`)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from desktop.dashboard.xlsx import clean
    from desktop.printing.urdu import UrduPen, is_rtl_word, register_fonts

    register_fonts()
    width, height = landscape(A4)
    c = Canvas(str(path), pagesize=(width, height), pageCompression=1)
    c.setTitle(report.title_en)
    pen = UrduPen(c)
    margin, line = 28.0, 13.0
    total = sum(len(s.rows) for s in report.sections)
    done = 0
    page = [0]

    def header(section: Section) -> float:
        page[0] += 1
        y = height - margin
        c.setFont("Helvetica-Bold", 13)
        c.drawString(margin, y - 10, report.title_en)
        pen.draw(report.title_ur, width - margin, y - 12, 12, anchor="right", bold=True)
        c.setFont("Helvetica", 8.5)
        y -= 28
        as_of = f"  ·  as of the last sync {report.as_of:%d-%m-%Y %H:%M}" if report.as_of else ""
        c.drawString(margin, y, f"{_period(report.flt)}  ·  page {page[0]}{as_of}")
        y -= 20
        c.setFont("Helvetica-Bold", 10)
        c.drawString(margin, y, section.title_en)
        pen.draw(section.title_ur, width - margin, y, 9.5, anchor="right")
        y -= 16
        c.setFont("Helvetica-Bold", 8)
        xs = positions(section)
        for col, x in zip(section.columns, xs):
            right = col.kind in ("money", "count")
            if right:
                c.drawRightString(x[1], y, col.en)
            else:
                c.drawString(x[0], y, col.en)
        y -= line + 2
        for col, x in zip(section.columns, xs):
            pen.draw(
                col.ur,
                x[1] if col.kind in ("money", "count") else x[0] + pen.width(col.ur, 7),
                y + 3,
                7,
                anchor="right",
            )
        c.line(margin, y - 5, width - margin, y - 5)  # Nastaliq reaches below its line
        y -= line + 6
        c.setFont("Helvetica", 8)
        return y

    def positions(section: Section) -> list[tuple[float, float]]:
        weights = [c.weight or (2.2 if c.kind == "text" else 1.2) for c in section.columns]
        unit = (width - 2 * margin) / sum(weights)
        out, x = [], margin
        for w in weights:
            out.append((x, x + w * unit - 6))
            x += w * unit
        return out

    for s in report.sections:
        xs = positions(s)
        y = header(s)
        if not s.rows:
            c.drawString(margin, y, "None.")
            y -= line
        for row in s.rows:
            if y < margin + line:
                c.showPage()
                y = header(s)
            for col, x, value in zip(s.columns, xs, row):
                text = clean(_text(col, value))  # no boxes for control characters
                if col.kind in ("money", "count"):
                    c.drawRightString(x[1], y, text)
                elif text and is_rtl_word(text):
                    pen.draw(text, x[1], y, 8, anchor="right")
                else:
                    c.drawString(x[0], y, text[:40])
            y -= line
            done += 1
            if done % 1000 == 0:
                _check(cancel)
                if progress:
                    progress(done, total)
        if s.totals:
            if y < margin + line:
                c.showPage()
                y = header(s)
            c.setFont("Helvetica-Bold", 8)
            c.line(margin, y + line - 3, width - margin, y + line - 3)
            c.drawString(margin, y, "Total")
            for col, x in zip(s.columns[1:], xs[1:]):
                if col.key in s.totals:
                    text = (
                        _text(col, s.totals[col.key])
                        if col.kind in ("money", "count")
                        else f"{s.totals[col.key]:,}"
                    )
                    c.drawRightString(x[1], y, text)
            c.setFont("Helvetica", 8)
        c.showPage()
    _check(cancel)
    c.save()


WRITERS: dict[str, Callable[..., None]] = {"pdf": write_pdf, "xlsx": write_xlsx, "csv": write_csv}


def write(
    report: Report,
    fmt: str,
    path: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write the report; on cancel or failure no half-written file is left."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        WRITERS[fmt](report, tmp, progress, cancel)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        total = sum(len(s.rows) for s in report.sections)
        progress(total, total)
    return path
