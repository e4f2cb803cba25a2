"""A whole handoff over real HTTP: the person asks for someone, staff claim, reply, note,
list the queue and close, and the assistant answers again."""
from bot import locales
from bot.store import active_ticket_for, get_ticket, ticket_log
from tests.staff.stack import API_TOKEN, STAFF_TOKEN
from tests.staff.staff_group import ANA, LUC, eventually

FR = "fr"


def said_handoff(text):
    """The assistant's handoff message, open hours or not (it depends on when the test runs)."""
    later = locales.message("es", "handoff_later", when="{when}").split("{when}")[0]
    return text == locales.message("es", "handoff_now") or text.startswith(later)


def test_a_handoff_from_request_to_the_assistant_answering_again(stack, console, staff, person, store):
    person.says("quiero hablar con una persona")
    assert said_handoff(person.received(1)[0])
    ticket_id = active_ticket_for(person.sender, store=store)
    assert ticket_id is not None

    # The card: language first and plain (staff write French, the person reads Spanish), why, what was said.
    card = staff.card(ticket_id)
    assert locales.message(FR, "staff_card_language", READS="ESPAGNOL", reads="espagnol") in card["text"]
    assert locales.message(FR, "staff_card_reason", reason=locales.message(FR, "staff_reason_request_human")) in card["text"]
    assert "👤 quiero hablar con una persona" in card["text"] and "Telegram" in card["text"]

    # /claim in reply to the card: Ana has it, and Luc is told so when he tries.
    staff.say("/claim", reply_to=card["message_id"])
    claimed = staff.wait_for_text(locales.message(FR, "staff_claimed", name="Ana Tremblay", ticket=ticket_id))
    assert claimed["reply_parameters"]["message_id"] == card["message_id"]
    assert get_ticket(ticket_id, store=store).assignee == "telegram:501"
    staff.say("/claim", reply_to=card["message_id"], user=LUC)
    staff.wait_for_text(locales.message(FR, "staff_already_claimed", ticket=ticket_id, name="Ana Tremblay"))

    # A reply to the card reaches the person on Telegram and is recorded in the conversation.
    update, reply = staff.say("Hola, soy Ana del Centro. ¿En qué puedo ayudarle?", reply_to=card["message_id"])
    assert person.received(2)[1] == "Hola, soy Ana del Centro. ¿En qué puedo ayudarle?"
    staff.wait_until_handled(update)
    assert staff.reactions_to(reply)  # staff see it went out
    assert "Hola, soy Ana del Centro. ¿En qué puedo ayudarle?" in stack.tracker_texts(person.sender, "bot")

    # The person answers: it appears under the card, and the assistant stays silent.
    person.says("necesito ayuda con mi vivienda, por favor")
    incoming = staff.wait_for_text("necesito ayuda con mi vivienda, por favor")
    assert incoming["text"] == locales.message(FR, "staff_incoming", ticket=ticket_id,
                                               text="necesito ayuda con mi vivienda, por favor")
    assert incoming["reply_parameters"]["message_id"] == card["message_id"]
    assert len(person.all_received()) == 2

    # Replying to the person's message works too; a note stays internal.
    staff.say("Le llamo mañana a las 10.", reply_to=incoming["message_id"])
    assert person.received(3)[2] == "Le llamo mañana a las 10."
    update, note = staff.say("/note rappeler demain 10 h, logement urgent", reply_to=card["message_id"])
    staff.wait_until_handled(update)
    assert staff.reactions_to(note)

    # The queue shows the ticket and who has it.
    staff.say("/queue")
    title = locales.message(FR, "staff_queue_title", count=0).split("(")[0]
    queue = staff.wait_for_post(lambda post: post["text"].startswith(title))
    assert f"#{ticket_id} ·" in queue["text"] and "avec Ana Tremblay" in queue["text"]

    # /close: the person is told, in Spanish, that the assistant is back; the ticket is closed.
    staff.say("/close", reply_to=card["message_id"])
    assert person.received(4)[3] == locales.message("es", "assistant_back")
    staff.wait_for_text(locales.message(FR, "staff_closed", ticket=ticket_id, name="Ana Tremblay"))
    assert get_ticket(ticket_id, store=store).status == "closed"  # closed before the group is told
    assert stack.conversation(person.sender)["paused"] is False

    # A new message goes to the assistant, not to the closed ticket.
    person.says("hola, donde me hago el examen medico?")
    assert person.received(5)[4] == locales.topic_answer("es", "medical_exam")
    stack.wait_until_console_caught_up()
    assert not staff.posts_containing("examen medico")
    assert active_ticket_for(person.sender, store=store) is None

    log = ticket_log(ticket_id, store=store)
    assert [(entry["kind"], entry["author"]) for entry in log] == [
        ("opened", None), ("claimed", "telegram:501"), ("message_out", "telegram:501"), ("message_in", None),
        ("message_out", "telegram:501"), ("note", "telegram:501"), ("closed", "telegram:501"),
    ]
    assert log[3]["text"] == "necesito ayuda con mi vivienda, por favor"
    assert log[5]["text"] == "rappeler demain 10 h, logement urgent"

    # The console's own log: ticket numbers and ids, never what anyone wrote, nor names.
    console_log = stack.stop_console()
    assert f"ticket {ticket_id} claimed by staff 501" in console_log
    for private in ("Ana", "Tremblay", "vivienda", "Hola, soy", "rappeler", "examen", person.sender, API_TOKEN, STAFF_TOKEN):
        assert private not in console_log


def test_a_reply_to_a_waiting_ticket_claims_it_and_a_mistyped_command_is_not_sent(stack, console, staff, person, store):
    person.says("quiero hablar con una persona")
    person.received(1)
    ticket_id = active_ticket_for(person.sender, store=store)
    card = staff.card(ticket_id)

    update, _ = staff.say("/clsoe", reply_to=card["message_id"], user=LUC)
    staff.wait_until_handled(update)
    assert get_ticket(ticket_id, store=store).status == "waiting"

    staff.say("Bonjour! Je m'appelle Luc.", reply_to=card["message_id"], user=LUC)
    assert person.received(2)[1] == "Bonjour! Je m'appelle Luc."
    staff.wait_for_text(locales.message(FR, "staff_claimed", name="Luc", ticket=ticket_id))
    ticket = get_ticket(ticket_id, store=store)
    assert (ticket.status, ticket.assignee) == ("with_staff", "telegram:502")
    assert "/clsoe" not in person.all_received()

    # Without replying to a message, the ticket number names it.
    staff.say(f"/close {ticket_id}", user=ANA)
    assert person.received(3)[2] == locales.message("es", "assistant_back")
    eventually(lambda: get_ticket(ticket_id, store=store).status == "closed")
