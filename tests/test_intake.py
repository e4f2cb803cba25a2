"""Intake conversations against the running action server, in each language.

The Rasa model runs in-process; custom actions run in a real `rasa run actions`
process with its own SQLite databases (tests/conftest.py), as under `make run`.
"""
import datetime as dt
import sqlite3

import pytest

from actions.handoff import when_staff_answer
from bot import locales


def intake_of(store, sender):
    """The stored intake of a conversation's person, or None."""
    from sqlalchemy import select

    from bot.store import repository
    from bot.store.models import Intake

    person_id = repository.find_person(sender, store=store)
    with store.transaction() as session:
        return session.execute(select(Intake).where(Intake.person_id == person_id)).scalar_one_or_none()


def rows(path, sql, *args):
    with sqlite3.connect(path) as db:
        return db.execute(sql, args).fetchall()


def ask(language, key):
    return locales.message(language, key)


def question(language, slot, optional=False):
    text = ask(language, f"ask_{slot}")
    return f"{text} {ask(language, 'skip_hint')}" if optional else text


ANSWERS = {
    "es": ["quiero registrarme", "si", "Ana", "1", "2", "1", "hace 3 semanas", "2", "Québec", "1 2", "418 555 0123", "2"],
    "fr": ["je veux m'inscrire svp", "oui", "Jean", "2", "1", "0", "le 2 mars", "3", "Lévis", "aucun", "passer", "3"],
    "en": ["sign me up please", "yes", "Grace", "woman", "2", "3", "last month", "hearing", "Quebec City", "housing and school", "581 700 1234", "1 2"],
}


@pytest.mark.parametrize("language", ["es", "fr", "en"])
def test_happy_path_stores_an_encrypted_intake(person, databases, store, language):
    answers = ANSWERS[language]
    assert person.say(answers[0]) == [locales.text(language, "ask_consent")]
    assert person.say(answers[1]) == [question(language, "first_name")]
    assert person.say(answers[2]) == [question(language, "gender", optional=True)]
    person.say(answers[3])
    person.say(answers[4])
    person.say(answers[5])
    person.say(answers[6])
    person.say(answers[7])
    person.say(answers[8])
    person.say(answers[9])
    person.say(answers[10])
    [summary] = person.say(answers[11])
    assert summary.startswith(ask(language, "summary_title"))
    assert f"1. {locales.load(language)['messages']['summary_labels']['first_name']}: {answers[2]}" in summary
    replies = person.say({"es": "si", "fr": "oui", "en": "yes"}[language])
    assert replies[0] == ask(language, "intake_saved")
    # housing (es, en) is urgent: a person takes over at once; fr gave no urgent need
    assert replies[1:] == ([] if language == "fr" else [when_staff_answer(language)])

    intake = intake_of(store, person.sender)
    assert (intake.first_name, intake.language) == (answers[2], language)
    assert intake.arrival_date < dt.date.today()
    # at rest, neither the name nor the phone number is readable
    raw = " ".join(str(value) for row in rows(databases["store"], "SELECT * FROM intakes") for value in row)
    assert answers[2] not in raw and "4185550123" not in raw and "5817001234" not in raw
    # the answers left the conversation state once stored
    assert person.slot("first_name") is None


def test_invalid_answers_are_asked_again_with_the_reason(person):
    person.say("quiero registrarme")
    person.say("si")
    person.say("Ana")
    person.say("saltar")  # gender is optional
    assert person.say("muchos") == [ask("es", "invalid_number"), question("es", "household_adults")]
    person.say("2")
    person.say("0")
    assert person.say("el 3 de enero de 2035") == [ask("es", "date_in_future"), question("es", "arrival_date")]
    assert person.say("hace 2 meses") == [question("es", "claim_stage")]
    assert person.say("9") == [ask("es", "invalid_choice"), question("es", "claim_stage")]


def test_cancel_leaves_with_nothing_stored(person, store):
    person.say("quiero registrarme")
    person.say("si")
    person.say("Ana")
    assert person.say("cancelar") == [ask("es", "intake_cancelled")]
    assert intake_of(store, person.sender) is None
    assert person.slot("first_name") is None


def test_no_consent_stores_nothing_and_questions_still_work(person, databases):
    before = rows(databases["store"], "SELECT count(*) FROM consents")
    assert person.say("sign me up") == [locales.text("en", "ask_consent")]
    assert person.say("no") == [locales.text("en", "no_consent")]
    assert rows(databases["store"], "SELECT count(*) FROM consents") == before
    assert person.say("when is the deadline for the BOC form") == [locales.topic_answer("en", "boc_form")]


def test_a_line_of_the_summary_can_be_corrected(person):
    for text in ["je veux m'inscrire", "oui", "Jean", "passer", "1", "0", "il y a 2 semaines", "1", "passer", "aucun", "passer"]:
        person.say(text)
    [summary] = person.say("passer")
    assert "1. Prénom: Jean" in summary
    assert person.say("1") == [question("fr", "first_name")]
    [summary] = person.say("Jean-Pierre")
    assert "1. Prénom: Jean-Pierre" in summary
    assert person.say("oui") == [ask("fr", "intake_saved")]


def test_delete_my_data_erases_every_row(person, databases, store):
    from bot.store import repository

    for text in ["quiero registrarme", "si", "Lucia", "1", "1", "0", "hace una semana", "1", "saltar", "ninguna", "saltar", "saltar", "si"]:
        person.say(text)
    person_id = repository.find_person(person.sender, store=store)
    assert intake_of(store, person.sender) is not None
    assert rows(databases["events"], "SELECT count(*) FROM events WHERE sender_id = ?", person.sender) != [(0,)]
    assert person.say("borrar mis datos") == [locales.text("es", "ask_delete_confirm")]
    assert person.say("si") == [ask("es", "data_deleted")]

    for conversation_events in (databases["tracker"], databases["events"]):  # Rasa's store, and the broker's copy
        assert rows(conversation_events, "SELECT count(*) FROM events WHERE sender_id = ?", person.sender) == [(0,)]
    for table in ("intakes", "consents", "channel_identities"):
        assert rows(databases["store"], f"SELECT count(*) FROM {table} WHERE person_id = ?", person_id) == [(0,)], table
    assert rows(databases["store"], "SELECT count(*) FROM persons WHERE id = ?", person_id) == [(0,)]
    # and the conversation starts afresh
    assert person.say("hola") == [locales.text("es", "greet")]
