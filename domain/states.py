"""The workflows of the office as state machines.

Each record that moves through stages (an arms licence application, a fee voucher, a
mutation, a visit booking, a licence) has a status column holding one of the
lowercase values below, and may move only along the listed arrows. Commands call
:func:`ensure_transition` before writing, on the desktop and on the server alike, so
a move the workflow does not allow is refused with the same message on both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from domain.errors import IllegalTransition, Text, msg


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    VOUCHER_ISSUED = "voucher_issued"
    FEE_PAID = "fee_paid"
    VERIFIED = "verified"
    VERIFICATION_FAILED = "verification_failed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WEAPON_ENTERED = "weapon_entered"
    LICENCE_ISSUED = "licence_issued"
    CANCELLED = "cancelled"


class VoucherStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class MutationStatus(StrEnum):
    RECORDED = "recorded"
    VERIFIED = "verified"
    RETURNED = "returned"
    ATTESTED = "attested"
    REJECTED = "rejected"


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    BOOKED = "booked"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CUT_SHORT = "cut_short"


class LicenceStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@dataclass(frozen=True, eq=False)
class StateMachine:
    """A record kind's states and the moves allowed between them.

    ``record`` is the office's name for the record ("arms licence application"),
    used in messages shown to operators.
    """

    record: str
    states: type[StrEnum]
    transitions: Mapping[StrEnum, frozenset[StrEnum]] = field(repr=False)

    def __post_init__(self) -> None:
        for source, targets in self.transitions.items():
            for state in (source, *targets):
                if not isinstance(state, self.states):
                    raise TypeError(f"{state!r} is not a {self.states.__name__}")

    @property
    def article(self) -> str:
        return "An" if self.record[0].lower() in "aeiou" else "A"

    @property
    def named(self) -> str:
        """ "An arms licence application": the record as a sentence starts with it."""
        return _RECORD_WORDS.get(self.record, (f"{self.article} {self.record}",))[0]

    @property
    def noun(self) -> str:
        """ "arms licence application", for the middle of a sentence."""
        return _RECORD_WORDS.get(self.record, ("", self.record))[1]

    def state(self, value: StrEnum | str) -> StrEnum:
        """The enum member for ``value`` (as read from the database)."""
        try:
            return self.states(value)
        except ValueError:
            raise IllegalTransition(
                msg("{record} has no status {status}", record=self.named, status=repr(str(value)))
            ) from None

    def allowed(self, current: StrEnum | str) -> set[StrEnum]:
        """The states a record in ``current`` may move to (empty for a final state)."""
        return set(self.transitions.get(self.state(current), frozenset()))

    def can(self, current: StrEnum | str, target: StrEnum | str) -> bool:
        return self.state(target) in self.allowed(current)

    def is_final(self, state: StrEnum | str) -> bool:
        """True when nothing can follow ``state`` (rejected, attested, completed...)."""
        return not self.allowed(state)


def _flow(record: str, states: type[StrEnum], arrows: dict[StrEnum, set[StrEnum]]) -> StateMachine:
    return StateMachine(
        record, states, MappingProxyType({k: frozenset(v) for k, v in arrows.items()})
    )


A = ApplicationStatus
ARMS_APPLICATION = _flow(
    "arms licence application",
    ApplicationStatus,
    {
        A.SUBMITTED: {A.VOUCHER_ISSUED, A.CANCELLED, A.REJECTED},
        # Back to submitted when the voucher is cancelled (wrong amount, wrong name).
        A.VOUCHER_ISSUED: {A.FEE_PAID, A.SUBMITTED, A.CANCELLED},
        A.FEE_PAID: {A.VERIFIED, A.VERIFICATION_FAILED, A.CANCELLED},
        A.VERIFIED: {A.APPROVED, A.REJECTED},
        # A failed police verification may be redone (e.g. wrong police station asked).
        A.VERIFICATION_FAILED: {A.VERIFIED, A.REJECTED},
        A.APPROVED: {A.WEAPON_ENTERED, A.CANCELLED},
        A.WEAPON_ENTERED: {A.LICENCE_ISSUED},
        A.LICENCE_ISSUED: {A.CANCELLED},
    },
)

V = VoucherStatus
VOUCHER = _flow(
    "fee voucher",
    VoucherStatus,
    {
        V.UNPAID: {V.PAID, V.EXPIRED, V.CANCELLED},
        # Banks sometimes accept payment after expiry; the money is real, so it is
        # recorded, and the late payment is raised as an exception elsewhere.
        V.EXPIRED: {V.PAID},
    },
)

M = MutationStatus
MUTATION = _flow(
    "mutation",
    MutationStatus,
    {
        M.RECORDED: {M.VERIFIED, M.RETURNED},
        M.RETURNED: {M.RECORDED},
        M.VERIFIED: {M.ATTESTED, M.REJECTED, M.RETURNED},
    },
)

B = BookingStatus
VISIT_BOOKING = _flow(
    "visit booking",
    BookingStatus,
    {
        B.REQUESTED: {B.BOOKED, B.REJECTED, B.WITHDRAWN},
        B.BOOKED: {B.CANCELLED, B.COMPLETED, B.NO_SHOW, B.CUT_SHORT},
    },
)

L = LicenceStatus
LICENCE = _flow(
    "arms licence",
    LicenceStatus,
    {
        L.ACTIVE: {L.SUSPENDED, L.CANCELLED, L.EXPIRED},
        L.SUSPENDED: {L.ACTIVE, L.CANCELLED},
        L.EXPIRED: {L.ACTIVE},  # renewal
    },
)

del A, V, M, B, L

MACHINES: tuple[StateMachine, ...] = (ARMS_APPLICATION, VOUCHER, MUTATION, VISIT_BOOKING, LICENCE)


#: The records and states as words in messages: each is a `Text`, so the interface can
#: show the whole message in its language. The English is exactly the record name and
#: the status value stored in the database.
_RECORD_WORDS: dict[str, tuple[Text, Text]] = {
    "arms licence application": (
        msg("An arms licence application"),
        msg("arms licence application"),
    ),
    "fee voucher": (msg("A fee voucher"), msg("fee voucher")),
    "mutation": (msg("A mutation"), msg("mutation")),
    "visit booking": (msg("A visit booking"), msg("visit booking")),
    "arms licence": (msg("An arms licence"), msg("arms licence")),
}
STATE_WORDS: dict[str, Text] = {
    "submitted": msg("submitted"),
    "voucher_issued": msg("voucher_issued"),
    "fee_paid": msg("fee_paid"),
    "verified": msg("verified"),
    "verification_failed": msg("verification_failed"),
    "approved": msg("approved"),
    "rejected": msg("rejected"),
    "weapon_entered": msg("weapon_entered"),
    "licence_issued": msg("licence_issued"),
    "cancelled": msg("cancelled"),
    "unpaid": msg("unpaid"),
    "paid": msg("paid"),
    "expired": msg("expired"),
    "recorded": msg("recorded"),
    "returned": msg("returned"),
    "attested": msg("attested"),
    "requested": msg("requested"),
    "booked": msg("booked"),
    "withdrawn": msg("withdrawn"),
    "completed": msg("completed"),
    "no_show": msg("no_show"),
    "cut_short": msg("cut_short"),
    "active": msg("active"),
    "suspended": msg("suspended"),
}


def _word(state: StrEnum) -> str:
    return STATE_WORDS.get(str(state), str(state))


def _quoted_list(states: set[StrEnum]) -> str:
    """'a', 'b' or 'c' (built from messages, so that it translates too)."""
    words = [_word(s) for s in sorted(states)]
    listed: str = msg("'{state}'", state=words[0])
    for word in words[1:-1]:
        listed = msg("{states}, '{state}'", states=listed, state=word)
    if len(words) > 1:
        listed = msg("{states} or '{state}'", states=listed, state=words[-1])
    return listed


def ensure_transition(
    machine: StateMachine, current: StrEnum | str, target: StrEnum | str
) -> StrEnum:
    """Refuse a move the workflow does not allow; return ``target`` as an enum member.

    The message names the record and both states, and says where the record can go
    instead, e.g. "An arms licence application cannot go from 'rejected' to
    'approved'; a 'rejected' arms licence application is final". The allowed next
    states are also in ``hints["allowed"]`` for the desktop to offer.
    """
    source, goal = machine.state(current), machine.state(target)
    allowed = machine.allowed(source)
    if goal in allowed:
        return goal
    if allowed:
        instead = msg(
            "from '{source}' it can go to {states}",
            source=_word(source),
            states=_quoted_list(allowed),
        )
    else:
        instead = msg("a '{source}' {record} is final", source=_word(source), record=machine.noun)
    raise IllegalTransition(
        msg(
            "{record} cannot go from '{source}' to '{target}'; {instead}",
            record=machine.named,
            source=_word(source),
            target=_word(goal),
            instead=instead,
        ),
        hints={
            "record": machine.record,
            "from": str(source),
            "to": str(goal),
            "allowed": sorted(str(s) for s in allowed),
        },
    )
