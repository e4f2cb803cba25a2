"""Erasing a person ("delete my data") and purging what is older than the retention period.

Conversation events go first (the tracker store's, then the event broker's copy):
our identities hold the only copy of a person's other sender ids, so if deleting
events fails, the store is untouched and a retry finds them again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import List, Optional, Set

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.store import broker, tracker
from bot.store.crypto import sender_hash
from bot.store.database import Store, resolve
from bot.store.models import ChannelIdentity, Consent, Intake, Person, Ticket, TicketEvent
from bot.store.repository import person_of_sender

logger = logging.getLogger(__name__)


@dataclass
class Erasure:
    person_id: Optional[str]
    tracker_events: int = 0
    broker_events: int = 0
    intakes: int = 0
    consents: int = 0
    identities: int = 0
    tickets_blanked: int = 0


@dataclass
class Purge:
    persons: int = 0
    closed_ticket_events: int = 0
    tracker_events: int = 0
    broker_events: int = 0
    kept_active: int = 0  # old in our store but still writing: their last_seen_at is refreshed
    erasures: List[Erasure] = field(default_factory=list)


def erase_person(
    *,
    sender_id: Optional[str] = None,
    person_id: Optional[str] = None,
    channel: Optional[str] = None,
    store: Optional[Store] = None,
) -> Erasure:
    """Delete everything about a person, found by a sender id (on `channel`, or on any
    channel if it names only one person) or by a person id.

    Removes their intake, consents, channel identities and person row, blanks the
    text and sender of their tickets (kept for statistics), and deletes the
    conversation events (tracker store and event broker) of every sender id they
    used. A sender never seen by the store still loses their events and ticket text.
    """
    if (sender_id is None) == (person_id is None):
        raise ValueError("give either sender_id or person_id")
    store = resolve(store)
    with store.transaction() as session:
        if person_id is None:
            person_id = person_of_sender(session, sender_id, channel)
        sender_ids = set(_sender_ids(session, person_id)) | ({sender_id} if sender_id else set())
    result = Erasure(person_id=person_id)
    result.tracker_events = tracker.delete_events_of(store.tracker_engine, sender_ids)
    result.broker_events = broker.delete_events_of(store.events_engine, sender_ids)
    with store.transaction() as session:
        _erase_rows(session, person_id, sender_ids, result)
    logger.info(
        "erased person %s: %d tracker events, %d broker events, %d intakes, %d consents, %d identities, "
        "%d tickets blanked",
        person_id, result.tracker_events, result.broker_events, result.intakes, result.consents, result.identities,
        result.tickets_blanked,
    )
    return result


def purge(older_than_days: int, *, store: Optional[Store] = None) -> Purge:
    """Delete what is older than the retention period: people not seen since
    (with all their data), the logs of tickets closed before, and older conversation events."""
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    store = resolve(store)
    cutoff = store.now() - timedelta(days=older_than_days)
    result = Purge()

    with store.transaction() as session:
        stale = list(session.execute(select(Person.id).where(Person.last_seen_at < cutoff)).scalars())
    for person_id in stale:
        with store.transaction() as session:
            sender_ids = _sender_ids(session, person_id)
        # Someone may keep writing without reaching an action that marks them seen.
        latest = tracker.latest_event_at(store.tracker_engine, sender_ids)
        if latest is not None and latest >= _epoch(cutoff):
            with store.transaction() as session:
                session.execute(update(Person).where(Person.id == person_id).values(last_seen_at=_naive_utc(latest)))
            result.kept_active += 1
            continue
        result.erasures.append(erase_person(person_id=person_id, store=store))
        result.persons += 1

    with store.transaction() as session:
        old_tickets = select(Ticket.id).where(Ticket.status == "closed", Ticket.closed_at < cutoff)
        result.closed_ticket_events = session.execute(
            delete(TicketEvent).where(TicketEvent.ticket_id.in_(old_tickets)).execution_options(synchronize_session=False)
        ).rowcount
        session.execute(
            update(Ticket).where(Ticket.id.in_(old_tickets)).values(sender_id=None, sender_hash=None)
            .execution_options(synchronize_session=False)
        )
    result.tracker_events = tracker.delete_events_before(store.tracker_engine, _epoch(cutoff))
    result.broker_events = broker.delete_events_before(store.events_engine, _epoch(cutoff))
    logger.info(
        "purge older than %d days: %d persons, %d closed-ticket events, %d tracker events, %d broker events "
        "(%d kept, still active)",
        older_than_days, result.persons, result.closed_ticket_events, result.tracker_events, result.broker_events,
        result.kept_active,
    )
    return result


def _sender_ids(session: Session, person_id: Optional[str]) -> List[str]:
    if person_id is None:
        return []
    return list(session.execute(
        select(ChannelIdentity.sender_id).where(ChannelIdentity.person_id == person_id)
    ).scalars())


def _erase_rows(session: Session, person_id: Optional[str], sender_ids: Set[str], result: Erasure) -> None:
    belongs_to_them = [Ticket.sender_hash.in_([sender_hash(sender) for sender in sender_ids])]
    if person_id is not None:
        belongs_to_them.append(Ticket.person_id == person_id)
    ticket_ids = list(session.execute(select(Ticket.id).where(or_(*belongs_to_them))).scalars())
    if ticket_ids:
        # Bulk update: the append-only guard on TicketEvent allows nothing else to rewrite it.
        session.execute(
            update(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids)).values(text=None)
            .execution_options(synchronize_session=False)
        )
        result.tickets_blanked = session.execute(
            update(Ticket).where(Ticket.id.in_(ticket_ids)).values(sender_id=None, sender_hash=None, person_id=None)
            .execution_options(synchronize_session=False)
        ).rowcount
    if person_id is None:
        return
    for model, counter in ((Intake, "intakes"), (Consent, "consents"), (ChannelIdentity, "identities")):
        deleted = session.execute(
            delete(model).where(model.person_id == person_id).execution_options(synchronize_session=False)
        ).rowcount
        setattr(result, counter, deleted)
    session.execute(delete(Person).where(Person.id == person_id).execution_options(synchronize_session=False))


def _epoch(moment: datetime) -> float:
    return moment.replace(tzinfo=timezone.utc).timestamp()


def _naive_utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)
