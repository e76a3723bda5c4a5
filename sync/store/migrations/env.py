"""Alembic environment of the desktop's local store; the connection is handed in."""

from alembic import context

from domain.models import Base
from sync.store.client_models import ClientBase

target_metadata = [Base.metadata, ClientBase.metadata]
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
