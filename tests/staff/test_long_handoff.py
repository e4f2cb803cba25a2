"""A handoff that outlasts Rasa's session (12 h, domain session_config) must stay with staff."""
import pytest

from bot.store import active_ticket_for


def test_a_person_writing_the_next_day_is_still_with_staff(stack, console, staff, person, store):
    person.says("quiero hablar con una persona")
    person.received(1)
    staff.card(active_ticket_for(person.sender, store=store))
    stack.age_conversation(person.sender, hours=13)  # e.g. Saturday 16:00 to Sunday morning

    person.says("hola, donde me hago el examen medico?")
    staff.wait_for_text("donde me hago el examen medico")  # staff see it either way
    assert stack.conversation(person.sender)["paused"] is True
    assert len(person.all_received()) == 1  # and the assistant stays silent
