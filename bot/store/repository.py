"""What the actions call: persons, consent, intake, phone linking.

Every function takes and returns plain values (person ids, dicts), opens its own
transaction, and takes an optional `store` (default: the process-wide one).
Logs carry person ids only, never what a person wrote.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.crypto import phone_hash, sender_hash
from bot.store.database import Store, resolve
from bot.store.fields import INTAKE_FIELDS, InvalidField, check_intake_fields, to_e164
from bot.store.models import ChannelIdentity, Consent, Intake, Person, Ticket

logger = logging.getLogger(__name__)


class UnknownPerson(LookupError):
    pass


class ConsentRequired(PermissionError):
    """Intake answers are stored only after the person consented (and did not withdraw)."""


def get_or_create_person(channel: str, sender_id: str, *, store: Optional[Store] = None) -> str:
    """The id of the person behind this sender on this channel; marks them as seen now."""
    store = resolve(store)
    try:
        return _get_or_create_person(store, channel, sender_id)
    except IntegrityError:
        # Two messages of a new sender raced to create them: the other one won, use it.
        return _get_or_create_person(store, channel, sender_id)


def _get_or_create_person(store: Store, channel: str, sender_id: str) -> str:
    now = store.now()
    with store.transaction() as session:
        identity = session.execute(
            select(ChannelIdentity).where(
                ChannelIdentity.channel == channel, ChannelIdentity.sender_hash == sender_hash(sender_id)
            )
        ).scalar_one_or_none()
        if identity is not None:
            identity.person.last_seen_at = now
            return identity.person_id
        person = Person(created_at=now, last_seen_at=now)
        session.add(person)
        session.add(ChannelIdentity(
            channel=channel, sender_hash=sender_hash(sender_id), sender_id=sender_id,
            person=person, created_at=now,
        ))
        session.flush()
        logger.info("new person %s on channel %s", person.id, channel)
        return person.id


def find_person(sender_id: str, channel: Optional[str] = None, *, store: Optional[Store] = None) -> Optional[str]:
    """The person behind a sender id, without creating one.

    Without `channel`, any channel; raises AmbiguousSender if the same id names
    different people on different channels.
    """
    with resolve(store).transaction() as session:
        return person_of_sender(session, sender_id, channel)


class AmbiguousSender(LookupError):
    pass


def person_of_sender(session: Session, sender_id: str, channel: Optional[str] = None) -> Optional[str]:
    query = select(ChannelIdentity.person_id).where(ChannelIdentity.sender_hash == sender_hash(sender_id))
    if channel is not None:
        query = query.where(ChannelIdentity.channel == channel)
    persons = set(session.execute(query).scalars())
    if len(persons) > 1:
        raise AmbiguousSender("this sender id is used on several channels: give the channel")
    return persons.pop() if persons else None


def sender_ids_of(person_id: str, *, store: Optional[Store] = None) -> List[str]:
    """Every Rasa conversation id of this person, e.g. to reach them on their channels."""
    with resolve(store).transaction() as session:
        return list(session.execute(
            select(ChannelIdentity.sender_id).where(ChannelIdentity.person_id == person_id)
        ).scalars())


def record_consent(person_id: str, version: str, *, store: Optional[Store] = None) -> None:
    """The person agreed to the consent text `version` (e.g. "2026-01")."""
    store = resolve(store)
    with store.transaction() as session:
        _person(session, person_id)
        session.add(Consent(person_id=person_id, version=version, given_at=store.now()))
    logger.info("consent %s recorded for person %s", version, person_id)


def withdraw_consent(person_id: str, *, store: Optional[Store] = None) -> None:
    store = resolve(store)
    with store.transaction() as session:
        session.execute(
            update(Consent)
            .where(Consent.person_id == person_id, Consent.withdrawn_at.is_(None))
            .values(withdrawn_at=store.now())
        )
    logger.info("consent withdrawn by person %s", person_id)


def has_consent(person_id: str, *, store: Optional[Store] = None) -> bool:
    with resolve(store).transaction() as session:
        return _has_consent(session, person_id)


def _has_consent(session: Session, person_id: str) -> bool:
    return session.execute(
        select(Consent.id).where(Consent.person_id == person_id, Consent.withdrawn_at.is_(None)).limit(1)
    ).first() is not None


def save_intake(person_id: str, fields: Dict[str, Any], *, store: Optional[Store] = None) -> str:
    """Create or update the person's intake with the given fields (None clears one).

    Raises InvalidField or ConsentRequired. A phone number also links the person to
    whoever gave the same number before; the id returned is the (possibly merged) person's.
    """
    checked = check_intake_fields(fields)
    store = resolve(store)
    now = store.now()
    with store.transaction() as session:
        person = _person(session, person_id)
        if not _has_consent(session, person_id):
            raise ConsentRequired(f"person {person_id} has not consented")
        intake = person.intake
        if intake is None:
            intake = Intake(person=person, created_at=now)
            session.add(intake)
        for name, value in checked.items():
            setattr(intake, name, value)
        intake.updated_at = now
        session.flush()
        if checked.get("phone"):
            person = _link_phone(session, person, checked["phone"])
        logger.info("intake saved for person %s (fields: %s)", person.id, ", ".join(sorted(checked)))
        return person.id


def get_intake(person_id: str, *, store: Optional[Store] = None) -> Optional[Dict[str, Any]]:
    """The intake's fields (decrypted), or None when there is none."""
    with resolve(store).transaction() as session:
        intake = session.execute(select(Intake).where(Intake.person_id == person_id)).scalar_one_or_none()
        if intake is None:
            return None
        values = {name: getattr(intake, name) for name in INTAKE_FIELDS}
        values.update(created_at=intake.created_at, updated_at=intake.updated_at)
        return values


