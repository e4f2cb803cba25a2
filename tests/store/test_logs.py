"""Logs carry ids and counts, never a name, a phone number or what someone wrote."""
import logging
from datetime import date

from bot.report import build_report
from bot.store import (
    add_ticket_message, erase_person, get_or_create_person, link_phone, open_ticket, purge, record_consent,
    save_intake,
)
from tests.store.conftest import conversation, epoch, save_conversation

SENDER = "whatsapp:+14185550188"
PRIVATE = ["Guadalupe", "Charlesbourg", "4185550188", "418 555 0188", "me pegan en casa", "persona no binaria"]


def test_a_whole_journey_logs_nothing_private(store, rasa_tracker_store, clock, caplog):
    caplog.set_level(logging.DEBUG)
    person = get_or_create_person("whatsapp", SENDER, store=store)
    save_conversation(rasa_tracker_store, SENDER, conversation(epoch(clock.now), "me pegan en casa", "utter_claim_how", "es"))
    record_consent(person, "2026-01", store=store)
    person = save_intake(person, {
        "first_name": "Guadalupe", "city": "Charlesbourg", "phone": "418 555 0188",
        "gender": "other", "gender_self_described": "persona no binaria",
    }, store=store)
    other = get_or_create_person("telegram", "t-1", store=store)
    assert link_phone(other, "418 555 0188", store=store) == person
    ticket = open_ticket("whatsapp", SENDER, reason="emergency", store=store)
    add_ticket_message(ticket, "message_in", "me pegan en casa", store=store)
    build_report(store, date(2026, 1, 1), date(2026, 12, 31))
    erase_person(sender_id=SENDER, store=store)
    purge(30, store=store)

    ours = [record.getMessage() for record in caplog.records if record.name.startswith("bot.")]
    assert len(ours) >= 8 and any(person in line for line in ours)  # ids are logged...
    for line in ours:
        for private in PRIVATE:
            assert private not in line  # ...nothing else
