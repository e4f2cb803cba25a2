"""endpoints.production.yml works against real PostgreSQL and Redis (as on this machine and in CI)."""
import asyncio
import os
import socket
import uuid

import pytest

from tests.processes import ROOT


def reachable(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


EVENTS_DB = "passerelle_events_test"


def _create_events_database():
    """The broker's own database: its table has the tracker store's name, `events`."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="test")
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (EVENTS_DB,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {EVENTS_DB}")
    finally:
        connection.close()


@pytest.fixture
def production_env(monkeypatch):
    if not (reachable(5432) and reachable(6379)):
        if os.environ.get("PASSERELLE_REQUIRE_SERVICES") == "1":
            pytest.fail("PostgreSQL (5432) and Redis (6379) are required")
        pytest.skip("PostgreSQL or Redis not running")
    _create_events_database()
    for name, value in {
        "ACTION_SERVER_URL": "http://localhost:5055/webhook", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432",
        "POSTGRES_DB": "test", "POSTGRES_EVENTS_DB": EVENTS_DB, "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
    }.items():
        monkeypatch.setenv(name, value)


def test_conversations_are_kept_in_postgresql_and_locked_in_redis(production_env):
    from rasa.core.brokers.broker import EventBroker
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.event_broker import BatchedSQLEventBroker
    from bot.tracker_store import ErasableSQLTrackerStore

    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.production.yml"))
    domain = Domain.from_path(str(ROOT / "domain"))
    broker = asyncio.run(EventBroker.create(endpoints.event_broker))
    assert isinstance(broker, BatchedSQLEventBroker) and broker.engine.dialect.name == "postgresql"
    store = TrackerStore.create(endpoints.tracker_store, domain, event_broker=broker)
    assert isinstance(store, ErasableSQLTrackerStore) and store.engine.dialect.name == "postgresql"

    sender = f"prod-{uuid.uuid4().hex[:8]}"
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hola"), SlotSet("language", "es")])
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve(sender)).get_slot("language") == "es"
    with broker.session_scope() as session:  # the staff console reads these
        published = session.query(broker.SQLBrokerEvent).filter_by(sender_id=sender).count()
        assert published == 2
        session.query(broker.SQLBrokerEvent).filter_by(sender_id=sender).delete()
        session.commit()
    store.erase(sender)
    assert asyncio.run(store.retrieve(sender)) is None

    locks = LockStore.create(endpoints.lock_store)
    assert isinstance(locks, RedisLockStore)
    ticket = locks.issue_ticket(sender)
    assert locks.get_lock(sender).last_issued == ticket  # read back from Redis
    locks.cleanup(sender, ticket)
    assert locks.get_lock(sender) is None
