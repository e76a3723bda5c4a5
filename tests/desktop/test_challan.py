"""Challan PDFs: what a bank scans, what a citizen reads, what a provisional voucher hides.

No Qt: printing is plain reportlab. The page is rasterised with poppler's pdftoppm and
read back with zbarimg, the way a bank's scanner would see a printout.
"""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel, QRNumber

from desktop.printing import challan_layout as layout
from desktop.printing.challan import (
    ChallanData,
    format_rupees,
    render_challan,
    render_challans,
)
from desktop.printing.symbols import code128_bars, penalty, qr_matrix
from desktop.printing.urdu import shaped_paragraph, visual_order

PSID = "10020261234567890"
DPI = 150


def voucher(**changes: object) -> ChallanData:
    base = ChallanData(
        psid=PSID,
        provisional=False,
        department="Home & Tribal Affairs Department",
        office_name="Office of the Deputy Commissioner",
        district_name_en="Peshawar",
        district_name_ur="پشاور",
        application_no="AL-PSH-2026-004512",
        consumer_name="Muhammad Imran Khan",
        consumer_name_ur="محمد عمران خان",
        cnic="17301-1234567-9",
        mobile="0300-1234567",
        purpose_en="Arms licence, new (NPB pistol)",
        purpose_ur="اسلحہ لائسنس نیا",
        heads=[
            ("C02101", "Arms licence fee", 1_250_000),
            ("C02102", "Processing fee", 150_000),
            ("B01235", "Police verification", 50_000),
        ],
        amount_within_due_paisa=1_450_000,
        amount_after_due_paisa=1_595_000,
        due_date=date(2026, 12, 6),
        expiry_date=date(2026, 12, 21),
        issued_at=datetime(2026, 11, 22, 9, 5, tzinfo=timezone.utc),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (poppler-utils / zbar-tools)")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    _need("pdftotext")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _page_count(pdf: bytes, tmp_path: Path) -> int:
    _need("pdfinfo")
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def _scan_copies(pdf: bytes, tmp_path: Path, page: int = 1) -> list[set[str]]:
    """What zbarimg reads on each of the three copies of ``page``, rasterised at 150 dpi.

    Each copy is cut out on its own, as a bank scans its copy: zbar reports a linear
    code once per image however many times it appears.
    """
    _need("pdftoppm", "zbarimg")
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    found: list[set[str]] = []
    for index in range(3):
        x = round(layout.copy_origin(index)[0] * DPI / 72)
        prefix = tmp_path / f"copy{index}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(DPI),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                "-x",
                str(x),
                "-y",
                "0",
                "-W",
                str(round(layout.COPY_W * DPI / 72)),
                "-H",
                str(round(layout.PAGE_H * DPI / 72)),
                str(path),
                str(prefix),
            ],
            check=True,
        )
        scan = subprocess.run(["zbarimg", "-q", f"{prefix}.png"], capture_output=True, text=True)
        assert scan.returncode in (0, 4), scan.stderr  # 4: nothing found
        found.append({line.strip() for line in scan.stdout.splitlines() if line.strip()})
    return found


def test_every_copy_carries_a_qr_code_and_a_code128_that_read_as_the_psid(tmp_path):
    pdf = render_challan(voucher())
    for symbols in _scan_copies(pdf, tmp_path):
        assert symbols == {f"QR-Code:{PSID}", f"CODE-128:{PSID}"}


def test_challan_is_one_page_with_bank_office_and_applicant_copies_and_the_amounts(tmp_path):
    pdf = render_challan(voucher())
    assert pdf.startswith(b"%PDF")
    assert _page_count(pdf, tmp_path) == 1
    text = _pdf_text(pdf, tmp_path)
    for words in ("BANK COPY", "OFFICE COPY", "APPLICANT COPY"):
        assert text.count(words) == 1, words
    for words in (
        PSID,
        "Rs 14,500.00",
        "Rs 15,950.00",
        "06-Dec-2026",
        "21-Dec-2026",
        "17301-1234567-9",
        "Arms licence fee",
        "12,500.00",
        "1,500.00",
        "500.00",
    ):
        assert text.count(words) >= 3, words
    assert "22-Nov-2026 14:05 PKT" in text  # issued 09:05 UTC, shown in Pakistan time


def _watermark_pixels(pdf: bytes, tmp_path: Path) -> int:
    """How many pixels of the page have the watermark's pale red."""
    _need("pdftoppm")
    from PIL import Image  # pillow comes with reportlab

    path = tmp_path / "mark.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-singlefile", str(path), str(tmp_path / "mark")],
        check=True,
    )
    with Image.open(tmp_path / "mark.png") as image:
        data = image.convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3])
    return sum(1 for r, g, b in pixels if r > 200 and r - g > 30 and r - b > 30)


def test_provisional_voucher_prints_the_watermark_and_no_barcode_or_qr(tmp_path):
    pdf = render_challan(voucher(psid=None, provisional=True))
    assert _scan_copies(pdf, tmp_path) == [set(), set(), set()]
    assert _watermark_pixels(pdf, tmp_path) > 2000
    text = _pdf_text(pdf, tmp_path)
    assert text.count("PROVISIONAL") >= 3
    assert "Rs 14,500.00" in text


def test_payable_voucher_has_no_watermark(tmp_path):
    assert _watermark_pixels(render_challan(voucher()), tmp_path) == 0


