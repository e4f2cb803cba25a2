"""Every sentence exists in every language, answers are SMS-sized and current."""
import datetime
import os
import re

import pytest
import yaml

from bot import locales
from bot.locales import LANGUAGES, ROOT

MAX_ANSWER_CHARS = 480
MAX_REVIEW_AGE_DAYS = int(os.environ.get("PASSERELLE_MAX_REVIEW_AGE_DAYS", "365"))


def keys(tree, prefix=""):
    found = set()
    for key, value in tree.items():
        found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + str(key)}
    return found


def test_every_language_has_the_same_keys():
    by_language = {lang: keys(locales.load(lang)) for lang in LANGUAGES}
    every_key = set().union(*by_language.values())
    missing = {lang: sorted(every_key - found) for lang, found in by_language.items() if every_key - found}
    assert not missing


def domain_intents():
    with open(ROOT / "domain" / "domain.yml") as handle:
        return yaml.safe_load(handle)["intents"]


def test_every_topic_intent_has_an_answer_and_every_answer_an_intent():
    asked = {intent[len("ask_"):] for intent in domain_intents() if intent.startswith("ask_")}
    assert asked == set(locales.topic_names())


def rule_actions():
    with open(ROOT / "stories" / "rules.yml") as handle:
        rules = yaml.safe_load(handle)["rules"]
    return {step["action"] for rule in rules for step in rule["steps"] if "action" in step}


def test_every_response_used_in_rules_is_written():
    built = locales.build_responses()
    assert {a for a in rule_actions() if a.startswith("utter_")} <= set(built)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("part", ["answer", "more"])
def test_trajectory_answers_fit_a_phone_screen(language, part):
    too_long = {
        topic: len(locales.topic_answer(language, topic, part))
        for topic in locales.topic_names()
        if len(locales.topic_answer(language, topic, part)) > MAX_ANSWER_CHARS
    }
    assert not too_long


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_names_its_source_and_says_it_is_general_information(language):
    common = locales.load(language)["common"]
    for topic, entry in locales.load(language)["topics"].items():
        composed = locales.topic_answer(language, topic)
        assert entry["source"] and entry["source"] in composed, topic
        assert common["disclaimer"] in composed, topic


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_were_reviewed_recently(language):
    today = datetime.date.today()
    stale = {
        topic: str(entry["reviewed"])
        for topic, entry in locales.load(language)["topics"].items()
        if (today - datetime.date.fromisoformat(str(entry["reviewed"]))).days > MAX_REVIEW_AGE_DAYS
    }
    assert not stale, f"review these answers against the fact sheet: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_placeholder_is_left_unfilled(language):
    for key in locales.load(language)["responses"]:
        assert not re.search(r"{\w+}", locales.text(language, key)), key


def test_responses_follow_the_language_slot_and_default_to_spanish():
    built = locales.build_responses()
    variations = built["utter_boc_form"]
    by_language = {
        next((c["value"] for c in v.get("condition", []) if c["name"] == "language"), "default"): v["text"]
        for v in variations
    }
    assert by_language["fr"] == locales.topic_answer("fr", "boc_form")
    assert by_language["en"] == locales.topic_answer("en", "boc_form")
    assert by_language[None] == by_language["default"] == locales.topic_answer("es", "boc_form")


def test_other_language_reply_speaks_all_three():
    [reply] = locales.build_responses()["utter_other_language"]
    for language in LANGUAGES:
        assert locales.text(language, "other_language") in reply["text"]


def test_opening_hours_are_written_out_in_each_language():
    assert "lunes" in locales.opening_hours_text("es")
    assert "lundi" in locales.opening_hours_text("fr")
    assert "Saturday" in locales.opening_hours_text("en")
