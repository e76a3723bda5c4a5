"""Self-test steps of the licence workflow: an application, its voucher and the
challan PDF printed for it."""

from __future__ import annotations

import time
from dataclasses import replace

from daftar_cli.selftest import SelfTest, require, step


@step("licence application", order=30)
def licence_application(ctx: SelfTest) -> str:
    from domain.ids import new_id
    from domain.models import LicenceApplication

    ctx.application_id = new_id()
    number = f"PSH-ST-{ctx.application_id[-8:].upper()}"
    result = ctx.store.execute(
        "submit_licence_application",
        {
            "application_id": ctx.application_id,
            "application_no": number,
            "kind": "new",
            "weapon_type": "pistol",
            "bore": ".30",
            "validity": "district",
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
            "applicant": {
                "cnic": "17301-1234567-1",
                "name_en": "Gul Khan",
                "name_ur": "گل خان",
                "father_name_en": "Sher Khan",
                "date_of_birth": "1980-01-01",
                "mobile": "03001234567",
            },
        },
        actor="selftest",
    )
    with ctx.store.sessions() as s:
        app = s.get(LicenceApplication, ctx.application_id)
        require(
            app is not None and app.status == "submitted",
            "the application was not written as submitted",
        )
        fee = app.fee_paisa
    return f"{result.summary}; fee Rs {fee / 100:,.0f}"


@step("voucher", order=40)
def voucher(ctx: SelfTest) -> str:
    from domain.ids import new_id
    from domain.models import LicenceApplication, Voucher

    ctx.voucher_id = new_id()
    result = ctx.store.execute(
        "issue_voucher",
        {
            "voucher_id": ctx.voucher_id,
            "application_id": ctx.application_id,
        },
        actor="selftest",
    )
    with ctx.store.sessions() as s:
        voucher = s.get(Voucher, ctx.voucher_id)
        require(voucher is not None and voucher.status == "unpaid", "no unpaid voucher")
        app = s.get(LicenceApplication, ctx.application_id)
        require(app.status == "voucher_issued", f"application is {app.status}")
    pending = ctx.store.pending_count()
    require(pending == 2, f"the outbox should hold 2 pending commands, holds {pending}")
    return f"{result.summary}; 2 commands pending in the outbox"


@step("challan PDF", order=50)
def challan_pdf(ctx: SelfTest) -> str:
    from desktop.printing.challan import ChallanData, render_challan
    from domain import reference
    from domain.models import LicenceApplication, Voucher

    with ctx.store.sessions() as s:
        v = s.get(Voucher, ctx.voucher_id)
        app = s.get(LicenceApplication, ctx.application_id)
        district = reference.district(app.district_code)
        digits = v.cnic
        data = ChallanData(
            psid=v.psid,
            provisional=v.provisional,
            department="Home & Tribal Affairs Department, Khyber Pakhtunkhwa",
            office_name="Office of the Deputy Commissioner",
            district_name_en=district.name_en,
            district_name_ur=district.name_ur,
            application_no=app.application_no,
            consumer_name=v.consumer_name,
            consumer_name_ur=app.applicant_name_ur,
            cnic=f"{digits[:5]}-{digits[5:12]}-{digits[12:]}",
            mobile=v.mobile,
            purpose_en=f"Arms licence, new ({app.weapon_type} {app.bore})",
            purpose_ur="اسلحہ لائسنس نیا",
            heads=[(str(h[0]), str(h[1]), int(h[2])) for h in v.heads],
            amount_within_due_paisa=v.amount_within_due_paisa,
            amount_after_due_paisa=v.amount_after_due_paisa,
            due_date=v.due_date,
            expiry_date=v.expiry_date,
            issued_at=v.issued_at,
        )
    from reportlab.lib import rl_accel

    require(
        not rl_accel._py_funcs,
        "reportlab runs without its C accelerator (_rl_accel): "
        f"{', '.join(sorted(rl_accel._py_funcs))} fall back to pure Python",
    )
    started = time.perf_counter()
    pdf = render_challan(data)
    ms = (time.perf_counter() - started) * 1000
    require(pdf.startswith(b"%PDF"), f"the challan does not start with %PDF: {pdf[:8]!r}")
    require(b"NotoNastaliqUrdu" in pdf, "the Urdu font is not embedded in the challan")
    (ctx.work / "challan.pdf").write_bytes(pdf)
    kind = "provisional" if data.provisional else f"PSID {data.psid}"
    # A voucher issued offline is provisional and carries no QR or barcode; draw a
    # payable specimen too, so the QR and Code128 code paths run in this bundle.
    specimen = render_challan(replace(data, psid="1003626100000001", provisional=False))
    require(
        specimen.startswith(b"%PDF") and len(specimen) > len(pdf) // 2,
        "the payable specimen challan did not render",
    )
    (ctx.work / "challan-specimen.pdf").write_bytes(specimen)
    return (
        f"{len(pdf):,} bytes, {kind}, Urdu font embedded, reportlab C accelerator on, "
        f"{ms:.0f} ms; payable specimen with QR and Code128 {len(specimen):,} bytes"
    )
