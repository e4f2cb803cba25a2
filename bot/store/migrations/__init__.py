"""Alembic migrations of the Passerelle store, run from code: `upgrade(url)`."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.store.config import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Escaped because Config interpolates "%" (URL-encoded passwords contain them).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (the latest by default)."""
    config = alembic_config(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
