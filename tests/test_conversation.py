"""The assistant answers in the language people write in (model in-process, real action server)."""
import pytest

from actions.handoff import when_staff_answer
from bot import locales
from bot.store.tickets import PRIORITY_URGENT, active_ticket_for, open_tickets


def ticket_of(store, sender):
    ticket_id = active_ticket_for(sender, store=store)
    return next(t for t in open_tickets(store=store) if t.id == ticket_id)


@pytest.mark.parametrize(
    "language, question, topic",
    [
        ("es", "hola, kiero pedir asilo en canada, como hago?", "claim_how"),
        ("fr", "c quand la date limite pour envoyer le formulaire FDA", "boc_form"),
        ("en", "can i get a work permit while i wait for my hearing", "work_permit"),
    ],
)
def test_a_first_question_is_answered_at_once_in_its_language(person, language, question, topic):
    assert person.say(question) == [locales.topic_answer(language, topic)]
    assert person.slot("language") == language


def test_the_language_sticks_on_short_messages(person):
    person.say("cuanto tiempo tarda el permiso de trabajo")
    assert person.say("ok") == [locales.text("es", "anything_else")]
    assert person.slot("language") == "es"


def test_an_explicit_request_switches_language_mid_conversation(person):
    person.say("donde puedo hacer el examen medico")
    assert person.say("in English please") == [locales.text("en", "language_changed")]
    assert person.say("FDA?") == [locales.topic_answer("en", "boc_form")]


def test_a_confident_message_in_another_of_our_languages_switches(person):
    person.say("bonjour, j'ai besoin d'aide pour ma demande d'asile")
    assert person.say("mis hijos pueden ir a la escuela?") == [locales.topic_answer("es", "school")]
    assert person.slot("language") == "es"


def test_more_gives_the_details_of_the_last_topic(person):
    person.say("what happens if my claim is refused")
    assert person.say("more please") == [locales.topic_answer("en", "claim_rejected", "more")]


def test_another_language_gets_the_trilingual_offer(person):
    [reply] = person.say("Olá, preciso de ajuda para pedir asilo")
    for language in locales.LANGUAGES:
        assert locales.text(language, "other_language") in reply


def test_two_misses_in_a_row_hand_over_to_a_person(person, store):
    person.say("buenas tardes")
    assert person.say("zzkx qwv plo") == [locales.text("es", "ask_rephrase")]
    assert person.say("jjj brrr tktk") == [when_staff_answer("es")]
    assert ticket_of(store, person.sender).reason == "not_understood"


def test_an_emergency_gets_911_first_then_an_urgent_ticket(person, store):
    replies = person.say("mi esposo me esta golpeando, tengo miedo")
    assert replies == [locales.text("es", "emergency"), when_staff_answer("es")]
    assert "911" in replies[0]
    ticket = ticket_of(store, person.sender)
    assert (ticket.reason, ticket.priority, ticket.language) == ("emergency", PRIORITY_URGENT, "es")


def test_asking_for_a_person_pauses_the_assistant(person, store):
    assert person.say("je veux parler a une vraie personne svp") == [when_staff_answer("fr")]
    assert ticket_of(store, person.sender).status == "waiting"
    # While staff handle it the assistant stays silent, and the message is kept.
    assert person.say("allo? c quand mon audience") == []
    assert person.tracker().is_paused()
    assert person.tracker().latest_message.text == "allo? c quand mon audience"



def test_after_a_housing_answer_yes_leads_to_consent(person):
    assert person.say("no tengo donde dormir esta noche") == [
        locales.topic_answer("es", "housing"), locales.text("es", "offer_intake"),
    ]
    assert person.say("si") == [locales.text("es", "ask_consent")]
