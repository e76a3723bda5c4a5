"""The reference files under resources/reference/ are consistent and load into typed records."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from datetime import time

import pytest

from domain import reference as ref
from domain.errors import NotFound

# Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms A and B.
ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def is_arabic_script(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ARABIC_RANGES)


def assert_urdu(text: str, where: str) -> None:
    assert text and text.strip(), f"{where}: empty Urdu name"
    letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
    assert letters, f"{where}: no letters in {text!r}"
    latin_or_other = [ch for ch in letters if not is_arabic_script(ch)]
    assert not latin_or_other, f"{where}: {text!r} has non-Arabic-script letters {latin_or_other}"


def all_named():
    for d in ref.divisions():
        yield f"division {d.code}", d
    for d in ref.districts():
        yield f"district {d.code}", d
        for t in d.tehsils:
            yield f"tehsil {t.code}", t
    for o in ref.offices():
        yield f"office {o.code}", o
    for p in ref.prisons():
        yield f"prison {p.code}", p
    for m in ref.mutation_types():
        yield f"mutation type {m.code}", m
    for w in ref.weapon_types():
        yield f"weapon type {w.code}", w
    for s in ref.validity_scopes():
        yield f"validity scope {s.code}", s


def duplicates(codes):
    return [c for c, n in Counter(codes).items() if n > 1]


# ------------------------------------------------------------------ districts


def test_districts_cover_khyber_pakhtunkhwa():
    codes = {d.code for d in ref.districts()}
    assert 35 <= len(codes) <= 40
    for code in (
        "PSH",
        "MRD",
        "SWT",
        "ABT",
        "KHR",
        "KRM",
        "BJR",
        "MMD",
        "ORK",
        "NWZ",
        "LSW",
        "USW",
        "UKH",
        "LKH",
        "KLP",
        "UCH",
        "LCH",
        "UDR",
        "LDR",
        "CDR",
    ):
        assert code in codes
    assert {d.division for d in ref.districts()} == {v.code for v in ref.divisions()}
    assert len(ref.divisions()) == 7
    merged = {d.code for d in ref.districts() if d.merged_area}
    assert {"KHR", "KRM", "BJR", "MMD", "ORK", "NWZ", "LSW", "USW"} <= merged


def test_district_codes_are_short_unique_uppercase():
    codes = [d.code for d in ref.districts()]
    assert not duplicates(codes)
    for code in codes:
        assert re.fullmatch(r"[A-Z]{3}", code), code


def test_every_district_has_tehsils_with_unique_codes():
    all_codes = []
    for d in ref.districts():
        assert d.tehsils, f"{d.code} has no tehsil"
        codes = [t.code for t in d.tehsils]
        assert not duplicates(codes), d.code
        for t in d.tehsils:
            assert re.fullmatch(rf"{d.code}-\d\d", t.code), t.code
            assert t.district_code == d.code
            assert ref.tehsil(t.code) == t
        assert not duplicates(t.name_en for t in d.tehsils), d.code
        all_codes += codes
    assert not duplicates(all_codes)


def test_major_districts_carry_real_tehsils():
    assert {t.name_en for t in ref.tehsils("PSH")} >= {
        "Peshawar City",
        "Shah Alam",
        "Mathra",
        "Badaber",
        "Chamkani",
        "Hassan Khel",
        "Pishtakhara",
    }
    assert {t.name_en for t in ref.tehsils("MRD")} >= {
        "Mardan",
        "Takht Bhai",
        "Katlang",
        "Rustam",
        "Garhi Kapura",
    }


def test_district_lookup_and_not_found():
    psh = ref.district("PSH")
    assert psh.name_en == "Peshawar" and psh.name("ur") == "پشاور" and psh.name("en") == "Peshawar"
    assert psh.name("ur_PK") == psh.name_ur
    assert psh.tehsil("PSH-01").name_en == "Peshawar City"
    assert ref.districts("MARDAN") == [ref.district("MRD"), ref.district("SWB")]
    with pytest.raises(NotFound) as err:
        ref.district("XYZ")
    assert "XYZ" in err.value.message and err.value.code == "not_found"
    with pytest.raises(NotFound):
        ref.tehsils("XYZ")
    with pytest.raises(NotFound):
        ref.tehsil("PSH-99")
    with pytest.raises(NotFound):
        psh.tehsil("MRD-01")


def test_records_are_frozen_and_cached():
    d = ref.district("PSH")
    with pytest.raises(AttributeError):
        d.code = "X"  # type: ignore[misc]
    assert ref.district("PSH") is d
    ref.districts().clear()  # a caller mutating the returned list does not touch the cache
    assert ref.districts()
    ref.reload()
    assert ref.district("PSH") == d


# ------------------------------------------------------------------ offices


def test_every_office_points_to_a_real_district_and_tehsil():
    for o in ref.offices():
        d = ref.district(o.district_code)
        assert o.kind in ref.OFFICE_KINDS
        if o.kind == "tehsil_office":
            assert o.tehsil_code is not None
        if o.tehsil_code is not None:
            assert ref.tehsil(o.tehsil_code).district_code == d.code, o.code


def test_office_codes_and_series_prefixes_are_unique():
    offices = ref.offices()
    assert not duplicates(o.code for o in offices)
    assert not duplicates(o.series_prefix for o in offices)
    for o in offices:
        assert re.fullmatch(r"[A-Z0-9]{2,8}", o.series_prefix), o.series_prefix


def test_one_dc_office_per_district_and_remote_help_desks():
    dc = ref.offices(kind="dc_office")
    assert sorted(o.district_code for o in dc) == sorted(d.code for d in ref.districts())
    assert ref.office("DC-PSH").series_prefix == "PSH"
    assert ref.office("DC-PSH").tehsil_code is None
    desks = ref.offices(kind="help_desk")
    assert len(desks) >= 6
    assert {"UCH", "UKH", "NWZ"} <= {o.district_code for o in desks}
    assert len(ref.offices("PSH", kind="tehsil_office")) == len(ref.tehsils("PSH"))
    with pytest.raises(NotFound):
        ref.office("DC-XYZ")


# ------------------------------------------------------------------ prisons


def test_prisons_point_to_real_districts_with_unique_codes():
    prisons = ref.prisons()
    assert 30 <= len(prisons) <= 45
    assert not duplicates(p.code for p in prisons)
    for p in prisons:
        ref.district(p.district_code)
        assert p.kind in ref.PRISON_KINDS
    central = {p.district_code for p in prisons if p.kind == "central"}
    assert {"PSH", "MRD", "HRP", "BNU", "DIK"} <= central
    assert ref.prison("CP-PSH").name("ur") == "سنٹرل جیل پشاور"
    with pytest.raises(NotFound):
        ref.prison("CP-XYZ")


def test_prison_visit_rules_are_sane():
    for p in ref.prisons():
        assert p.weekly_visits_per_inmate >= 1, p.code
        assert 1 <= p.max_adults_per_booking <= p.max_visitors_per_booking, p.code
        assert p.lead_visitor_min_age >= 18, p.code
        assert 0 <= p.notice_days < p.booking_window_days, p.code


def test_prison_slot_templates_are_valid():
    for p in ref.prisons():
        assert p.slot_template, f"{p.code} has no visit slots"
        for s in p.slot_template:
            assert 0 <= s.weekday <= 6, p.code
            assert s.minutes > 0 and s.capacity > 0, p.code
            assert s.start_minute + s.minutes <= 24 * 60, f"{p.code}: slot runs past midnight"
        for weekday in range(7):
            day = p.slots_on(weekday)
            for a, b in itertools.pairwise(day):
                assert a.start_minute + a.minutes <= b.start_minute, (
                    f"{p.code}: slots {a.start} and {b.start} on weekday {weekday} overlap"
                )
        # weekends included (DOMAIN.md: families meet inmates weekends included)
        assert any(s.weekday in (5, 6) for s in p.slot_template), p.code


def test_slot_template_types():
    slot = ref.prison("CP-PSH").slots_on(0)[0]
    assert slot.start == time(10, 0) and slot.end == time(10, 30)


# ------------------------------------------------------------------ mutation types


def test_mutation_types():
    types = ref.mutation_types()
    codes = [m.code for m in types]
    assert not duplicates(codes)
    for code in (
        "sale",
        "inheritance",
        "gift",
        "mortgage_possessory",
        "redemption",
        "exchange",
        "partition",
        "lease",
        "court_decree",
        "tamleek",
        "government_grant",
        "correction",
    ):
        assert code in codes
    assert ref.mutation_type("sale").consideration and ref.mutation_type("sale").taxes_apply
    assert not ref.mutation_type("inheritance").taxes_apply
    assert ref.mutation_type("inheritance").name("ur") == "وراثت"
    with pytest.raises(NotFound):
        ref.mutation_type("theft")


# ------------------------------------------------------------------ weapons


def test_weapon_types_npb_and_pb():
    types = ref.weapon_types()
    assert not duplicates(w.code for w in types)
    assert all(w.category in ref.WEAPON_CATEGORIES for w in types)
    for code in ("pistol", "revolver", "rifle_npb", "shotgun", "sword"):
        assert ref.weapon_type(code).is_licensable, code
    pb = [w for w in types if w.category == "pb"]
    assert len(pb) >= 2
    for w in pb:
        assert ref.weapon_type(w.code).is_licensable is False
        assert not any(w.allows_bore(b) for b in w.bores)
    assert ref.weapon_type("automatic").is_licensable is False
    assert ref.weapon_type("rifle_222").is_licensable is False
    assert set(ref.weapon_types(licensable_only=True)) == {w for w in types if w.category == "npb"}
    with pytest.raises(NotFound):
        ref.weapon_type("cannon")


def test_weapon_bores():
    pistol = ref.weapon_type("pistol")
    assert pistol.allows_bore(".30") and pistol.allows_bore(" .32 ")
    assert not pistol.allows_bore(".222")
    shotgun = ref.weapon_type("shotgun")
    assert shotgun.allows_bore("12 Bore") and shotgun.allows_bore("12bore")
    assert ref.weapon_type("sword").allows_bore("")
    # no npb type accepts a bore that a pb type names
    pb_bores = {
        ref.normalise_bore(b) for w in ref.weapon_types() if not w.is_licensable for b in w.bores
    }
    for w in ref.weapon_types(licensable_only=True):
        assert not pb_bores & {ref.normalise_bore(b) for b in w.bores}, w.code
        if w.is_firearm:
            assert w.bores, w.code


def test_validity_scopes():
    scopes = {s.code: s for s in ref.validity_scopes()}
    assert set(scopes) == {"district", "provincial", "all_pakistan"}
    assert scopes["all_pakistan"].granted_by == "home_department"
    assert ref.validity_scope("district").name("ur") == "ضلعی"
    with pytest.raises(NotFound):
        ref.validity_scope("world")


# ------------------------------------------------------------------ names


def test_every_urdu_name_is_in_arabic_script_and_english_is_latin():
    seen = 0
    for where, item in all_named():
        assert_urdu(item.name_ur, where)
        assert item.name_en.strip() and item.name_en.isascii(), f"{where}: {item.name_en!r}"
        assert item.name("ur") == item.name_ur and item.name("en") == item.name_en
        seen += 1
    assert seen > 250


def test_urdu_check_rejects_latin():
    with pytest.raises(AssertionError):
        assert_urdu("Peshawar", "x")
    with pytest.raises(AssertionError):
        assert_urdu("پشاور City", "x")