def link_phone(person_id: str, phone: str, *, store: Optional[Store] = None) -> str:
    """Attach a phone number (any format, Canada by default) to the person.

    If another person gave the same number, both become one: the id returned is
    the surviving person's, and the other id no longer exists.
    """
    e164 = to_e164(phone)
    if e164 is None:
        raise InvalidField("phone", "not a valid phone number")
    with resolve(store).transaction() as session:
        return _link_phone(session, _person(session, person_id), e164).id


def _link_phone(session: Session, person: Person, e164: str) -> Person:
    digest = phone_hash(e164)
    other = session.execute(
        select(Person).where(Person.phone_hash == digest, Person.id != person.id)
    ).scalar_one_or_none()
    if other is None:
        person.phone_hash = digest
        return person
    # The person known longest keeps their id (it may already be in tickets and staff
    # notes); on a tie, the one who gave this number first.
    survivor, absorbed = sorted((other, person), key=lambda candidate: candidate.created_at)
    _merge(session, survivor, absorbed)
    survivor.phone_hash = digest
    return survivor


def _merge(session: Session, survivor: Person, absorbed: Person) -> None:
    # Bulk statements throughout: the absorbed person's rows move or go, whatever is loaded.
    session.execute(update(Person).where(Person.id == absorbed.id).values(phone_hash=None))
    for model in (ChannelIdentity, Consent, Ticket):
        session.execute(update(model).where(model.person_id == absorbed.id).values(person_id=survivor.id))
    _merge_intakes(session, survivor.id, absorbed.id)
    survivor.created_at = min(survivor.created_at, absorbed.created_at)
    survivor.last_seen_at = max(survivor.last_seen_at, absorbed.last_seen_at)
    session.execute(delete(Person).where(Person.id == absorbed.id))
    session.flush()
    session.expire(survivor, ["identities", "intake"])
    logger.info("person %s merged into person %s (same phone)", absorbed.id, survivor.id)


def _merge_intakes(session: Session, survivor_id: str, absorbed_id: str) -> None:
    intakes = {
        intake.person_id: intake
        for intake in session.execute(select(Intake).where(Intake.person_id.in_([survivor_id, absorbed_id]))).scalars()
    }
    kept, other = intakes.get(survivor_id), intakes.get(absorbed_id)
    if other is None:
        return
    if kept is None:
        session.execute(update(Intake).where(Intake.id == other.id).values(person_id=survivor_id))
        return
    # Field by field, the most recent answer wins; an answer given only once is kept.
    older, newer = sorted((kept, other), key=lambda intake: intake.updated_at)
    merged = {name: getattr(newer, name) if getattr(newer, name) is not None else getattr(older, name)
              for name in INTAKE_FIELDS}
    created_at, updated_at = min(kept.created_at, other.created_at), max(kept.updated_at, other.updated_at)
    session.execute(delete(Intake).where(Intake.id == other.id))
    for name, value in merged.items():
        setattr(kept, name, value)
    kept.created_at, kept.updated_at = created_at, updated_at


def _person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UnknownPerson(f"no person {person_id}")
    return person
