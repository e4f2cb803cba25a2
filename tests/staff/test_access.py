"""Only the staff group can act; anything from elsewhere is refused and logged with ids only."""
from bot import locales
from bot.store import active_ticket_for, get_ticket, ticket_log
from tests.staff.stack import STAFF_TOKEN

MALLORY = {"id": 9001, "is_bot": False, "first_name": "Mallory", "username": "mallory_x"}
OTHER_GROUP = -100999


def test_commands_from_outside_the_staff_group_are_refused(stack, staff, person, store, bot_api):
    stack.start_console()
    person.says("quiero hablar con una persona")
    person.received(1)
    ticket_id = active_ticket_for(person.sender, store=store)
    staff.card(ticket_id)

    # A private message to the staff bot, and a message in another group it was added to.
    in_private, _ = staff.say(f"/claim {ticket_id}", user=MALLORY, chat_id=MALLORY["id"])
    in_group, _ = staff.say(f"/close {ticket_id} secreto", user=MALLORY, chat_id=OTHER_GROUP)
    staff.wait_until_handled(in_group)
    log = stack.stop_console()

    refused = locales.message("fr", "staff_refused")
    assert [call["text"] for call in bot_api.sent(STAFF_TOKEN, MALLORY["id"])] == [refused]
    assert [call["text"] for call in bot_api.sent(STAFF_TOKEN, OTHER_GROUP)] == [refused]
    ticket = get_ticket(ticket_id, store=store)
    assert (ticket.status, ticket.assignee) == ("waiting", None)
    assert [entry["kind"] for entry in ticket_log(ticket_id, store=store)] == ["opened"]
    assert stack.conversation(person.sender)["paused"] is True
    assert len(person.all_received()) == 1

    # Logged with ids, never the text or the name.
    assert f"refused update {in_private}: chat {MALLORY['id']} (user {MALLORY['id']})" in log
    assert f"refused update {in_group}: chat {OTHER_GROUP} (user {MALLORY['id']})" in log
    for private in ("Mallory", "mallory_x", "secreto", "/close", "quiero hablar"):
        assert private not in log
