"""SQLAlchemy models shared by the desktop's local store and the central server."""

from domain.models.base import SYNC_STATES, Base, SyncedRow
from domain.models.history import FieldConflict, RecordEvent
from domain.models.licences import Licence, LicenceApplication
from domain.models.mutations import Mutation, MutationParty, MutationScan
from domain.models.operators import Operator
from domain.models.people import Person
from domain.models.reference import District, Office, Prison, Tehsil
from domain.models.reports import ReportFigure
from domain.models.visits import ApprovedVisitor, Inmate, VisitBooking, VisitSlot
from domain.models.vouchers import PsidLease, Voucher, VoucherException

#: Synced tables in dependency order: a pull applies pages table by table in this order
#: and a bootstrap creates them in it, so foreign keys always find their parent.
#: Operators come first: a desk knows who signed a command before it meets the command.
SYNCED_MODELS: tuple[type[SyncedRow], ...] = (
    Operator,
    Person,
    LicenceApplication,
    Licence,
    Voucher,
    PsidLease,
    Mutation,
    MutationParty,
    MutationScan,
    Inmate,
    ApprovedVisitor,
    VisitSlot,
    VisitBooking,
    RecordEvent,
    FieldConflict,
    VoucherException,
    ReportFigure,
)
SYNCED_TABLES = {m.__tablename__: m for m in SYNCED_MODELS}
REFERENCE_MODELS = (District, Tehsil, Office, Prison)

__all__ = [
    "Base",
    "SyncedRow",
    "SYNC_STATES",
    "SYNCED_MODELS",
    "SYNCED_TABLES",
    "REFERENCE_MODELS",
    "District",
    "Office",
    "Prison",
    "Tehsil",
    "Person",
    "Licence",
    "LicenceApplication",
    "PsidLease",
    "Voucher",
    "VoucherException",
    "Mutation",
    "MutationParty",
    "MutationScan",
    "ApprovedVisitor",
    "Inmate",
    "VisitBooking",
    "VisitSlot",
    "FieldConflict",
    "RecordEvent",
    "Operator",
    "ReportFigure",
]
