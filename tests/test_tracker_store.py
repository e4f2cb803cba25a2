"""The SQL tracker store: conversations come back exactly as saved, on a pooled WAL SQLite file."""
from __future__ import annotations

import asyncio

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, BotUttered, ConversationPaused, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import QueuePool

from bot.tracker_store import ErasableSQLTrackerStore

DOMAIN = Domain.from_yaml("""
slots:
  language:
    type: categorical
    values: [fr, es, en]
    mappings: [{type: custom}]
""")


def _store(tmp_path):
    return ErasableSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


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


def test_sqlite_keeps_its_connections_and_a_write_ahead_log(tmp_path):
    store = _store(tmp_path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert isinstance(store.engine.pool, QueuePool)
    asyncio.run(store.save(DialogueStateTracker.from_events("a", [ActionExecuted("action_listen")], DOMAIN.slots)))
    assert store.engine.pool.checkedin() >= 1  # the save's connection went back to the pool, still open
