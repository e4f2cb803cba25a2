"""SMS and WhatsApp through the Twilio webhook, against a real Rasa server and a fake Twilio API."""
import concurrent.futures
import time

from bot import locales
from bot.channels.menus import render_numbered_menu
from bot.channels.privacy import pseudonym
from tests.channels.server import SMS_NUMBER, WHATSAPP_NUMBER, new_message_sid, new_phone


def test_a_spanish_sms_is_answered_in_spanish_from_the_sms_number(server, fake_twilio):
    person = new_phone()
    reply = server.twilio(person, "hola, kiero pedir asilo en canada, como hago?")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/xml") and "<Response></Response>" in reply.text

    [sent] = fake_twilio.wait_for(person, 1)
    assert sent["Body"] == locales.topic_answer("es", "claim_how")
    assert sent["From"] == SMS_NUMBER


def test_a_whatsapp_message_is_answered_from_the_whatsapp_number(server, fake_twilio):
    person = f"whatsapp:{new_phone()}"
    server.twilio(person, "c quand la date limite pour envoyer le formulaire FDA")
    [sent] = fake_twilio.wait_for(person, 1)
    assert sent["Body"] == locales.topic_answer("fr", "boc_form")
    assert sent["From"] == f"whatsapp:{WHATSAPP_NUMBER}"


