"""Every query of the licence workspace, as SQLAlchemy Core statements.

Views and controllers never hold SQL; they ask for a statement here and hand it to
the database worker. The statements are shaped to use the indexes the store has:

- exact CNIC: `ix_licence_applications_cnic`; exact application number: the unique
  `ix_licence_applications_application_no`; licence number: the unique index on
  `licences.licence_no`;
- English name prefix: `ix_licence_applications_name_key` (lower-case English name)
  with a range, `name_key >= p AND name_key < p || U+FFFF`, ordered by `name_key`,
  so SQLite walks the index and stops after the first page;
- the default order is newest first by `id`: ids are UUIDv7, minted when the
  application is submitted, so id order is submission order and comes from the
  primary-key index. `submitted_at` has no index (a sort on it costs ~0.8 s over
  500,000 rows), so the "Submitted" column sorts by id too.

The Urdu name prefix has no index and scans; other filters (status, district, kind,
dates) combine with the id order and stop as soon as a page is full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    and_,
    bindparam,
    cast,
    column,
    literal_column,
    select,
    table,
    union_all,
)

from desktop.record_table import TableQuery
from domain.errors import ValidationError, msg
from domain.ids import KARACHI
from domain.models import Licence, Person, PsidLease, RecordEvent, Voucher
from domain.models import LicenceApplication as LA
from domain.values import Cnic
from sync.store import search_index
from sync.store.client_models import OutboxCommand
from sync.store.search_index import match_expression

SearchKind = Literal["cnic", "number", "name_en", "name_ur", "text"]
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_URDU_DIGITS = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
_CNIC_LIKE = re.compile(r"^[\d\s\-\u2010-\u2015\u2212]+$")
TOP = "\uffff"


@dataclass(frozen=True)
class Search:
    kind: SearchKind
    value: str


def parse_search(text: str) -> Search | None:
    """What the operator typed in the search box, classified.

    Thirteen digits (with or without dashes) are a CNIC, found exactly; fewer (three
    or more) are part of a CNIC, a mobile or a PSID, found anywhere in the full-text
    index. Letters with digits are an application or licence number. Words of three
    letters or more, English or Urdu, are found anywhere in the names (FTS5 trigram:
    "khattak" finds "Imran Khattak"); shorter ones are a name prefix.
    """
    text = " ".join(text.split())
    if not text:
        return None
    if _CNIC_LIKE.match(text.translate(_URDU_DIGITS)):
        digits = "".join(ch for ch in text.translate(_URDU_DIGITS) if ch.isdigit())
        if len(digits) == 13:
            return Search("cnic", Cnic.parse(text).digits)
        if len(digits) < 3:
            raise ValidationError(msg("Type at least three digits."), field="search")
        # Part of a CNIC, a mobile or a PSID: anywhere in the full-text index.
        return Search("text", digits)
    if _ARABIC.search(text):
        return Search("text" if match_expression(text) else "name_ur", text)
    if any(ch.isdigit() for ch in text) and " " not in text:
        return Search("number", text.upper())
    if match_expression(text):
        return Search("text", text.lower())
    if len(text) < 2:
        raise ValidationError(msg("Type at least two letters of the name."), field="search")
    return Search("name_en", text.lower())


@dataclass(frozen=True)
class LicenceFilter(TableQuery):
    """What the licence list shows. Dates are Asia/Karachi calendar days, inclusive;
    `sort` is a column key (None: the natural order of the search)."""

    status: str | None = None
    district: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: Search | None = None


def karachi_day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=KARACHI).astimezone(timezone.utc)


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    return and_(column >= prefix, column < prefix + TOP)


_ROWID: ColumnClause[Any] = literal_column("licence_applications.rowid")
_INDEX = table(search_index.TABLE, column("rowid"))
_TODO: ColumnClause[Any] = literal_column(search_index.TODO_SQL)


def _match(value: str) -> ColumnElement[bool]:
    return literal_column(search_index.TABLE).op("MATCH")(
        bindparam("match", match_expression(value))
    )


def _indexed() -> ColumnElement[bool]:
    """Index rows of applications already indexed (all, once the build is done)."""
    return _INDEX.c.rowid >= _TODO


def _unindexed(value: str) -> ColumnElement[bool]:
    """Applications not yet in the index (none once it is built: an empty rowid range)
    whose text holds every word, read by LIKE (`search_index.body_sql`)."""
    body: ColumnClause[Any] = literal_column(search_index.body_sql())
    return and_(
        _ROWID < _TODO,
        *(
            body.like(bindparam(f"word{i}", search_index.like_pattern(w)), escape="\\")
            for i, w in enumerate(search_index.search_words(value))
        ),
    )


def _search_clause(search: Search) -> ColumnElement[bool]:
    if search.kind == "text":
        # The FTS5 trigram index: every word of 3+ characters anywhere in the names,
        # CNIC, application and licence numbers, PSIDs and mobile (sync/store/search_index);
        # and, while the index is being built after a bulk load, the rows not yet in it.
        return _ROWID.in_(
            union_all(
                select(_INDEX.c.rowid).where(_match(search.value), _indexed()),
                select(_ROWID).where(_unindexed(search.value)),
            )
        )
    if search.kind == "cnic":
        return LA.cnic == search.value
    if search.kind == "name_en":
        return _prefix(LA.name_key, search.value)
    if search.kind == "name_ur":
        return _prefix(LA.applicant_name_ur, search.value)
    # A union of two indexed lookups, then primary-key probes: an OR over the two
    # would make SQLite scan the table. A renewal is found by its own application
    # number; a licence number finds the application that created the licence.
    return LA.id.in_(
        union_all(
            select(LA.id).where(LA.application_no == search.value),
            select(Licence.application_id).where(Licence.licence_no == search.value),
        )
    )


def _sort_columns(f: LicenceFilter) -> list[Any]:
    keys: dict[str, Any] = {
        "application_no": LA.application_no,
        "cnic": LA.cnic,
        "kind": LA.kind,
        "status": LA.status,
        "district": LA.district_code,
        "sync": LA.sync_state,
        "applicant": LA.applicant_name_ur if f.lang == "ur" else LA.name_key,
        "submitted": LA.id,
    }
    if f.sort in keys:
        column = keys[f.sort]
        ordered = [column.desc() if f.descending else column.asc()]
        if column is not LA.id:
            ordered.append(LA.id.desc())
        return ordered
    if f.search is not None and f.search.kind == "name_en":
        return [LA.name_key.asc()]
    if f.search is not None and f.search.kind == "name_ur":
        return [LA.applicant_name_ur.asc()]
    return [LA.id.desc()]


def _filters(f: LicenceFilter) -> list[ColumnElement[bool]]:
    """The list's filters other than the search (status, district, kind, dates)."""
    out: list[ColumnElement[bool]] = []
    if f.status:
        out.append(LA.status == f.status)
    if f.district:
        out.append(LA.district_code == f.district)
    if f.kind:
        out.append(LA.kind == f.kind)
    if f.date_from:
        out.append(LA.submitted_at >= karachi_day_start(f.date_from))
    if f.date_to:
        out.append(LA.submitted_at < karachi_day_start(f.date_to + timedelta(days=1)))
    return out


