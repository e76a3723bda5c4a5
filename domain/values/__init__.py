"""Value types of the office: CNIC, money, land area and shares.

Each is immutable, validated when made, and exact (no floats), so a value that
exists is a value the office accepts.
"""

from domain.values.area import Area
from domain.values.cnic import Cnic, normalise_cnic
from domain.values.money import Money
from domain.values.relation import RELATIONS, check_relation, default_relation
from domain.values.share import (
    Share,
    balance_gap,
    check_transfer,
    ensure_transfer,
    format_fraction,
)

__all__ = [
    "Area",
    "Cnic",
    "Money",
    "RELATIONS",
    "Share",
    "balance_gap",
    "check_relation",
    "default_relation",
    "check_transfer",
    "ensure_transfer",
    "format_fraction",
    "normalise_cnic",
]
