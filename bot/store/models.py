"""Tables of the Passerelle store. Personal fields are `EncryptedText`.

Ids are random (uuid4 hex) so they can appear in logs and staff tools without
revealing how many people we serve or in what order they came.
"""
from __future__ import annotations

import uuid

from sqlalchemy import (
    JSON, Column, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, event,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.store.crypto import EncryptedText

Base = declarative_base()

TICKET_STATUSES = ("waiting", "with_staff", "closed")
TICKET_EVENT_KINDS = ("opened", "claimed", "message_in", "message_out", "note", "closed", "reopened")


def new_id() -> str:
    return uuid.uuid4().hex


class Person(Base):
    """One person across visits and channels."""

    __tablename__ = "persons"

    id = Column(String(32), primary_key=True, default=new_id)
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False, index=True)
    # HMAC of the E.164 number: the same phone links records without storing it in clear.
    phone_hash = Column(String(64), unique=True)

    identities = relationship("ChannelIdentity", back_populates="person")
    intake = relationship("Intake", back_populates="person", uselist=False)


class ChannelIdentity(Base):
    """A sender on a channel ("twilio", "whatsapp", "telegram", "rest"), i.e. a Rasa conversation id."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "sender_hash"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    sender_hash = Column(String(64), nullable=False, index=True)
    # Kept (encrypted) because erasure must find this sender's events in the tracker store.
    sender_id = Column(EncryptedText, nullable=False)
    person_id = Column(String(32), ForeignKey("persons.id"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False)

    person = relationship("Person", back_populates="identities")


class Consent(Base):
    __tablename__ = "consents"

    id = Column(Integer, primary_key=True)
    person_id = Column(String(32), ForeignKey("persons.id"), nullable=False, index=True)
    version = Column(String(32), nullable=False)
    given_at = Column(DateTime, nullable=False)
    withdrawn_at = Column(DateTime)


class Intake(Base):
    """The intake form's answers; one row per person, updated as the form goes."""

    __tablename__ = "intakes"

    id = Column(Integer, primary_key=True)
    person_id = Column(String(32), ForeignKey("persons.id"), nullable=False, unique=True)
    first_name = Column(EncryptedText)
    gender = Column(String(16))
    gender_self_described = Column(EncryptedText)
    adults = Column(Integer)
    children = Column(Integer)
    arrival_date = Column(Date)
    claim_stage = Column(String(32))
    city = Column(EncryptedText)
    urgent_needs = Column(JSON)
    phone = Column(EncryptedText)  # E.164
    contact_moments = Column(JSON)
    language = Column(String(8))
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    person = relationship("Person", back_populates="intake")


class Ticket(Base):
    """A handoff to staff. Rows stay after erasure or purge (without personal data) for statistics."""

    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    sender_hash = Column(String(64), index=True)
    sender_id = Column(EncryptedText)  # where staff replies go; blanked on erasure
    person_id = Column(String(32), ForeignKey("persons.id"), index=True)
    channel = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False, default="waiting", index=True)
    priority = Column(Integer, nullable=False, default=0)  # higher first: urgent before the rest
    language = Column(String(8))
    reason = Column(String(64))  # a code such as "asked_for_human", never free text
    assignee = Column(String(64))
    created_at = Column(DateTime, nullable=False)
    claimed_at = Column(DateTime)
    closed_at = Column(DateTime)


class TicketEvent(Base):
    """Append-only log of a ticket. Only erasure and purge may blank or delete rows."""

    __tablename__ = "ticket_events"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    author = Column(String(64))
    text = Column(EncryptedText)
    at = Column(DateTime, nullable=False)


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(TicketEvent, "before_update")
@event.listens_for(TicketEvent, "before_delete")
def _refuse_rewriting_history(_mapper, _connection, target: TicketEvent) -> None:
    # Erasure and purge use bulk statements, which do not pass through here.
    raise AppendOnlyError(f"ticket event {target.id} is append-only")