#: Most rows each of the first two tiers of a ranked search holds (see below).
RANKED_HEAD = 1_000


def _ranked_text_query(f: LicenceFilter, search: Search) -> CompoundSelect:
    """Any part of a name or number, exact matches first, without sorting the matches.

    A three-letter search ("kha") matches most of 500,000 applications; ordering them
    all by rank before the first page is shown took 1.2-1.4 s. Instead the tiers are
    read one after the other, each streamed from an index, so the first page costs
    what its 200 rows cost:

    1. exact matches (the whole English or Urdu name, or the digits as typed), by one
       indexed equality in the index's order (latest on this desk first), at most
       `RANKED_HEAD`;
    2. names (or CNICs) starting with the text, in the order of their index, at most
       `RANKED_HEAD`;
    3. every other full-text match, latest on this desk first: FTS5 gives its rowids
       in descending order itself and each is one primary-key probe. The rows of the
       first two tiers are left out by rowid (a bounded set, read again from its
       index), so no row is listed twice and none is looked up only to be dropped;
       names starting with the text beyond the first thousand come here;
    4. while the index is still being built after a bulk load, the applications not
       yet in it, read by LIKE (an empty rowid range once it is complete).
    """
    value = search.value
    if value.isdigit():
        key: Any = LA.cnic
    elif _ARABIC.search(value):
        key = LA.applicant_name_ur
    else:
        key = LA.name_key
    filters = _filters(f)
    exact = select(LA.id, _ROWID.label("at")).where(key == value, *filters)
    exact = exact.order_by(_ROWID.desc()).limit(RANKED_HEAD)
    starting = select(LA.id, _ROWID.label("at")).where(_prefix(key, value), key != value)
    starting = starting.where(*filters).order_by(key).limit(RANKED_HEAD)
    head = [exact.subquery("exact"), starting.subquery("starting")]
    listed = union_all(*(select(h.c.at) for h in head))
    rest = (
        select(LA.id)
        .select_from(_INDEX.join(LA, _INDEX.c.rowid == _ROWID))
        .where(_match(value), _indexed(), _INDEX.c.rowid.not_in(listed), *filters)
        .order_by(_INDEX.c.rowid.desc())
        .subquery("rest")
    )
    unindexed = (
        select(LA.id)
        .where(_unindexed(value), _ROWID.not_in(listed), *filters)
        .order_by(_ROWID.desc())
        .subquery("unindexed")
    )
    return union_all(*(select(h.c.id) for h in head), select(rest.c.id), select(unindexed.c.id))


