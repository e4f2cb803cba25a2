"""Retention: `purge(days)` removes what is older than the period, and only that."""
import json

import pytest
from sqlalchemy import text

from bot.store import (
    add_ticket_message, close_ticket, get_intake, get_or_create_person, open_ticket, purge, record_consent,
    save_intake, ticket_log,
)
from tests.store.conftest import conversation, count_rows, epoch, save_conversation


def test_purge_removes_old_people_ticket_logs_and_events(store, rasa_tracker_store, clock):
    # Day 0: three people write; one ticket is opened and closed.
    gone = get_or_create_person("telegram", "gone", store=store)
    record_consent(gone, "2026-01", store=store)
    save_intake(gone, {"first_name": "Pedro"}, store=store)
    save_conversation(rasa_tracker_store, "gone", conversation(epoch(clock.now), "hola", "utter_claim_how"))
    still_writing = get_or_create_person("rest", "still-writing", store=store)
    save_conversation(rasa_tracker_store, "still-writing", conversation(epoch(clock.now), "hi", "utter_hearing"))
    back_later = get_or_create_person("rest", "back-later", store=store)
    closed = open_ticket("telegram", "gone", store=store)
    add_ticket_message(closed, "message_in", "gracias", store=store)
    close_ticket(closed, author="staff-1", store=store)
    waiting = open_ticket("rest", "back-later", store=store)

    # Day 50: one keeps chatting (no action marks them seen); one comes back through an action.
    clock.advance(days=50)
    save_conversation(rasa_tracker_store, "still-writing", conversation(epoch(clock.now), "and then?", "utter_more"))
    get_or_create_person("rest", "back-later", store=store)

    clock.advance(days=10)  # day 60, retention 30 days: the cut is day 30
    done = purge(30, store=store)

    assert (done.persons, done.kept_active) == (1, 1)
    assert [erasure.person_id for erasure in done.erasures] == [gone]
    assert count_rows(store.engine, "persons") == 2
    assert get_intake(gone, store=store) is None
    assert get_or_create_person("rest", "still-writing", store=store) == still_writing
    assert get_or_create_person("rest", "back-later", store=store) == back_later
    # Tracker: day-0 events are gone (for everyone), day-50 events stay; the broker's copies too.
    assert count_rows(store.tracker_engine, "events", "WHERE timestamp < :cut", cut=epoch(clock.now) - 30 * 86400) == 0
    for engine in (store.tracker_engine, store.events_engine):
        assert count_rows(engine, "events") == count_rows(engine, "events", "WHERE sender_id = 'still-writing'") == 4
    # still-writing's day-0 exchange went by date; gone's went with their erasure.
    assert (done.tracker_events, done.broker_events, done.erasures[0].broker_events) == (4, 4, 4)
    # The closed ticket loses its log (3 events); the waiting one keeps its own.
    assert done.closed_ticket_events == 3
    assert ticket_log(closed, store=store) == []
    assert [entry["kind"] for entry in ticket_log(waiting, store=store)] == ["opened"]
    assert count_rows(store.engine, "tickets") == 2


def test_purge_within_the_period_removes_nothing(store, rasa_tracker_store, clock):
    person = get_or_create_person("rest", "recent", store=store)
    save_conversation(rasa_tracker_store, "recent", conversation(epoch(clock.now), "hola", "utter_school"))
    clock.advance(days=29)
    done = purge(30, store=store)
    assert (done.persons, done.tracker_events, done.broker_events, done.closed_ticket_events) == (0, 0, 0, 0)
    assert get_or_create_person("rest", "recent", store=store) == person


def test_purge_refuses_a_zero_period(store):
    with pytest.raises(ValueError):
        purge(0, store=store)


@pytest.mark.parametrize("cut", [0, 1, 20, 49, 60])
def test_broker_copies_before_the_cut_go_and_only_those_whatever_the_gaps(store, cut):
    from bot.event_broker import BatchedSQLEventBroker
    from bot.store import broker

    event_broker = BatchedSQLEventBroker(host=store.events_url)
    event_broker.publish_all([{"sender_id": f"s{i % 3}", "event": "user", "timestamp": 1000.0 + i} for i in range(50)])
    event_broker.engine.dispose()
    broker.delete_events_of(store.events_engine, ["s1"])  # an erasure leaves every third id missing
    kept = [i for i in range(50) if i % 3 != 1]

    deleted = broker.delete_events_before(store.events_engine, 1000.0 + cut)

    assert deleted == sum(1 for i in kept if i < cut)
    with store.events_engine.connect() as connection:
        left = sorted(json.loads(data)["timestamp"] - 1000 for data in connection.execute(text("SELECT data FROM events")).scalars())
    assert left == [i for i in kept if i >= cut]
