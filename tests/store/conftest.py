"""Fixtures: a migrated store on SQLite and on PostgreSQL, a Rasa tracker store with its event broker, a clock.

PostgreSQL is postgresql://postgres@127.0.0.1:5432/test (or PASSERELLE_TEST_POSTGRES_URL);
each test gets its own schemas, dropped afterwards. Without the server the PostgreSQL
half is skipped, unless PASSERELLE_REQUIRE_SERVICES=1 (CI), where it fails.
"""
import asyncio
import os
import uuid
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot.store import Store, upgrade
from bot.store.crypto import KEY_ENV

POSTGRES_URL = os.environ.get("PASSERELLE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


class Clock:
    """The store's notion of now (naive UTC), moved by tests."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@lru_cache(maxsize=1)
def _postgres_problem():
    try:
        engine = create_engine(POSTGRES_URL, future=True, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except OperationalError as error:
        return str(error).splitlines()[0]


def _require_postgres():
    problem = _postgres_problem()
    if problem is None:
        return
    message = f"PostgreSQL unreachable at {POSTGRES_URL}: {problem}"
    if os.environ.get("PASSERELLE_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def fernet_key(monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(KEY_ENV, key)
    return key


@pytest.fixture(params=["sqlite", "postgresql"])
def database_urls(request, tmp_path):
    """(store URL, tracker URL, event broker URL): three SQLite files, or three fresh PostgreSQL schemas."""
    parts = ("passerelle", "tracker", "events")
    if request.param == "sqlite":
        yield tuple(f"sqlite:///{tmp_path / part}.db" for part in parts)
        return
    _require_postgres()
    schemas = [f"passerelle_test_{uuid.uuid4().hex[:12]}_{part}" for part in parts]
    admin = create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        # psycopg2 passes `options` on: every connection of these URLs works in its own schema.
        yield tuple(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}" for schema in schemas)
    finally:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock():
    return Clock(datetime(2026, 3, 1, 12, 0))


@pytest.fixture
def store(database_urls, clock):
    store_url, tracker_url, events_url = database_urls
    upgrade(store_url)
    store = Store(store_url, tracker_url, clock=clock, events_url=events_url)
    yield store
    store.dispose()


@pytest.fixture
def rasa_tracker_store(store):
    """Rasa's own SQLTrackerStore on the store's tracker database (creates the `events` table),
    publishing every event to our SQL event broker on the store's broker database, as `make run` does."""
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.event_broker import BatchedSQLEventBroker

    event_broker = BatchedSQLEventBroker(host=store.events_url)
    tracker_store = SQLTrackerStore(host=store.tracker_url, event_broker=event_broker)
    yield tracker_store
    tracker_store.engine.dispose()
    event_broker.engine.dispose()


def epoch(moment: datetime) -> float:
    """A naive UTC datetime as Rasa's event timestamp."""
    return moment.replace(tzinfo=timezone.utc).timestamp()


def save_conversation(tracker_store, sender_id, events):
    """Append these Rasa events to the conversation, through Rasa's tracker store."""
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    async def save():
        existing = await tracker_store.retrieve_full_tracker(sender_id)
        previous = list(existing.events) if existing else []
        tracker = DialogueStateTracker.from_events(
            sender_id, previous + list(events), slots=[TextSlot("language", mappings=[])]
        )
        await tracker_store.save(tracker)

    asyncio.run(save())


def conversation(at: float, question: str, answer_action: str, language=None):
    """A question and its answer, as Rasa records them (a few seconds apart from `at`)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    events = [UserUttered(question, intent={"name": "ask", "confidence": 1.0}, timestamp=at)]
    if language:
        events.append(SlotSet("language", language, timestamp=at + 1))
    events += [
        ActionExecuted(answer_action, timestamp=at + 2),
        BotUttered("an answer", timestamp=at + 2),
        ActionExecuted("action_listen", timestamp=at + 3),
    ]
    return events


def count_rows(engine, table, where="", **params):
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT COUNT(*) FROM {table} {where}"), params).scalar()
