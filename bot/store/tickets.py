"""Handoff tickets: one row per handoff, with an append-only log of what happened.

Status goes waiting -> with_staff -> closed (and closed -> waiting on reopen);
every change is also a TicketEvent, so response times can be computed from the log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import sender_hash
from bot.store.database import Store, resolve
from bot.store.models import ChannelIdentity, Ticket, TicketEvent

logger = logging.getLogger(__name__)

PRIORITY_NORMAL = 0
PRIORITY_URGENT = 10  # higher is served first
MESSAGE_KINDS = ("message_in", "message_out", "note")


class TicketStateError(ValueError):
    pass


@dataclass(frozen=True)
class TicketSummary:
    id: int
    channel: str
    sender_id: Optional[str]
    status: str
    priority: int
    language: Optional[str]
    reason: Optional[str]
    assignee: Optional[str]
    created_at: datetime
    claimed_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None
    person_id: Optional[str] = None


def open_ticket(
    channel: str,
    sender_id: str,
    *,
    language: Optional[str] = None,
    reason: Optional[str] = None,
    priority: int = PRIORITY_NORMAL,
    store: Optional[Store] = None,
) -> int:
    """A new waiting ticket for this conversation; `reason` is a code, not the person's words."""
    store = resolve(store)
    now = store.now()
    digest = sender_hash(sender_id)
    with store.transaction() as session:
        person_id = session.execute(
            select(ChannelIdentity.person_id).where(
                ChannelIdentity.channel == channel, ChannelIdentity.sender_hash == digest
            )
        ).scalar_one_or_none()
        ticket = Ticket(
            channel=channel, sender_hash=digest, sender_id=sender_id, person_id=person_id,
            status="waiting", priority=priority, language=language, reason=reason, created_at=now,
        )
        session.add(ticket)
        session.flush()
        session.add(TicketEvent(ticket_id=ticket.id, kind="opened", at=now))
        logger.info("ticket %s opened (priority %s, reason %s)", ticket.id, priority, reason)
        return ticket.id


def add_ticket_message(
    ticket_id: int, kind: str, text: str, *, author: Optional[str] = None, store: Optional[Store] = None
) -> None:
    """Log a message from the person (message_in), to them (message_out), or a staff note."""
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(MESSAGE_KINDS)}")
    store = resolve(store)
    with store.transaction() as session:
        _ticket(session, ticket_id)
        session.add(TicketEvent(ticket_id=ticket_id, kind=kind, author=author, text=text, at=store.now()))


def claim_ticket(ticket_id: int, assignee: str, *, store: Optional[Store] = None) -> None:
    store = resolve(store)
    now = store.now()
    with store.transaction() as session:
        ticket = _ticket(session, ticket_id, expected=("waiting",))
        ticket.status, ticket.assignee, ticket.claimed_at = "with_staff", assignee, now
        session.add(TicketEvent(ticket_id=ticket_id, kind="claimed", author=assignee, at=now))
    logger.info("ticket %s claimed", ticket_id)


def close_ticket(ticket_id: int, *, author: Optional[str] = None, store: Optional[Store] = None) -> None:
    store = resolve(store)
    now = store.now()
    with store.transaction() as session:
        ticket = _ticket(session, ticket_id, expected=("waiting", "with_staff"))
        ticket.status, ticket.closed_at = "closed", now
        session.add(TicketEvent(ticket_id=ticket_id, kind="closed", author=author, at=now))
    logger.info("ticket %s closed", ticket_id)


def reopen_ticket(ticket_id: int, *, author: Optional[str] = None, store: Optional[Store] = None) -> None:
    store = resolve(store)
    now = store.now()
    with store.transaction() as session:
        ticket = _ticket(session, ticket_id, expected=("closed",))
        ticket.status, ticket.closed_at = "waiting", None
        session.add(TicketEvent(ticket_id=ticket_id, kind="reopened", author=author, at=now))
    logger.info("ticket %s reopened", ticket_id)


def active_ticket_for(sender_id: str, *, store: Optional[Store] = None) -> Optional[int]:
    """The conversation's ticket that is not closed, if any."""
    with resolve(store).transaction() as session:
        return session.execute(
            select(Ticket.id)
            .where(Ticket.sender_hash == sender_hash(sender_id), Ticket.status != "closed")
            .order_by(Ticket.created_at.desc())
            .limit(1)
        ).scalar_one_or_none()


def open_tickets(*, store: Optional[Store] = None) -> List[TicketSummary]:
    """Tickets not closed yet, in the order staff should take them: urgent first, then oldest."""
    with resolve(store).transaction() as session:
        tickets = session.execute(
            select(Ticket).where(Ticket.status != "closed").order_by(Ticket.priority.desc(), Ticket.created_at, Ticket.id)
        ).scalars()
        return [_summary(ticket) for ticket in tickets]


def get_ticket(ticket_id: int, *, store: Optional[Store] = None) -> TicketSummary:
    """One ticket, whatever its status; LookupError when there is none."""
    with resolve(store).transaction() as session:
        return _summary(_ticket(session, ticket_id))


def ticket_open_at(sender_id: str, moment: datetime, *, store: Optional[Store] = None) -> Optional[TicketSummary]:
    """The conversation's ticket that was open at `moment` (naive UTC), if any.

    The staff console files a message under the ticket it was written during,
    even when it reads the message after the ticket was closed.
    """
    with resolve(store).transaction() as session:
        ticket = session.execute(
            select(Ticket)
            .where(
                Ticket.sender_hash == sender_hash(sender_id), Ticket.created_at <= moment,
                (Ticket.closed_at.is_(None)) | (Ticket.closed_at > moment),
            )
            .order_by(Ticket.created_at.desc(), Ticket.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return _summary(ticket) if ticket is not None else None


def _summary(ticket: Ticket) -> TicketSummary:
    return TicketSummary(
        id=ticket.id, channel=ticket.channel, sender_id=ticket.sender_id, status=ticket.status,
        priority=ticket.priority, language=ticket.language, reason=ticket.reason,
        assignee=ticket.assignee, created_at=ticket.created_at, claimed_at=ticket.claimed_at,
        closed_at=ticket.closed_at, person_id=ticket.person_id,
    )


def ticket_log(ticket_id: int, *, store: Optional[Store] = None) -> List[dict]:
    """The ticket's events, oldest first (kind, author, text, at)."""
    with resolve(store).transaction() as session:
        _ticket(session, ticket_id)
        return [
            {"kind": event.kind, "author": event.author, "text": event.text, "at": event.at}
            for event in session.execute(
                select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
            ).scalars()
        ]


def _ticket(session: Session, ticket_id: int, expected=None) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise LookupError(f"no ticket {ticket_id}")
    if expected and ticket.status not in expected:
        raise TicketStateError(f"ticket {ticket_id} is {ticket.status}")
    return ticket