def test_a_wrong_or_missing_signature_is_refused_and_nothing_is_handled(server, fake_twilio):
    person = new_phone()
    assert server.twilio(person, "hola, necesito un abogado", signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert server.twilio(person, "hola, necesito un abogado", headers={}).status_code == 403
    # Signed for the address we listen on, not the public one Twilio calls: refused too.
    local_url = f"{server.url}/webhooks/twilio/webhook"
    assert server.twilio(person, "hola, necesito un abogado", signed_url=local_url).status_code == 403

    # A valid message afterwards is handled alone: the refused ones left no trace.
    assert server.twilio(person, "donde me hago el examen medico?").status_code == 200
    assert fake_twilio.wait_for(person, 1)[0]["Body"] == locales.topic_answer("es", "medical_exam")
    assert [event["text"] for event in server.user_events(person, at_least=1)] == ["donde me hago el examen medico?"]
    assert len(fake_twilio.sent_to(person)) == 1


def test_a_retried_webhook_is_handled_once(server, fake_twilio):
    person, sid = new_phone(), new_message_sid()
    for _ in range(3):  # Twilio retries with the same MessageSid when it gets no answer in time
        assert server.twilio(person, "puedo trabajar mientras espero mi audiencia?", sid=sid).status_code == 200
    server.twilio(person, "mis hijos pueden ir a la escuela?")  # later messages still go through

    replies = server.twilio_replies(person, 2)
    assert replies == [locales.topic_answer("es", "work_permit"), locales.topic_answer("es", "school")]
    events = server.user_events(person, at_least=2)
    assert [event["message_id"] for event in events][0] == sid
    assert len(events) == 2
    assert len(fake_twilio.sent_to(person)) == 2


def test_a_picture_without_text_gets_the_media_message_in_the_persons_language(server, fake_twilio):
    person = new_phone()
    server.twilio(person, "bonjour, c'est quoi le formulaire FDA pour ma demande d'asile?")
    server.twilio(person, "", NumMedia="1", MediaUrl0="https://api.twilio.com/media/ME1", MediaContentType0="image/jpeg")
    replies = server.twilio_replies(person, 2)
    assert replies[1] == locales.message("fr", "media_only")
    assert len(server.user_events(person, at_least=1)) == 1  # the picture is not sent to the assistant


def test_someone_new_sending_a_voice_note_is_answered_in_spanish(server, fake_twilio):
    person = f"whatsapp:{new_phone()}"
    server.twilio(person, "", NumMedia="1", MediaUrl0="https://api.twilio.com/media/ME2", MediaContentType0="audio/ogg")
    assert server.twilio_replies(person, 1) == [locales.message("es", "media_only")]


def test_a_location_is_politely_set_aside(server, fake_twilio):
    person = f"whatsapp:{new_phone()}"
    server.twilio(person, "", Latitude="46.8139", Longitude="-71.2080")
    assert server.twilio_replies(person, 1) == [locales.message("es", "location_ignored")]
    assert server.user_events(person) == []


def test_after_an_opt_out_nothing_is_sent_until_the_person_starts_again(server, fake_twilio):
    person = new_phone()
    server.twilio(person, "bonjour, où passer l'examen médical pour ma demande d'asile?")
    assert server.twilio_replies(person, 1) == [locales.topic_answer("fr", "medical_exam")]

    server.twilio(person, "Arrêt")
    server.wait_until_opted_out(person)
    server.twilio(person, "c quand la date limite pour envoyer le formulaire FDA")
    assert server.staff_says(person, "Bonjour, ici Marie du Centre.").status_code == 200
    server.twilio(person, "DEBUT")
    # Messages are handled in order, so the confirmation comes after everything above.
    assert server.twilio_replies(person, 2)[1] == locales.message("fr", "subscribed_again")
    assert len(fake_twilio.sent_to(person)) == 2

    server.twilio(person, "c quand la date limite pour envoyer le formulaire FDA")
    assert server.twilio_replies(person, 3)[2] == locales.topic_answer("fr", "boc_form")


def test_a_long_reply_is_split_between_sentences_under_1600_characters(server, fake_twilio):
    person = new_phone()
    server.twilio(person, "necesito un abogado para mi caso de asilo")
    before = len(server.twilio_sent_once_handled(person, 1))
    sentences = [f"Esta es la frase número {n}, con acentos para contar segmentos en UCS-2." for n in range(60)]
    long_text = " ".join(sentences)
    assert len(long_text) > 3 * 1600 / 2

    assert server.staff_says(person, long_text).status_code == 200
    parts = [call["Body"] for call in fake_twilio.sent_to(person)[before:]]
    assert len(parts) == 3
    assert all(len(part) <= 1600 for part in parts)
    assert all(part.endswith(".") for part in parts)  # cut after a sentence, not inside one
    assert " ".join(parts) == long_text


def test_buttons_become_a_numbered_list_answered_with_a_digit(server, fake_twilio):
    person = f"whatsapp:{new_phone()}"
    server.twilio(person, "hola, necesito ayuda con mi solicitud de asilo por favor")
    before = len(server.twilio_sent_once_handled(person, 1))
    buttons = [{"title": "Audiencia", "payload": "/ask_hearing"}, {"title": "Permiso de trabajo", "payload": "/ask_work_permit"}]
    assert server.staff_says(person, "¿Sobre qué tema?", buttons).status_code == 200

    menu = server.twilio_replies(person, before + 1)[before]
    assert menu == "¿Sobre qué tema?\n1. Audiencia\n2. Permiso de trabajo\n" + locales.message("es", "menu_hint")
    server.twilio(person, "2")
    assert server.twilio_replies(person, before + 2)[before + 1] == locales.topic_answer("es", "work_permit")
    assert server.user_events(person, at_least=2)[-1]["text"] == "/ask_work_permit"


def test_the_assistants_own_buttons_are_answered_with_a_digit(server, fake_twilio):
    person = new_phone()
    server.twilio(person, "/request_intake")  # the consent question: Yes / No buttons
    buttons = locales.load("es")["responses"]["ask_consent"]["buttons"]
    [menu] = server.twilio_replies(person, 1)
    assert menu == render_numbered_menu(locales.text("es", "ask_consent"), buttons, locales.message("es", "menu_hint"))
    server.twilio(person, "2")
    assert server.twilio_replies(person, 2)[1] == locales.text("es", "no_consent")
    assert server.user_events(person, at_least=2)[-1]["text"] == buttons[1]["payload"]


def test_200_messages_from_20_people_each_get_their_replies_in_order(server, fake_twilio):
    topics = ["claim_how", "boc_form", "medical_exam", "work_permit", "school",
              "hearing", "claim_border", "documents", "biometrics", "health_coverage"]
    answers = {locales.topic_answer("es", topic): topic for topic in topics}
    answers[locales.message("es", "media_only")] = "picture"
    people = [new_phone() for _ in range(20)]
    # Each person asks eight topics in their own order and sends two pictures, all people at once.
    # A picture is answered without the assistant, faster: it must still wait its turn.
    plans = {}
    for i, person in enumerate(people):
        plan = topics[i % 10:] + topics[:i % 10]
        plan[i % 5] = plan[i % 5 + 5] = "picture"
        plans[person] = plan

    def write(person):
        picture = {"NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/ME3", "MediaContentType0": "image/jpeg"}
        return [
            (server.twilio(person, "", **picture) if step == "picture" else server.twilio(person, f"/ask_{step}")).status_code
            for step in plans[person]
        ]

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        statuses = [code for codes in pool.map(write, people) for code in codes]
    assert statuses == [200] * 200

    for person in people:
        answered = fake_twilio.server.wait_for(
            lambda call: call["To"] == person and call["Body"] in answers, 10, timeout=180 - (time.monotonic() - started))
        # Follow-ups some answers may get (an offer to register) do not matter here: the order does.
        assert [answers[call["Body"]] for call in answered] == plans[person]


def test_logs_carry_neither_phone_numbers_nor_texts_even_when_twilio_refuses(server, fake_twilio):
    refused, person = new_phone(), f"whatsapp:{new_phone()}"
    fake_twilio.refuse(refused, code=21610)
    server.twilio(refused, "hola, kiero pedir asilo en canada, como hago?")
    server.twilio(refused, "mis hijos pueden ir a la escuela?")  # a refused reply does not stop the next one
    server.twilio(person, "necesito un abogado para mi caso de asilo")
    server.twilio_replies(person, 1)
    server.user_events(refused, at_least=2)

    log = "".join(server.process.output)
    assert f"twilio: reply to {pseudonym(refused)} refused: HTTP 400, Twilio error 21610" in log
    assert log.count(pseudonym(refused)) >= 4  # two received, two refused
    for secret in ("+1418555", "418555", "kiero", "abogado", locales.topic_answer("es", "legal_aid")[:30]):
        assert secret not in log
