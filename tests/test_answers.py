"""Intake answers as people type them, in each language."""
import datetime as dt

import pytest

from actions import answers
from actions.answers import Invalid

TODAY = dt.date(2026, 11, 22)


def test_every_word_in_the_vocabulary_is_text():
    # YAML reads a bare yes/no/on as a boolean: a word lost silently.
    def words(node):
        if isinstance(node, dict):
            return [w for value in node.values() for w in words(value)]
        return list(node) if isinstance(node, list) else []
    assert [w for w in words(answers.vocabulary()) if not isinstance(w, str)] == []


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("hace 3 semanas", "es", dt.date(2026, 11, 1)),
        ("el 2 de marzo", "es", dt.date(2026, 3, 2)),
        ("le 2 mars", "fr", dt.date(2026, 3, 2)),
        ("il y a deux mois", "fr", dt.date(2026, 9, 22)),
        ("last month", "en", dt.date(2026, 10, 22)),
        ("15/03/2026", "es", dt.date(2026, 3, 15)),
    ],
)
def test_arrival_dates_in_free_text(text, language, expected):
    assert answers.arrival_date(text, language, TODAY) == expected


@pytest.mark.parametrize("text, reason", [("mañana", "date_in_future"), ("el 3 de enero de 2035", "date_in_future"), ("no se", "invalid_date")])
def test_dates_that_cannot_be_an_arrival(text, reason):
    with pytest.raises(Invalid) as problem:
        answers.arrival_date(text, "es", TODAY)
    assert problem.value.reason == reason


def test_needs_by_number_or_by_words_in_any_language():
    assert answers.needs("1 3", "es") == ["housing", "health"]
    assert answers.needs("vivienda y comida", "es") == ["housing", "food"]
    assert answers.needs("logement, travail", "fr") == ["housing", "work"]
    assert answers.needs("none", "en") == []
    with pytest.raises(Invalid):
        answers.needs("9", "es")


def test_counts_names_phones():
    assert answers.count("dos", "es") == 2 and answers.count("solo yo", "es") == 1 and answers.count("0", "fr") == 0
    assert answers.first_name("me llamo Ana", "es") == "Ana"
    assert answers.first_name("je m'appelle Jean", "fr") == "Jean"
    assert answers.phone("418 555-0123", "fr") == "+14185550123"
    for bad, parse in [("muchos", answers.count), ("12", answers.phone), ("1234", answers.first_name)]:
        with pytest.raises(Invalid):
            parse(bad, "es")


def test_skip_and_yes_words():
    assert answers.is_skip("saltar") and answers.is_skip("passer") and answers.is_skip("skip")
    assert not answers.is_skip("Ana")
    assert answers.is_yes("si, correcto") and answers.is_yes("oui") and answers.is_yes("yes")
    assert not answers.is_yes("3")
