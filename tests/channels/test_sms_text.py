"""What an SMS or WhatsApp reply looks like: pieces under the limit, segments, menus, keywords."""
import pytest

from bot.channels.keywords import is_opt_in, is_opt_out
from bot.channels.menus import button_payloads, chosen_payload, render_numbered_menu
from bot.channels.sms_segments import count_segments, is_gsm7
from bot.channels.splitting import TWILIO_MAX_BODY, split_message


def test_a_short_text_is_one_piece():
    assert split_message("  Hola.  ", TWILIO_MAX_BODY) == ["Hola."]
    assert split_message("", TWILIO_MAX_BODY) == []


def test_long_text_is_cut_after_the_last_sentence_that_fits():
    text = "Uno dos tres. Cuatro cinco seis! Siete ocho nueve? Diez."
    assert split_message(text, 35) == ["Uno dos tres. Cuatro cinco seis!", "Siete ocho nueve? Diez."]


def test_a_line_break_is_a_good_place_to_cut():
    assert split_message("Fuente: IRCC\nInformación general", 25) == ["Fuente: IRCC", "Información general"]


def test_a_sentence_longer_than_the_limit_is_cut_between_words_then_anywhere():
    assert split_message("palabra " * 5, 20) == ["palabra palabra", "palabra palabra", "palabra"]
    assert split_message("x" * 45, 20) == ["x" * 20, "x" * 20, "x" * 5]


def test_nothing_is_lost_when_splitting_a_real_sized_reply():
    text = " ".join(f"Frase {n}: el formulario FDA se envía a la CISR en 15 días." for n in range(100))
    pieces = split_message(text, TWILIO_MAX_BODY)
    assert all(len(piece) <= TWILIO_MAX_BODY for piece in pieces)
    assert " ".join(pieces) == text
    assert all(piece.endswith("días.") for piece in pieces)


@pytest.mark.parametrize("text, encoding, segments", [
    ("a" * 160, "GSM-7", 1),
    ("a" * 161, "GSM-7", 2),  # 153 per part once split
    ("a" * 306, "GSM-7", 2),
    ("a" * 307, "GSM-7", 3),
    ("é è à ù ñ ¿¡ Ç", "GSM-7", 1),  # these accents are in GSM-7
    ("{" * 80, "GSM-7", 1),  # extension characters count twice: 160 septets
    ("{" * 81, "GSM-7", 2),
    ("á" * 70, "UCS-2", 1),  # one Spanish á switches the whole message to 70 per segment
    ("á" + "a" * 69, "UCS-2", 1),
    ("á" + "a" * 70, "UCS-2", 2),
    ("á" + "a" * 133, "UCS-2", 2),  # 67 per part
    ("á" + "a" * 134, "UCS-2", 3),
    ("😀" * 35, "UCS-2", 1),  # an emoji is two UTF-16 units
    ("😀" * 36, "UCS-2", 2),
])
def test_sms_segments_follow_the_encoding(text, encoding, segments):
    counted = count_segments(text)
    assert (counted.encoding, counted.count) == (encoding, segments)


def test_french_and_spanish_accents_outside_gsm7_are_detected():
    assert not is_gsm7("Où êtes-vous?")  # ê
    assert not is_gsm7("¿Cómo está?")  # ó, á
    assert is_gsm7("Ou etes-vous? ¿Como esta?")


BUTTONS = [{"title": "Audiencia", "payload": "/ask_hearing"}, {"title": "Permiso de trabajo", "payload": "/ask_work_permit"}]


def test_buttons_are_one_numbered_list_in_one_message():
    assert render_numbered_menu("¿Sobre qué tema?", BUTTONS, "Responda con el número.") == (
        "¿Sobre qué tema?\n1. Audiencia\n2. Permiso de trabajo\nResponda con el número."
    )


@pytest.mark.parametrize("answer, payload", [
    ("1", "/ask_hearing"), (" 2 ", "/ask_work_permit"), ("2.", "/ask_work_permit"), ("2)", "/ask_work_permit"),
    ("3", None), ("0", None), ("2 por favor", None), ("dos", None), ("", None),
])
def test_a_digit_selects_the_buttons_payload(answer, payload):
    assert chosen_payload(answer, button_payloads(BUTTONS)) == payload


def test_a_digit_without_a_menu_is_just_a_message():
    assert chosen_payload("2", None) is None


@pytest.mark.parametrize("text", ["STOP", "stop", "Stop.", "ARRET", "ARRÊT", "arrêt!", "ALTO", "UNSUBSCRIBE", "Baja", " cancel "])
def test_opt_out_keywords(text):
    assert is_opt_out(text)


@pytest.mark.parametrize("text", ["stop the deportation", "no pare", "alto riesgo", "stopp", "hola"])
def test_sentences_containing_a_keyword_are_not_opt_outs(text):
    assert not is_opt_out(text)


@pytest.mark.parametrize("text", ["START", "start", "INICIO", "Inicio", "DEBUT", "DÉBUT", "début!", "UNSTOP"])
def test_opt_in_keywords(text):
    assert is_opt_in(text)
    assert not is_opt_out(text)