def test_voucher_marked_provisional_hides_even_a_reserved_psid_from_scanners(tmp_path):
    pdf = render_challan(voucher(provisional=True))
    assert _scan_copies(pdf, tmp_path) == [set(), set(), set()]
    assert "reserved " + PSID in _pdf_text(pdf, tmp_path)


def test_batch_prints_one_page_per_voucher_in_order(tmp_path):
    psids = [f"1002026{n:010d}" for n in (7, 8, 9)]
    vouchers = [
        voucher(psid=psids[0]),
        voucher(psid=None, provisional=True),
        voucher(psid=psids[2], consumer_name_ur="عائشہ بی بی"),
    ]
    pdf = render_challans(vouchers)
    assert _page_count(pdf, tmp_path) == 3
    assert _scan_copies(pdf, tmp_path, page=3)[0] == {f"QR-Code:{psids[2]}", f"CODE-128:{psids[2]}"}
    assert _scan_copies(pdf, tmp_path, page=2)[0] == set()


def test_printing_nothing_is_an_error():
    with pytest.raises(ValueError):
        render_challans([])


def test_long_values_are_shrunk_or_cut_to_fit_their_column():
    text, size = layout.fit_text("Office of the Deputy Commissioner " * 4, "Helvetica", 8, 120)
    assert text.endswith("…") and size == 5.5
    assert layout.fit_text("Peshawar", "Helvetica", 8, 120) == ("Peshawar", 8)
    pdf = render_challan(
        voucher(
            consumer_name="Sahibzada Muhammad Abdul Rehman Khan Yousafzai " * 2,
            heads=[("C0", "A very long head of account label " * 3, 1)],
        )
    )
    assert pdf.startswith(b"%PDF")


def test_amounts_are_rupees_and_paisa():
    assert format_rupees(1_450_000) == "14,500.00"
    assert format_rupees(5) == "0.05"
    assert format_rupees(-12_345) == "-123.45"


def test_urdu_words_are_laid_out_right_to_left_keeping_numbers_in_reading_order():
    assert visual_order("عارضی — قابل ادائیگی نہیں") == "نہیں ادائیگی قابل — عارضی"
    assert visual_order("فیس 2024 KP ادا") == "ادا 2024 KP فیس"


def test_urdu_is_shaped_into_joined_letter_forms():
    para, width = shaped_paragraph("محمد عمران خان", 10)
    words = para.blPara.lines[0].words
    text = "".join(frag.text for frag in words)
    # harfbuzz output is glyphs, which reportlab carries as private-use code points;
    # unshaped text would still be the Arabic-block letters typed in.
    assert text and all("\ue000" <= ch <= "\uf8ff" or ch == " " for ch in text)
    assert 30 < width < 120


def _naive_penalty(dark: list[list[bool]]) -> int:
    """ISO/IEC 18004 penalty written out plainly, to check the bit-twiddled one."""
    n = len(dark)
    lines = [row[:] for row in dark] + [[dark[r][c] for r in range(n)] for c in range(n)]
    score = 0
    for line in lines:
        run = 1
        for a, b in itertools.pairwise(line):
            if a == b:
                run += 1
            else:
                score += run - 2 if run >= 5 else 0
                run = 1
        score += run - 2 if run >= 5 else 0
        padded = [False] * 4 + line + [False] * 4
        for i in range(len(padded) - 10):
            window = padded[i : i + 11]
            if window in (
                [True, False, True, True, True, False, True] + [False] * 4,
                [False] * 4 + [True, False, True, True, True, False, True],
            ):
                score += 40
    for r in range(n - 1):
        for c in range(n - 1):
            if dark[r][c] == dark[r][c + 1] == dark[r + 1][c] == dark[r + 1][c + 1]:
                score += 3
    count = sum(map(sum, dark))
    score += 10 * (abs(count * 20 - n * n * 10) // (n * n))
    return score


def test_qr_symbol_is_reportlabs_own_with_the_lowest_penalty_mask():
    rng = random.Random(7)
    for _ in range(5):
        psid = "".join(rng.choice("0123456789") for _ in range(17))
        matrix = qr_matrix(psid)
        scores = []
        for mask in range(8):
            code = QRCode(None, QRErrorCorrectLevel.M)
            code.addData(QRNumber(psid))
            code.version = code.calculate_version()
            code.makeImpl(False, mask)
            scores.append(_naive_penalty(code.modules))
            if mask == matrix.mask:
                assert [
                    [matrix.is_dark(r, c) for c in range(matrix.size)] for r in range(matrix.size)
                ] == code.modules
        assert scores[matrix.mask] == min(scores)
        assert penalty(matrix.rows, matrix.size) == scores[matrix.mask]


def test_code128_of_a_psid_uses_double_density_digits():
    bars = code128_bars(PSID)
    # start + 8 digit pairs + 1 switch + 1 digit + check = 12 symbols of 11 modules, stop 13
    assert bars.modules == 12 * 11 + 13


def test_heads_beyond_the_room_are_summed_so_the_total_still_matches(tmp_path):
    heads = [(f"C{n:05d}", f"Head {n}", 10_000) for n in range(20)]
    pdf = render_challan(
        voucher(heads=heads, amount_within_due_paisa=200_000, amount_after_due_paisa=220_000)
    )
    text = _pdf_text(pdf, tmp_path)
    assert "more heads" in text
    assert "2,000.00" in text  # the total of all twenty
    assert "Head 0" in text and "Head 19" not in text
