"""Tickets: a queue ordered by urgency, status changes logged, the log append-only."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.store import (
    PRIORITY_URGENT, TicketStateError, active_ticket_for, add_ticket_message, claim_ticket, close_ticket,
    get_or_create_person, open_ticket, open_tickets, reopen_ticket, ticket_log,
)
from bot.store.models import AppendOnlyError, Ticket, TicketEvent


def test_queue_puts_urgent_first_then_oldest(store, clock):
    first = open_ticket("rest", "a", language="es", reason="asked_for_human", store=store)
    clock.advance(minutes=1)
    second = open_ticket("rest", "b", store=store)
    clock.advance(minutes=1)
    urgent = open_ticket("telegram", "c", priority=PRIORITY_URGENT, reason="emergency", store=store)
    assert [ticket.id for ticket in open_tickets(store=store)] == [urgent, first, second]
    assert open_tickets(store=store)[0].sender_id == "c"  # staff replies need it


def test_life_of_a_ticket_is_logged(store, clock):
    person = get_or_create_person("telegram", "42", store=store)
    ticket = open_ticket("telegram", "42", store=store)
    with store.transaction() as session:
        assert session.get(Ticket, ticket).person_id == person
    clock.advance(minutes=3)
    claim_ticket(ticket, "staff-1", store=store)
    add_ticket_message(ticket, "message_out", "Bonjour", author="staff-1", store=store)
    with pytest.raises(TicketStateError):
        claim_ticket(ticket, "staff-2", store=store)  # already with staff-1
    assert active_ticket_for("42", store=store) == ticket
    close_ticket(ticket, author="staff-1", store=store)
    assert active_ticket_for("42", store=store) is None
    reopen_ticket(ticket, store=store)

    log = ticket_log(ticket, store=store)
    assert [entry["kind"] for entry in log] == ["opened", "claimed", "message_out", "closed", "reopened"]
    assert log[1]["at"] - log[0]["at"] == timedelta(minutes=3)  # the response time statistics read
    assert [ticket.status for ticket in open_tickets(store=store)] == ["waiting"]


def test_ticket_events_cannot_be_rewritten(store):
    ticket = open_ticket("rest", "a", store=store)
    add_ticket_message(ticket, "note", "called back", author="staff-1", store=store)
    with pytest.raises(AppendOnlyError):
        with store.transaction() as session:
            event = session.execute(select(TicketEvent).where(TicketEvent.kind == "note")).scalar_one()
            event.text = "never called"
    with pytest.raises(AppendOnlyError):
        with store.transaction() as session:
            session.delete(session.execute(select(TicketEvent).where(TicketEvent.kind == "note")).scalar_one())
    assert [entry["text"] for entry in ticket_log(ticket, store=store)] == [None, "called back"]


def test_only_message_kinds_are_added_as_messages(store):
    ticket = open_ticket("rest", "a", store=store)
    with pytest.raises(ValueError):
        add_ticket_message(ticket, "closed", "bye", store=store)


def test_a_message_belongs_to_the_ticket_open_when_it_was_written(store, clock):
    from bot.store import get_ticket, ticket_open_at

    before = clock.now
    clock.advance(minutes=1)
    first = open_ticket("telegram", "42", store=store)
    clock.advance(minutes=5)
    during = clock.now
    clock.advance(minutes=1)
    closed_at = clock.now
    close_ticket(first, author="staff-1", store=store)
    clock.advance(minutes=5)
    between = clock.now
    clock.advance(minutes=5)
    second = open_ticket("telegram", "42", store=store)
    clock.advance(minutes=1)

    assert ticket_open_at("42", before, store=store) is None  # what led to the handoff
    assert ticket_open_at("42", during, store=store).id == first  # read after the ticket was closed
    assert ticket_open_at("42", between, store=store) is None  # back with the assistant
    assert ticket_open_at("42", clock.now, store=store).id == second
    assert ticket_open_at("43", clock.now, store=store) is None
    closed = get_ticket(first, store=store)
    assert (closed.status, closed.sender_id, closed.closed_at) == ("closed", "42", closed_at)
    with pytest.raises(LookupError):
        get_ticket(999, store=store)
