"""The licence card a police picket scans: the barcode reads as the licence number."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from desktop.printing.licence_card import CARD_H, CARD_W, LicenceCardData, render_licence_card


def card(**changes: object) -> LicenceCardData:
    data = dict(
        licence_no="PSH-26-L3000042",
        holder_name_en="Muhammad Imran Khan",
        holder_name_ur="محمد عمران خان",
        father_name_en="Gul Khan",
        cnic="17301-1234567-9",
        weapon_en="Pistol",
        weapon_ur="پستول",
        bore=".30",
        weapon_number="PK-30-778812",
        weapon_make="Daudsons",
        validity_en="District",
        validity_ur="ضلعی",
        district_en="Peshawar",
        district_ur="پشاور",
        issued_on=date(2026, 11, 22),
        valid_until=date(2029, 11, 22),
    )
    data.update(changes)
    return LicenceCardData(**data)  # type: ignore[arg-type]


def _media_box(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert match, "no MediaBox"
    return float(match.group(1)), float(match.group(2))


def test_card_is_a_cr80_pdf_or_an_a4_sheet():
    cr80 = render_licence_card(card())
    assert cr80.startswith(b"%PDF")
    assert _media_box(cr80) == pytest.approx((CARD_W, CARD_H), abs=0.01)  # 85.6 x 54 mm
    a4 = render_licence_card(card(), sheet="a4")
    assert _media_box(a4) == pytest.approx((595.28, 841.89), abs=0.01)
    with pytest.raises(ValueError):
        render_licence_card(card(), sheet="letter")
    assert CARD_W > CARD_H


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools",
)
def test_the_barcode_scans_as_the_licence_number(tmp_path):
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(render_licence_card(card(), sheet="a4"))
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "card")],
        check=True,
    )
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Scode128.enable=1", str(tmp_path / "card.png")],
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == ["PSH-26-L3000042"]
