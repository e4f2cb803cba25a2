"""Language detection on the messages people really send."""
import pytest

from bot.nlu.langid import detect, fold, requested_language


@pytest.mark.parametrize(
    "text, code",
    [
        ("kiero pedir asilo, como hago?", "es"),
        ("necesito ayuda con mi audiencia en la CISR", "es"),
        ("c koi le papier brun", "fr"),
        ("jpeux travailler avec mon permis?", "fr"),
        ("how do i apply for asylum", "en"),
        ("where can i sleep tonight", "en"),
    ],
)
def test_multi_word_messages_are_detected_confidently(text, code):
    found = detect(text)
    assert (found.code, found.confident) == (code, True)


@pytest.mark.parametrize("text", ["ok", "CISR", "FDA?", "si", "👍"])
def test_ambiguous_short_messages_are_not_confident(text):
    # The conversation keeps its language on these.
    assert not detect(text).confident


@pytest.mark.parametrize("text, code", [("hola", "es"), ("bonjour", "fr"), ("thanks", "en"), ("merci", "fr")])
def test_a_greeting_alone_is_enough(text, code):
    assert detect(text) == detect(text) and detect(text).code == code and detect(text).confident


@pytest.mark.parametrize(
    "text, code",
    [
        ("in English please", "en"),
        ("en español por favor", "es"),
        ("en français svp", "fr"),
        ("parlez vous espagnol?", "es"),
        ("can u answer in spanish", "es"),
        ("no hablo frances", "es"),  # refuses French: wants Spanish
        ("je parle pas anglais", "fr"),
        ("i dont speak french", "en"),
    ],
)
def test_explicit_requests_name_the_wanted_language(text, code):
    found = detect(text)
    assert found.requested and found.confident and found.code == code


@pytest.mark.parametrize(
    "text",
    ["Olá, preciso de ajuda para pedir asilo", "مرحبا أحتاج مساعدة", "Здравствуйте, мне нужна помощь", "mwen bezwen ed tanpri"],
)
def test_other_languages_are_recognised(text):
    found = detect(text)
    assert (found.code, found.confident) == ("other", True)


def test_channel_hint_only_breaks_ties():
    assert detect("CISR", hint="fr").code == "fr"
    assert detect("cuando es mi audiencia", hint="en").code == "es"


def test_fold_removes_accents_and_case():
    assert fold("Español FRANÇAIS ¿Cómo?") == "espanol francais ¿como?"
    assert requested_language("hablame en ingles", "es") == "en"


@pytest.mark.parametrize("text", ["clases de frances", "french classes", "je veux des cours d'anglais"])
def test_naming_a_language_is_not_a_request(text):
    assert not detect(text).requested


@pytest.mark.parametrize("text", ["ok bye", "bye bye"])
def test_words_every_language_uses_do_not_switch(text):
    assert not detect(text).confident


@pytest.mark.parametrize("text", ["le agradezco", "ya paso un mes", "que dios le bendiga", "he llegado hace un mes", "le pido ayuda con mi caso"])
def test_spanish_with_words_french_or_english_also_use_never_switches_away_from_spanish(text):
    found = detect(text)
    assert found.code == "es" or not found.confident
