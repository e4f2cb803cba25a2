"""Danger phrases always reach the emergency answer, whatever the classifier says."""
import pytest

from bot.nlu.safety import is_danger


@pytest.mark.parametrize(
    "text",
    [
        "ya no aguanto, me voy a quitar la vida",
        "mi esposo me esta golpeando",
        "mi hijo no respira",
        "je veux plus vivre",
        "il me frappe, aidez moi",
        "elle s'est évanouie",
        "i want to kill myself",
        "he is hitting me",
        "my baby is not breathing",
        # ways of saying it without the word "suicide" (one was missed on the held-out split)
        "je vais me jeter du pont",
        "j'ai envie de sauter d'un immeuble",
        "voy a tirarme del puente",
        "mejor ahorcarme",
        "im going to jump off the bridge tonight",
        "i want to take all my pills",
        "mi ex me esta amenazando",
        "il me menace avec un couteau",
        "il est en train de me menacer",
    ],
)
def test_danger_phrases_are_caught(text):
    assert is_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "mi audiencia es el lunes",
        "je cherche un logement",
        "i need a lawyer for my hearing",
        "la PFSI paie la pharmacie?",
        "is the medical exam free",
        "on habite pres du pont pierre-laporte",
        "el albergue esta debajo del puente?",
        "how do i get my pills with IFHP",
        # past threats are the story of the claim, not an emergency now
        "califico si me amenazaron las pandillas?",
        "en honduras me amenazaban de muerte",
        "au pays ils me menacaient",
        "me amenazan en mi pais por ser gay, califico pa refugio",
        "the police were beating me back home, can i claim",
    ],
)
def test_ordinary_questions_are_not_emergencies(text):
    assert not is_danger(text)
