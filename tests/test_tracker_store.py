"""The SQL tracker store: conversations come back exactly as saved, on a pooled WAL SQLite file,
and every event reaches the event broker once, in order."""
from __future__ import annotations

import asyncio
import json

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, BotUttered, ConversationPaused, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import QueuePool

from bot.event_broker import BatchedSQLEventBroker
from bot.tracker_store import ErasableSQLTrackerStore

DOMAIN = Domain.from_yaml("""
slots:
  language:
    type: categorical
    values: [fr, es, en]
    mappings: [{type: custom}]
""")


def _store(tmp_path, event_broker=None):
    return ErasableSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"), event_broker=event_broker)


def _rows(store):
    """(sender, event, text or action name) of every row, in the order written."""
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT sender_id, data FROM events ORDER BY id").all()
    return [(sender, event["event"], event.get("text") or event.get("name")) for sender, event in
            ((sender, json.loads(data)) for sender, data in rows)]


async def _turn(store, sender, text, *replies):
    """What Rasa does with a message: load the conversation, add the turn, save it."""
    tracker = await store.get_or_create_tracker(sender)
    for event in [UserUttered(text), *replies, ActionExecuted("action_listen")]:
        tracker.update(event)
    await store.save(tracker)
    return tracker


def test_a_conversation_comes_back_exactly_as_saved(tmp_path):
    store = _store(tmp_path)
    events = [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("kiero pedir asilo", {"name": "ask_claim_how", "confidence": 0.91},
                    [{"entity": "language", "value": "es", "start": 0, "end": 17}]),
        SlotSet("language", "es"), ActionExecuted("utter_claim_how"),
        BotUttered("Puede pedir asilo…", {"buttons": [{"title": "Más", "payload": "/more"}]}),
        ActiveLoop("intake_form"), ConversationPaused(),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("+14180000001", events, DOMAIN.slots)))

    tracker = asyncio.run(_store(tmp_path).retrieve("+14180000001"))  # a fresh store: read from disk
    rasas = asyncio.run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db")).retrieve("+14180000001"))

    assert list(tracker.events) == events[1:] == list(rasas.events)  # the last session, as Rasa's own store reads it
    assert tracker.get_slot("language") == "es"
    assert tracker.is_paused()
    assert tracker.active_loop_name == "intake_form"
    assert asyncio.run(store.retrieve("someone else")) is None


def test_only_the_latest_session_comes_back_as_rasa_reads_it(tmp_path):
    first = [ActionExecuted("action_session_start", timestamp=100), SessionStarted(timestamp=100),
             UserUttered("hola", {"name": "greet", "confidence": 0.9}, timestamp=101), SlotSet("language", "es", timestamp=101)]
    second = [ActionExecuted("action_session_start", timestamp=5000), SessionStarted(timestamp=5000),
              SlotSet("language", "es", timestamp=5000), UserUttered("y mi audiencia?", timestamp=5001)]
    other = [SessionStarted(timestamp=7000), UserUttered("hello", timestamp=7001)]
    store = _store(tmp_path)
    asyncio.run(store.save(DialogueStateTracker.from_events("p1", first + second, DOMAIN.slots)))
    asyncio.run(store.save(DialogueStateTracker.from_events("p2", other, DOMAIN.slots)))

    rasas = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    ours = _store(tmp_path)
    for sender, latest in (("p1", second), ("p2", other)):
        tracker = asyncio.run(ours.retrieve(sender))
        assert list(tracker.events) == latest == list(asyncio.run(rasas.retrieve(sender)).events)
    assert list(asyncio.run(ours.retrieve_full_tracker("p1")).events) == first + second


def test_sqlite_keeps_its_connections_and_a_write_ahead_log(tmp_path):
    store = _store(tmp_path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert isinstance(store.engine.pool, QueuePool)
    asyncio.run(store.save(DialogueStateTracker.from_events("a", [ActionExecuted("action_listen")], DOMAIN.slots)))
    assert store.engine.pool.checkedin() >= 1  # the save's connection went back to the pool, still open


def test_each_event_is_stored_and_published_once_in_order(tmp_path):
    broker = BatchedSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.db"))
    store = _store(tmp_path, broker)

    async def conversation():
        await _turn(store, "p1", "hola", ActionExecuted("utter_greet"), BotUttered("¡Hola!"))
        await _turn(store, "p2", "bonjour", ActionExecuted("utter_greet"), BotUttered("Bonjour!"))
        tracker = await _turn(store, "p1", "kiero pedir asilo", SlotSet("language", "es"), ActionExecuted("utter_claim_how"))
        # a new session in the middle of a turn, and the same tracker saved twice
        for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
            tracker.update(event)
        await store.save(tracker)
        await store.save(tracker)
        await _turn(store, "p1", "gracias", ActionExecuted("utter_thanks"))

    asyncio.run(conversation())

    stored = _rows(store)
    assert _rows(broker) == stored  # the broker saw exactly what the store wrote
    assert [text for sender, kind, text in stored if sender == "p1" and kind == "user"] == [
        "hola", "kiero pedir asilo", "gracias"
    ]
    assert [kind for _, kind, _ in stored].count("session_started") == 1
    assert list(asyncio.run(_store(tmp_path).retrieve("p1")).events)[-3:] == [
        UserUttered("gracias"), ActionExecuted("utter_thanks"), ActionExecuted("action_listen")
    ]


def test_a_tracker_it_did_not_load_is_saved_the_way_rasa_does(tmp_path):
    store = _store(tmp_path)
    asyncio.run(_turn(store, "p1", "hola"))
    # the same conversation rebuilt elsewhere (another process, the HTTP API): counted from the database
    rebuilt = asyncio.run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db")).retrieve("p1"))
    rebuilt.update(UserUttered("gracias"))
    asyncio.run(store.save(rebuilt))
    assert [text for _, kind, text in _rows(store) if kind == "user"] == ["hola", "gracias"]
