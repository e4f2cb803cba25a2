"""A ticket nobody answers in time: a reminder in the staff group, a word to the person."""
from bot import locales
from bot.store import active_ticket_for
from tests.staff.staff_group import eventually

REMINDER_MINUTES = "0.05"  # 3 seconds


def test_an_unanswered_ticket_is_reminded_once_per_wait_and_the_person_is_told(stack, staff, person, store):
    stack.start_console(PASSERELLE_STAFF_REMINDER_MINUTES=REMINDER_MINUTES)
    try:
        person.says("quiero hablar con una persona")
        person.received(1)
        ticket_id = active_ticket_for(person.sender, store=store)
        card = staff.card(ticket_id)

        reminder = staff.wait_for_text(f"⏰ Ticket #{ticket_id} ")
        assert reminder["reply_parameters"]["message_id"] == card["message_id"]
        assert person.received(2)[1] == locales.message("es", "still_in_queue")

        # A staff reply ends the wait; the person writing again starts a new one, reminded again.
        staff.say("Hola, ya estoy aquí.", reply_to=card["message_id"])
        assert person.received(3)[2] == "Hola, ya estoy aquí."
        assert len(staff.posts_containing(f"⏰ Ticket #{ticket_id} ")) == 1
        person.says("tengo otra pregunta sobre mi audiencia")
        eventually(lambda: len(staff.posts_containing(f"⏰ Ticket #{ticket_id} ")) == 2)
        assert person.received(4)[3] == locales.message("es", "still_in_queue")
    finally:
        stack.stop_console()
    # Once per wait: nothing more was said while the person kept waiting.
    assert person.all_received().count(locales.message("es", "still_in_queue")) == 2
