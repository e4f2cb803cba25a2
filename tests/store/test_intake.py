"""Persons, consent and intake: what the intake form's actions rely on."""
from datetime import date

import pytest

from bot.store import (
    AmbiguousSender, ConsentRequired, InvalidField, UnknownPerson, check_intake_fields, find_person,
    get_intake, get_or_create_person, has_consent, record_consent, save_intake, to_e164, withdraw_consent,
)
from bot.store.models import Person

ANSWERS = {
    "first_name": "Marisol",
    "gender": "other",
    "gender_self_described": "no binaria",
    "adults": 2,
    "children": "3",
    "arrival_date": "2026-01-15",
    "claim_stage": "filed_border",
    "city": "Lévis",
    "urgent_needs": ["food", "housing", "food"],
    "phone": "(418) 555-0142",
    "contact_moments": ["evening"],
    "language": "es",
}


def test_the_same_sender_is_the_same_person_and_is_marked_seen(store, clock):
    first = get_or_create_person("telegram", "5551", store=store)
    clock.advance(days=3)
    again = get_or_create_person("telegram", "5551", store=store)
    same_id_elsewhere = get_or_create_person("rest", "5551", store=store)
    assert again == first
    assert same_id_elsewhere != first  # a sender id means something only on its channel
    assert find_person("5551", "telegram", store=store) == first
    assert find_person("nobody", store=store) is None
    with pytest.raises(AmbiguousSender):
        find_person("5551", store=store)
    with store.transaction() as session:
        assert session.get(Person, first).last_seen_at == clock.now


def test_intake_round_trip_normalises_answers(store):
    person = get_or_create_person("whatsapp", "whatsapp:+15145550000", store=store)
    record_consent(person, "2026-01", store=store)
    assert save_intake(person, ANSWERS, store=store) == person

    saved = get_intake(person, store=store)
    assert saved["first_name"] == "Marisol"
    assert saved["gender_self_described"] == "no binaria"
    assert saved["city"] == "Lévis"
    assert saved["phone"] == "+14185550142"
    assert saved["children"] == 3
    assert saved["arrival_date"] == date(2026, 1, 15)
    assert saved["urgent_needs"] == ["housing", "food"]  # canonical order, once each
    assert saved["contact_moments"] == ["evening"]


def test_saving_again_updates_only_the_given_fields(store, clock):
    person = get_or_create_person("rest", "p1", store=store)
    record_consent(person, "2026-01", store=store)
    save_intake(person, {"first_name": "Ana", "adults": 1}, store=store)
    created = get_intake(person, store=store)["created_at"]
    clock.advance(minutes=5)
    save_intake(person, {"adults": 2, "first_name": None}, store=store)

    saved = get_intake(person, store=store)
    assert (saved["adults"], saved["first_name"]) == (2, None)
    assert saved["created_at"] == created and saved["updated_at"] == clock.now


def test_no_intake_without_consent_or_after_withdrawal(store):
    person = get_or_create_person("rest", "p2", store=store)
    with pytest.raises(ConsentRequired):
        save_intake(person, {"first_name": "Ana"}, store=store)
    record_consent(person, "2026-01", store=store)
    assert has_consent(person, store=store)
    withdraw_consent(person, store=store)
    assert not has_consent(person, store=store)
    with pytest.raises(ConsentRequired):
        save_intake(person, {"first_name": "Ana"}, store=store)
    assert get_intake(person, store=store) is None


def test_unknown_person_is_an_error(store):
    with pytest.raises(UnknownPerson):
        record_consent("0" * 32, "2026-01", store=store)


@pytest.mark.parametrize("field, value", [
    ("gender", "female"), ("claim_stage", "pending"), ("urgent_needs", ["housing", "money"]),
    ("adults", -1), ("children", 2.5), ("adults", 99), ("arrival_date", "15/01/2026"),
    ("phone", "12345"), ("first_name", "   "), ("contact_moments", ["night"]), ("language", "de"),
    ("passport", "X123"),
])
def test_bad_answers_are_refused_without_repeating_them(field, value):
    with pytest.raises(InvalidField) as refused:
        check_intake_fields({field: value})
    assert refused.value.field == field
    assert str(value) not in str(refused.value)


def test_phone_numbers_become_e164_with_canada_by_default():
    assert to_e164("418 555-0142") == "+14185550142"
    assert to_e164("+52 55 1234 5678") == "+525512345678"
    assert to_e164("555-0142") is None
