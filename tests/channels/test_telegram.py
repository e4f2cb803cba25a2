"""Telegram through its webhook, against a real Rasa server and a fake Bot API."""
from bot import locales
from tests.channels.server import new_chat_id, telegram_button, telegram_text


def test_a_message_is_answered_in_its_language_and_the_app_language_is_kept(server, fake_telegram):
    chat = new_chat_id()
    response = server.telegram(telegram_text(chat, "can i get a work permit while i wait for my hearing", "en"))
    assert response.status_code == 200

    [sent] = server.telegram_replies(chat, 1)
    assert sent["text"] == locales.topic_answer("en", "work_permit")
    assert server.user_events(str(chat), at_least=1)[0]["metadata"]["language_code"] == "en"


def test_start_greets_in_the_language_of_the_persons_telegram_app(server, fake_telegram):
    chat = new_chat_id()
    server.telegram(telegram_text(chat, "/start", "fr-CA"))
    assert server.telegram_replies(chat, 1)[0]["text"] == locales.text("fr", "greet")
    server.telegram(telegram_text(chat, "ok"))  # short: the language stays French
    assert server.telegram_replies(chat, 2)[1]["text"] == locales.text("fr", "anything_else")


def test_a_wrong_or_missing_secret_token_is_refused_and_nothing_is_handled(server, fake_telegram):
    chat = new_chat_id()
    assert server.telegram(telegram_text(chat, "hola, necesito un abogado"), secret="wrong").status_code == 403
    assert server.telegram(telegram_text(chat, "hola, necesito un abogado"), secret=None).status_code == 403

    server.telegram(telegram_text(chat, "donde me hago el examen medico?"))
    assert server.telegram_replies(chat, 1)[0]["text"] == locales.topic_answer("es", "medical_exam")
    assert [event["text"] for event in server.user_events(str(chat), at_least=1)] == ["donde me hago el examen medico?"]


def test_a_repeated_update_is_handled_once(server, fake_telegram):
    chat = new_chat_id()
    update = telegram_text(chat, "mis hijos pueden ir a la escuela?")
    for _ in range(3):  # Telegram sends an update again when it got no 200
        assert server.telegram(update).status_code == 200
    server.telegram(telegram_text(chat, "puedo trabajar mientras espero mi audiencia?"))

    replies = [call["text"] for call in server.telegram_replies(chat, 2)]
    assert replies == [locales.topic_answer("es", "school"), locales.topic_answer("es", "work_permit")]
    assert len(server.user_events(str(chat), at_least=2)) == 2


def test_photos_voice_notes_and_files_get_the_media_message(server, fake_telegram):
    chat = new_chat_id()
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    server.telegram(telegram_text(chat, "", "en", photo=photo))
    server.telegram(telegram_text(chat, "", "en", voice={"file_id": "v1", "file_unique_id": "u2", "duration": 3}))
    server.telegram(telegram_text(chat, "", "en", document={"file_id": "d1", "file_unique_id": "u3"}))
    server.telegram(telegram_text(chat, "", "en", location={"latitude": 46.81, "longitude": -71.2}))
    replies = [call["text"] for call in server.telegram_replies(chat, 4)]
    assert replies == [locales.message("en", "media_only")] * 3 + [locales.message("en", "location_ignored")]
    assert server.user_events(str(chat)) == []


def test_a_staff_reply_reaches_telegram_with_its_buttons_and_a_press_answers(server, fake_telegram):
    chat = new_chat_id()
    server.telegram(telegram_text(chat, "hola, necesito ayuda con mi solicitud de asilo por favor"))
    before = len(server.telegram_sent_once_handled(chat, 1))

    buttons = [{"title": "Audiencia", "payload": "/ask_hearing"}, {"title": "Permiso de trabajo", "payload": "/ask_work_permit"}]
    assert server.staff_says(str(chat), "Hola, soy Ana del Centro. ¿Sobre qué tema?", buttons).status_code == 200
    sent = server.telegram_replies(chat, before + 1)[before]
    assert sent["text"] == "Hola, soy Ana del Centro. ¿Sobre qué tema?"
    assert sent["reply_markup"] == {"inline_keyboard": [
        [{"text": "Audiencia", "callback_data": "/ask_hearing"}],
        [{"text": "Permiso de trabajo", "callback_data": "/ask_work_permit"}],
    ]}

    press = telegram_button(chat, "/ask_hearing")
    server.telegram(press)
    assert server.telegram_replies(chat, before + 2)[before + 1]["text"] == locales.topic_answer("es", "hearing")
    assert [call["callback_query_id"] for call in fake_telegram.calls("answerCallbackQuery")].count(
        press["callback_query"]["id"]) == 1
