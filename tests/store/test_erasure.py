"""'Delete my data': nothing of the person is left, in our tables, Rasa's tracker store or its event broker."""
import pytest
from sqlalchemy import text

from bot.store import (
    AmbiguousSender, add_ticket_message, erase_person, get_or_create_person, open_ticket, record_consent, save_intake,
    ticket_log,
)
from bot.store.models import Base
from tests.store.conftest import conversation, count_rows, epoch, save_conversation

PERSON_SENDERS = ("telegram-31337", "whatsapp:+14185550155")


def rows_mentioning(store, values):
    """(table, row) of our tables where a column equals one of these values."""
    found = []
    with store.engine.connect() as connection:
        for table in Base.metadata.tables:
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                if set(row) & set(values):
                    found.append((table, row))
    return found


@pytest.fixture
def two_people(store, rasa_tracker_store, clock):
    """Someone who wrote on Telegram and WhatsApp (linked by phone), and a bystander."""
    at = epoch(clock.now)
    ids = []
    for channel, sender in zip(("telegram", "whatsapp"), PERSON_SENDERS):
        person = get_or_create_person(channel, sender, store=store)
        record_consent(person, "2026-01", store=store)
        ids.append(save_intake(person, {"first_name": "Yanet", "phone": "418 555 0155"}, store=store))
        save_conversation(rasa_tracker_store, sender, conversation(at, "como pido asilo", "utter_claim_how", "es"))
    assert ids[0] == ids[1]
    ticket = open_ticket("whatsapp", PERSON_SENDERS[1], reason="asked_for_human", store=store)
    add_ticket_message(ticket, "message_in", "tengo miedo", store=store)
    add_ticket_message(ticket, "message_out", "Hola Yanet", author="staff-1", store=store)

    bystander = get_or_create_person("rest", "bystander", store=store)
    record_consent(bystander, "2026-01", store=store)
    save_intake(bystander, {"first_name": "Otro"}, store=store)
    save_conversation(rasa_tracker_store, "bystander", conversation(at, "hello", "utter_housing", "en"))
    open_ticket("rest", "bystander", store=store)
    return ids[0], ticket, bystander


@pytest.mark.parametrize("by", ["sender_id", "person_id"])
def test_erase_leaves_no_row_of_the_person_anywhere(store, two_people, by):
    person, ticket, bystander = two_people
    events_before = count_rows(store.tracker_engine, "events", "WHERE sender_id = 'bystander'")
    assert events_before > 0 and count_rows(store.tracker_engine, "events") > events_before
    copies_before = count_rows(store.events_engine, "events", "WHERE sender_id = 'bystander'")
    assert copies_before == events_before and count_rows(store.events_engine, "events") > copies_before

    target = {"sender_id": PERSON_SENDERS[0]} if by == "sender_id" else {"person_id": person}
    erased = erase_person(store=store, **target)

    assert erased.person_id == person
    assert (erased.intakes, erased.consents, erased.identities, erased.tickets_blanked) == (1, 2, 2, 1)
    assert rows_mentioning(store, [person]) == []
    for sender in PERSON_SENDERS:  # both channels' conversations are gone from Rasa's store and its broker
        assert count_rows(store.tracker_engine, "events", "WHERE sender_id = :s", s=sender) == 0
        assert count_rows(store.events_engine, "events", "WHERE sender_id = :s", s=sender) == 0
    assert erased.tracker_events > 0 and erased.broker_events == erased.tracker_events
    # The ticket stays for statistics, with nothing personal in it.
    assert [entry["text"] for entry in ticket_log(ticket, store=store)] == [None, None, None]
    assert count_rows(store.engine, "tickets", "WHERE id = :t AND sender_id IS NULL AND sender_hash IS NULL", t=ticket) == 1
    # The bystander is untouched.
    assert rows_mentioning(store, [bystander])
    assert count_rows(store.tracker_engine, "events", "WHERE sender_id = 'bystander'") == events_before
    assert count_rows(store.events_engine, "events", "WHERE sender_id = 'bystander'") == copies_before
    assert count_rows(store.engine, "tickets", "WHERE sender_id IS NOT NULL") == 1


def test_erasing_a_conversation_the_store_never_saw_still_clears_its_events(store, rasa_tracker_store, clock):
    save_conversation(rasa_tracker_store, "anonymous", conversation(epoch(clock.now), "hola", "utter_school"))
    ticket = open_ticket("rest", "anonymous", store=store)
    add_ticket_message(ticket, "message_in", "ayuda", store=store)

    erased = erase_person(sender_id="anonymous", store=store)

    assert erased.person_id is None and erased.tickets_blanked == 1
    assert count_rows(store.tracker_engine, "events") == 0
    assert count_rows(store.events_engine, "events") == 0
    assert [entry["text"] for entry in ticket_log(ticket, store=store)] == [None, None]


def test_erase_works_before_rasa_created_its_table(store):
    person = get_or_create_person("rest", "early", store=store)
    assert erase_person(person_id=person, store=store).identities == 1
    assert count_rows(store.engine, "persons") == 0


def test_a_sender_id_on_two_channels_needs_the_channel(store):
    on_telegram = get_or_create_person("telegram", "1234", store=store)
    on_web = get_or_create_person("rest", "1234", store=store)
    with pytest.raises(AmbiguousSender):
        erase_person(sender_id="1234", store=store)
    assert count_rows(store.engine, "persons") == 2
    assert erase_person(sender_id="1234", channel="rest", store=store).person_id == on_web
    assert rows_mentioning(store, [on_telegram])


def test_erase_needs_exactly_one_way_to_find_the_person(store):
    with pytest.raises(ValueError):
        erase_person(store=store)
    with pytest.raises(ValueError):
        erase_person(sender_id="a", person_id="b", store=store)
