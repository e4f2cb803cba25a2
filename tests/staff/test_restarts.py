"""Restarting any process in the middle of a handoff loses no message and no ticket state."""
from bot import locales
from bot.staff.conversation import STAFF_UPDATE
from bot.store import active_ticket_for, get_ticket, ticket_log
from tests.staff.stack import API_TOKEN
from tests.staff.staff_group import eventually

FR = "fr"


def _claimed_handoff(stack, staff, person, store):
    """A person handed to staff, the ticket claimed by Ana; returns (ticket id, card)."""
    person.says("quiero hablar con una persona")
    person.received(1)
    ticket_id = active_ticket_for(person.sender, store=store)
    card = staff.card(ticket_id)
    staff.say("/claim", reply_to=card["message_id"])
    staff.wait_for_text(locales.message(FR, "staff_claimed", name="Ana Tremblay", ticket=ticket_id))
    return ticket_id, card


def test_a_console_restart_loses_nothing_and_repeats_nothing(stack, staff, person, store):
    stack.start_console()
    ticket_id, card = _claimed_handoff(stack, staff, person, store)
    person.says("primer mensaje, con la consola en marcha")
    staff.wait_for_text("primer mensaje, con la consola en marcha")
    stack.stop_console()

    # While the console is down, the person writes and a staff member replies in the group.
    person.says("segundo mensaje, sin consola")
    eventually(lambda: "segundo mensaje, sin consola" in stack.tracker_texts(person.sender, "user"))
    update, _ = staff.say("Respuesta escrita durante el reinicio.", reply_to=card["message_id"])

    stack.start_console()
    staff.wait_for_text("segundo mensaje, sin consola")
    assert person.received(2)[1] == "Respuesta escrita durante el reinicio."
    staff.wait_until_handled(update)

    # Restarted again: nothing is posted or sent twice.
    stack.stop_console()
    stack.start_console()
    try:
        stack.wait_until_console_caught_up()
        assert len(staff.posts_containing("primer mensaje, con la consola en marcha")) == 1
        assert len(staff.posts_containing("segundo mensaje, sin consola")) == 1
        assert len([post for post in staff.posts() if post["text"].startswith(f"🆕 Ticket #{ticket_id} ")]) == 1
        assert person.all_received().count("Respuesta escrita durante el reinicio.") == 1
        ticket = get_ticket(ticket_id, store=store)
        assert (ticket.status, ticket.assignee) == ("with_staff", "telegram:501")
        assert [entry["kind"] for entry in ticket_log(ticket_id, store=store)] == [
            "opened", "claimed", "message_in", "message_in", "message_out"]
    finally:
        stack.stop_console()


def test_a_reply_already_delivered_before_a_crash_is_not_sent_again(stack, staff, person, store, bot_api):
    stack.start_console()
    ticket_id, card = _claimed_handoff(stack, staff, person, store)
    stack.stop_console()

    # As if the console had crashed right after Rasa took the reply, before confirming the update.
    update, _ = staff.say("Enviado justo antes de la caída.", reply_to=card["message_id"])
    stack.http.post(f"{stack.rasa_url}/conversations/{person.sender}/tracker/events",
                    params={"token": API_TOKEN, "output_channel": "latest", "execute_side_effects": "true"},
                    json={"event": "bot", "text": "Enviado justo antes de la caída.", "metadata": {STAFF_UPDATE: update}})
    assert person.received(2)[1] == "Enviado justo antes de la caída."
    stack.set_console_cursor("update_in_progress", update)

    stack.start_console()
    try:
        staff.wait_until_handled(update)
        later, _ = staff.say("Y este sí, después.", reply_to=card["message_id"])
        assert person.received(3)[2] == "Y este sí, después."
        assert person.all_received().count("Enviado justo antes de la caída.") == 1
    finally:
        stack.stop_console()


def test_a_rasa_restart_in_the_middle_of_a_handoff(stack, staff, person, store):
    stack.start_console()
    try:
        ticket_id, card = _claimed_handoff(stack, staff, person, store)
        stack.stop_rasa()
        # A reply written while Rasa is down waits, staff are told, and it goes out once Rasa is back.
        update, reply = staff.say("Mensaje durante el reinicio de Rasa.", reply_to=card["message_id"])
        staff.wait_for_post(lambda post: post["text"] == locales.message(FR, "staff_rasa_unreachable")
                            and post["reply_parameters"]["message_id"] == reply)
        stack.start_rasa()
        assert person.received(2)[1] == "Mensaje durante el reinicio de Rasa."
        staff.wait_until_handled(update)

        # Still paused after the restart: the person's message goes to staff, not to the assistant.
        person.says("sigo aquí, gracias")
        staff.wait_for_text("sigo aquí, gracias")
        assert len(person.all_received()) == 2
        assert person.all_received().count("Mensaje durante el reinicio de Rasa.") == 1
        ticket = get_ticket(ticket_id, store=store)
        assert (ticket.status, ticket.assignee) == ("with_staff", "telegram:501")
    finally:
        stack.stop_console()


def test_an_action_server_restart_in_the_middle_of_a_handoff(stack, staff, person, store):
    stack.start_console()
    try:
        ticket_id, card = _claimed_handoff(stack, staff, person, store)
        stack.restart_actions()

        person.says("una pregunta más")
        staff.wait_for_text("una pregunta más")
        staff.say("/close", reply_to=card["message_id"])
        assert person.received(2)[1] == locales.message("es", "assistant_back")
        eventually(lambda: get_ticket(ticket_id, store=store).status == "closed")
        assert [entry["kind"] for entry in ticket_log(ticket_id, store=store)] == [
            "opened", "claimed", "message_in", "closed"]

        # The restarted action server opens the next handoff as a new ticket, with its own card.
        person.says("quiero hablar con una persona")
        person.received(3)
        second = eventually(lambda: active_ticket_for(person.sender, store=store))
        assert second != ticket_id
        staff.card(second)
    finally:
        stack.stop_console()
