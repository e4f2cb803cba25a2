"""How Telegram updates are read, buttons drawn, and the webhook registered (no Rasa needed)."""
from telegram import Update

from bot.channels.telegram_api import inline_keyboard
from bot.channels.telegram_updates import LOCATION, MEDIA, TEXT, read_update, start_payload
from bot.channels.telegram_webhook import set_webhook_command, webhook_url_for
from tests.channels.server import BOT_TOKEN, WEBHOOK_SECRET, telegram_button, telegram_text


def read(update):
    return read_update(Update.de_json(update, None))


def test_a_text_keeps_its_chat_and_the_apps_language():
    message = read(telegram_text(42, "hola", "es-419"))
    assert (message.chat_id, message.kind, message.text) == ("42", TEXT, "hola")
    assert message.metadata == {"language_code": "es-419"}
    assert read(telegram_text(42, "hola", None)).metadata == {}


def test_start_becomes_a_greeting_carrying_the_apps_language():
    assert read(telegram_text(1, "/start", "fr-CA")).text == '/greet{"language": "fr"}'
    assert read(telegram_text(1, "/start campaign", "pt-BR")).text == "/greet"  # not one of ours: no language
    assert start_payload(None) == "/greet"


def test_other_commands_are_read_as_words_not_as_rasa_intents():
    assert read(telegram_text(1, "/ayuda", "es")).text == "ayuda"


def test_a_button_press_sends_its_payload():
    message = read(telegram_button(7, "/ask_hearing"))
    assert (message.chat_id, message.kind, message.text) == ("7", TEXT, "/ask_hearing")
    assert message.callback_query_id


def test_files_and_locations_are_told_apart_and_a_caption_is_a_text():
    photo = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
    assert read(telegram_text(1, "", photo=photo)).kind == MEDIA
    assert read(telegram_text(1, "", sticker={"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                                              "is_animated": False, "is_video": False, "type": "regular"})).kind == MEDIA
    assert read(telegram_text(1, "", location={"latitude": 46.8, "longitude": -71.2})).kind == LOCATION
    captioned = read(telegram_text(1, "", photo=photo, caption="¿Este papel es el DDA?"))
    assert (captioned.kind, captioned.text) == (TEXT, "¿Este papel es el DDA?")


def test_groups_and_edits_are_not_answered():
    in_group = telegram_text(1, "hola")
    in_group["message"]["chat"] = {"id": -100, "type": "supergroup", "title": "Staff"}
    assert read(in_group) is None
    edit = telegram_text(1, "hola")
    edit["edited_message"] = edit.pop("message")
    assert read(edit) is None


def test_buttons_become_an_inline_keyboard_one_per_row():
    keyboard = inline_keyboard([{"title": "Audiencia", "payload": "/ask_hearing"}, {"title": "Trop long", "payload": "/" + "x" * 64}])
    assert keyboard.to_dict() == {"inline_keyboard": [[{"text": "Audiencia", "callback_data": "/ask_hearing"}]]}


def test_set_webhook_registers_the_url_with_the_secret_token(fake_telegram):
    environ = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
               "TELEGRAM_API_BASE_URL": fake_telegram.base_url}
    assert set_webhook_command("https://abcd.ngrok-free.app/", environ) == 0
    [call] = fake_telegram.calls("setWebhook")
    assert call["url"] == "https://abcd.ngrok-free.app/webhooks/telegram/webhook"
    assert call["secret_token"] == WEBHOOK_SECRET


def test_set_webhook_says_what_is_missing(capsys):
    assert set_webhook_command("https://abcd.ngrok-free.app", {}) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().out
    assert set_webhook_command(None, {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "s"}) == 2
    assert webhook_url_for("https://x.org/webhooks/telegram/webhook") == "https://x.org/webhooks/telegram/webhook"