def id_query(f: LicenceFilter) -> Select[*tuple[Any, ...]] | CompoundSelect:
    """The ids of the applications the filter selects, in display order."""
    if f.search is not None and f.search.kind == "text" and f.sort is None:
        return _ranked_text_query(f, f.search)
    query = select(LA.id).where(*_filters(f))
    if f.search is not None:
        query = query.where(_search_clause(f.search))
    return query.order_by(*_sort_columns(f))


#: Columns of a table row, in the order `rows_query` returns them.
ROW_COLUMNS = (
    LA.id,
    LA.application_no,
    LA.applicant_name_en,
    LA.applicant_name_ur,
    LA.cnic,
    LA.kind,
    LA.status,
    LA.district_code,
    LA.submitted_at,
    LA.sync_state,
)


def rows_query(ids: list[str]) -> Select[*tuple[Any, ...]]:
    """One block of table rows by primary key (a few ms for 200 rows)."""
    return select(*ROW_COLUMNS).where(LA.id.in_(ids))


# -- the detail pane ------------------------------------------------------------------------
def application_query(app_id: str) -> Select[*tuple[Any, ...]]:
    return select(LA).where(LA.id == app_id)


def person_query(person_id: str) -> Select[*tuple[Any, ...]]:
    return select(Person).where(Person.id == person_id)


def history_query(record_id: str) -> Select[*tuple[Any, ...]]:
    """The record's full history, newest first."""
    return (
        select(RecordEvent)
        .where(RecordEvent.record_id == record_id)
        .order_by(RecordEvent.at.desc(), RecordEvent.id.desc())
    )


def vouchers_query(app_id: str) -> Select[*tuple[Any, ...]]:
    return select(Voucher).where(Voucher.subject_id == app_id).order_by(Voucher.issued_at.desc())


def licence_of_application_query(app: LA) -> Select[*tuple[Any, ...]]:
    if app.previous_licence_id:
        return select(Licence).where(Licence.id == app.previous_licence_id)
    return select(Licence).where(Licence.application_id == app.id)


def licence_by_number_query(licence_no: str) -> Select[*tuple[Any, ...]]:
    return select(Licence).where(Licence.licence_no == licence_no.strip().upper())


def outbox_for_record_query(record_id: str) -> Select[*tuple[Any, ...]]:
    """Commands that touched the record and are not settled: pending, rejected,
    conflict. `touched` is a JSON list of [table, id]; few rows are unsettled, so a
    text match on it is cheap."""
    return (
        select(OutboxCommand)
        .where(
            OutboxCommand.state.in_(("pending", "rejected", "conflict")),
            cast(OutboxCommand.touched, String).contains(record_id),
        )
        .order_by(OutboxCommand.device_seq.desc())
    )


# -- numbers the desktop hands out --------------------------------------------------------
def psid_leases_query(device_id: str, now: datetime) -> Select[*tuple[Any, ...]]:
    return (
        select(PsidLease)
        .where(PsidLease.device_id == device_id, PsidLease.expires_at > now)
        .order_by(PsidLease.created_at, PsidLease.id)
    )


def used_psids_query(psids: list[str]) -> Select[*tuple[Any, ...]]:
    return select(Voucher.psid).where(Voucher.psid.in_(psids))


def application_no_taken_query(application_no: str) -> Select[*tuple[Any, ...]]:
    return select(LA.id).where(LA.application_no == application_no)


def licence_no_taken_query(licence_no: str) -> Select[*tuple[Any, ...]]:
    return select(Licence.id).where(Licence.licence_no == licence_no)


# -- a CNIC already on record (the new-application form) ----------------------------------
def person_by_cnic_query(cnic: str) -> Select[*tuple[Any, ...]]:
    return select(Person).where(Person.cnic == cnic)


def licences_by_cnic_query(cnic: str) -> Select[*tuple[Any, ...]]:
    """The person's licences, newest validity first (`licences.cnic` is indexed)."""
    return select(Licence).where(Licence.cnic == cnic).order_by(Licence.valid_until.desc())


def applications_by_cnic_query(cnic: str) -> Select[*tuple[Any, ...]]:
    """The person's applications, newest first (`ix_licence_applications_cnic`)."""
    return (
        select(LA.application_no, LA.status, LA.kind, LA.weapon_type, LA.bore, LA.id)
        .where(LA.cnic == cnic)
        .order_by(LA.id.desc())
    )
