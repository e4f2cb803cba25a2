"""What staff read: the card says the person's language plainly, the queue puts urgent first."""
from datetime import date, datetime, timedelta

from bot import locales
from bot.staff.intake_summary import intake_lines
from bot.staff.texts import TELEGRAM_MAX_TEXT, StaffTexts
from bot.staff.whatsapp import needs_template
from bot.store.tickets import PRIORITY_URGENT, TicketSummary

NOW = datetime(2026, 3, 2, 15, 0)


def ticket(**fields):
    values = dict(id=4, channel="telegram", sender_id="700000001", status="waiting", priority=0, language="es",
                  reason="request_human", assignee=None, created_at=NOW - timedelta(minutes=25))
    values.update(fields)
    return TicketSummary(**values)


def test_the_card_says_which_language_the_person_reads_in_the_staff_language():
    card = StaffTexts("fr").card(ticket(), None, [("person", "quiero hablar con alguien")])
    first_lines = card.splitlines()[:3]
    assert first_lines[1] == locales.message("fr", "staff_card_language", READS="ESPAGNOL", reads="espagnol")
    assert "👤 quiero hablar con alguien" in card
    # Staff configured to read Spanish, a person writing French.
    card = StaffTexts("es").card(ticket(language="fr"), None, [])
    assert locales.message("es", "staff_card_language", READS="FRANCÉS", reads="francés") in card
    # Same language: nothing to warn about.
    card = StaffTexts("fr").card(ticket(language="fr"), None, [])
    assert locales.message("fr", "staff_card_language_same", reads="français") in card


def test_the_card_shows_the_intake_with_the_forms_labels_and_stays_within_telegrams_limit():
    intake = {"first_name": "María", "adults": 2, "children": 1, "arrival_date": date(2026, 2, 10),
              "claim_stage": "filed_border", "urgent_needs": ["housing", "health"], "phone": None}
    lines = intake_lines(intake, "fr")
    assert lines == ["Prénom: María", "Adultes: 2", "Enfants: 1", "Arrivée au Canada: 2026-02-10",
                     "Demande d'asile: Faite à la frontière ou à l'aéroport", "Besoins urgents: Logement, Santé"]
    card = StaffTexts("fr").card(ticket(), intake, [("person", "x" * 5000)] * 6)
    assert len(card) <= TELEGRAM_MAX_TEXT and "• Prénom: María" in card


def test_the_queue_shows_urgency_language_who_has_it_and_age():
    urgent = ticket(id=9, priority=PRIORITY_URGENT, reason="emergency", created_at=NOW - timedelta(minutes=3))
    claimed = ticket(id=4, status="with_staff", assignee="telegram:501")
    text = StaffTexts("fr").queue([urgent, claimed], {"telegram:501": "Ana"}, NOW)
    lines = text.splitlines()
    assert lines[0] == locales.message("fr", "staff_queue_title", count=2)
    assert lines[1] == "#9 · 🔴 URGENT · espagnol · Telegram · en attente · ouvert depuis 3 minutes"
    assert lines[2] == "#4 · normal · espagnol · Telegram · avec Ana · ouvert depuis 25 minutes"
    assert StaffTexts("fr").queue([], {}, NOW) == locales.message("fr", "staff_queue_empty")


def test_whatsapp_needs_the_template_only_after_24_hours():
    sender = "whatsapp:+14185550101"
    assert not needs_template(sender, NOW - timedelta(hours=23, minutes=59), NOW)
    assert needs_template(sender, NOW - timedelta(hours=24), NOW)
    assert needs_template(sender, None, NOW)  # nothing from the person in the conversation
    assert not needs_template("+14185550101", NOW - timedelta(days=3), NOW)  # SMS has no such rule
    assert not needs_template("700000001", NOW - timedelta(days=3), NOW)
