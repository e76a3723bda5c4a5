"""Reference tables: copied from `resources/reference/` into every database so that
queries can join and filter on them. The files are the truth (DESIGN.md principle 7).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base


class District(Base):
    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_ur: Mapped[str] = mapped_column(String(80))
    division: Mapped[str] = mapped_column(String(40))


class Tehsil(Base):
    __tablename__ = "tehsils"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    name_en: Mapped[str] = mapped_column(String(80))
    name_ur: Mapped[str] = mapped_column(String(80))


class Office(Base):
    __tablename__ = "offices"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    tehsil_code: Mapped[str | None] = mapped_column(String(12))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120))
    series_prefix: Mapped[str] = mapped_column(String(8))


class Prison(Base):
    __tablename__ = "prisons"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    kind: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120))
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
