"""The migrations build exactly the tables the models describe, and can run twice."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.store import upgrade
from bot.store.config import make_engine
from bot.store.models import Base


def test_migrated_schema_matches_the_models(database_urls):
    store_url, *_ = database_urls
    upgrade(store_url)
    upgrade(store_url)  # already at head: nothing to do, no error
    engine = make_engine(store_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert set(Base.metadata.tables) | {"alembic_version"} == tables
