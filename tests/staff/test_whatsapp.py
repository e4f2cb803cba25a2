"""WhatsApp: free-form replies within 24 hours of the person's last message, the template after."""
from bot import locales
from bot.store import active_ticket_for, ticket_log
from tests.channels.server import new_phone
from tests.staff.stack import TEMPLATE_SID

FR = "fr"


def test_a_reply_after_24_hours_sends_the_template_and_tells_staff(stack, console, staff, store, fake_twilio):
    sender = f"whatsapp:{new_phone()}"
    stack.whatsapp(sender, "quiero hablar con una persona")
    fake_twilio.wait_for(sender, 1)
    ticket_id = active_ticket_for(sender, store=store)
    card = staff.card(ticket_id)
    assert "WhatsApp" in card["text"] and "👤 quiero hablar con una persona" in card["text"]

    # Within 24 hours: the staff reply goes out through Rasa's Twilio channel, as written.
    staff.say("Hola, soy Ana del Centro.", reply_to=card["message_id"])
    assert fake_twilio.wait_for(sender, 2)[1]["Body"] == "Hola, soy Ana del Centro."

    # A day and more later, WhatsApp would refuse free-form text: the template goes instead.
    stack.age_conversation(sender, hours=25)
    update, _ = staff.say("¿Sigue necesitando ayuda?", reply_to=card["message_id"])
    template = fake_twilio.wait_for(sender, 3)[2]
    assert template["ContentSid"] == TEMPLATE_SID and not template.get("Body")
    after_age = locales.load(FR)["messages"]["staff_whatsapp_window_closed"].split("{age}")[1]
    told = staff.wait_for_text(after_age)
    assert told["reply_parameters"]["message_id"] == card["message_id"]
    staff.wait_until_handled(update)

    assert "¿Sigue necesitando ayuda?" not in [call.get("Body") for call in fake_twilio.sent_to(sender)]
    assert "¿Sigue necesitando ayuda?" not in stack.tracker_texts(sender, "bot")
    assert [entry["kind"] for entry in ticket_log(ticket_id, store=store)][-1] == "note"
