"""Alembic environment of the central server: domain tables plus the server's own.

The connection is handed in through `config.attributes["connection"]` by
`server.migrate.upgrade`; there is no alembic.ini to keep in step with settings.
"""

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

import server.payments.models  # noqa: F401  (payment tables belong to this schema)
from domain.models import Base
from server.models import ServerBase

target_metadata = [Base.metadata, ServerBase.metadata]


def render_item(type_: str, obj: Any, autogen_context: Any) -> Any:
    """Write our TypeDecorators (UtcDateTime) as their plain SQLAlchemy type, so a
    migration never imports application code that may change after it was written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any
) -> bool:
    """Leave the server-only feed indexes (migration 0003) out of autogenerate: they
    are not in the shared models on purpose."""
    from server.feed import FEED_INDEXES

    return not (type_ == "index" and reflected and name in FEED_INDEXES.values())


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    transaction_per_migration=True,
    compare_type=True,
    render_item=render_item,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
