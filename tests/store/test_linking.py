"""One person across channels: the same phone number joins two records into one."""
from sqlalchemy import select

from bot.store import (
    get_intake, get_or_create_person, link_phone, record_consent, save_intake, sender_ids_of,
)
from bot.store.models import ChannelIdentity, Consent, Person
from tests.store.conftest import count_rows


def test_same_phone_on_two_channels_merges_into_the_older_person(store, clock):
    on_telegram = get_or_create_person("telegram", "90210", store=store)
    record_consent(on_telegram, "2026-01", store=store)
    save_intake(on_telegram, {"first_name": "Lucía", "adults": 1, "phone": "+1 418 555 0123"}, store=store)

    clock.advance(days=10)
    on_whatsapp = get_or_create_person("whatsapp", "whatsapp:+15815550000", store=store)
    record_consent(on_whatsapp, "2026-02", store=store)
    survivor = save_intake(on_whatsapp, {"adults": 2, "city": "Québec", "phone": "418.555.0123"}, store=store)

    assert survivor == on_telegram  # known longest, keeps its id
    assert count_rows(store.engine, "persons") == 1
    assert get_or_create_person("whatsapp", "whatsapp:+15815550000", store=store) == on_telegram
    assert sorted(sender_ids_of(on_telegram, store=store)) == ["90210", "whatsapp:+15815550000"]
    intake = get_intake(on_telegram, store=store)
    # The newer answer wins where both answered; an answer given once is kept.
    assert (intake["first_name"], intake["adults"], intake["city"]) == ("Lucía", 2, "Québec")
    assert count_rows(store.engine, "intakes") == 1
    with store.transaction() as session:
        versions = session.execute(select(Consent.version).where(Consent.person_id == on_telegram)).scalars()
        assert sorted(versions) == ["2026-01", "2026-02"]
        person = session.get(Person, on_telegram)
        assert person.last_seen_at == clock.now  # the merged person was seen just now


def test_link_phone_without_intake_links_too(store, clock):
    first = get_or_create_person("rest", "web-1", store=store)
    assert link_phone(first, "581-555-0199", store=store) == first
    clock.advance(hours=1)
    second = get_or_create_person("telegram", "777", store=store)
    assert link_phone(second, "+15815550199", store=store) == first
    with store.transaction() as session:
        owners = set(session.execute(select(ChannelIdentity.person_id)).scalars())
    assert owners == {first}


def test_different_phones_stay_different_people(store):
    one = get_or_create_person("rest", "a", store=store)
    other = get_or_create_person("rest", "b", store=store)
    link_phone(one, "418-555-0101", store=store)
    assert link_phone(other, "418-555-0102", store=store) == other
    assert count_rows(store.engine, "persons") == 2
