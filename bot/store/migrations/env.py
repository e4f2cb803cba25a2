"""Alembic environment: the connection `upgrade()` passes, else sqlalchemy.url, else DATABASE_URL."""
from alembic import context

from bot.store.config import make_engine, store_url
from bot.store.crypto import EncryptedText
from bot.store.models import Base

config = context.config


def render_item(kind, item, _autogen_context):
    # Migrations must not import application types: an encrypted column is text in the database.
    if kind == "type" and isinstance(item, EncryptedText):
        return "sa.Text()"
    return False


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or store_url())
    with engine.begin() as new_connection:
        run(new_connection)
    engine.dispose()
