"""How staff messages are read: commands, ticket numbers, replies, typos."""
from bot.staff.commands import REPLY, UNKNOWN, parse


def test_commands_with_and_without_a_ticket_number():
    assert parse("/claim").name == "claim" and parse("/claim").numbered() == (None, "")
    assert parse("/close@passerelle_staff_bot 12").numbered() == (12, "")
    assert parse("/note #7 rappelé, pas de réponse").numbered() == (7, "rappelé, pas de réponse")
    assert parse("/QUEUE").name == "queue"


def test_a_note_replying_to_a_ticket_keeps_its_leading_number():
    # In reply to a ticket message, the text is the note as written (the console does not read a number).
    assert parse("/note 3 enfants à la maison").rest == "3 enfants à la maison"


def test_plain_text_is_a_reply_and_a_mistyped_command_is_not():
    assert parse("  Hola, soy Ana.  ") == parse("Hola, soy Ana.")
    assert parse("Hola, soy Ana.").name == REPLY and parse("Hola, soy Ana.").rest == "Hola, soy Ana."
    assert parse("/clsoe").name == UNKNOWN  # never sent to the person
    assert parse("/ nada").name == REPLY
