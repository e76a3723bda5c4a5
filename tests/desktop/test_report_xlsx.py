"""The reports' .xlsx sheets (XlsxWriter, constant memory): what openpyxl reads back from it, hostile text
included (a NUL, control characters and a lone surrogate in a name cannot make a file
no spreadsheet opens), and sheet names Excel would refuse."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from desktop.dashboard.xlsx import Workbook


def test_values_styles_and_hostile_text_read_back(tmp_path):
    path = tmp_path / "t.xlsx"
    book = Workbook(path)
    kinds = ["text", "count", "money", "date"]
    book.add_sheet(
        "Revenue: per day/district [draft]",
        kinds,
        iter(
            [
                (["Name / نام", "Count", "Amount", "Day"], True),
                (["Gul\x00 Khan\x07 <b>&", 12, 1234.5, date(2026, 11, 30)], False),
                (["\ud800lone", None, float("nan"), ""], False),
                (["Total / میزان", 12, 1234.5, None], True),
            ]
        ),
        widths=[20, 10, 12, 12],
    )
    book.add_sheet("Revenue: per day/district [draft]", ["text"], iter([(["second"], False)]))
    book.close()
    wb = load_workbook(path)
    first, second = wb.worksheets
    assert first.title == "Revenue  per day district  draf"  # 31 characters, none of []:*?/\
    assert second.title == "Revenue  per day district  dr 2"
    assert first["A2"].value == "Gul Khan <b>&" and first["B2"].value == 12
    assert first["C2"].value == 1234.5 and first["C2"].number_format == "#,##0.00"
    assert first["D2"].value.date() == date(2026, 11, 30)
    assert first["A3"].value == "lone" and first["C3"].value == "nan"
    assert first["A1"].font.b and not first["A2"].font.b and first["A4"].font.b
    assert first["A4"].value == "Total / میزان" and second["A1"].value == "second"


def test_every_format_writes_a_report_holding_hostile_text(tmp_path):
    import csv
    import subprocess

    from desktop.dashboard import reports
    from desktop.dashboard.data import Filter

    cols = [reports.Column("a", "Name", "نام"), reports.Column("n", "Count", "تعداد", "count")]
    rows = [["Gul\x00Khan\x07", 3], ["\ud800x", 1], ["گل\x00خان", 2], ["y" * 500, 10**15]]
    section = reports.Section("S", "س", cols, rows, {"n": 10**15 + 6})
    report = reports.Report("t", "Hostile", "ت", Filter(("PSH",)), [section])
    for fmt in reports.FORMATS:
        reports.write(report, fmt, tmp_path / f"r.{fmt}")
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "GulKhan" in pdf and "1,000,000,000,000,006" in pdf
    got = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert ["GulKhan", "3"] in got and ["x", "1"] in got
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert sheet["A3"].value == "GulKhan" and sheet["A4"].value == "x"
