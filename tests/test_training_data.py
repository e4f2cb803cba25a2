"""The training data stays as the README promises: enough examples, a clean held-out split."""
import collections
import re
from pathlib import Path

import pytest
import yaml

from bot.locales import LANGUAGES
from bot.nlu.langid import fold

NLU = Path(__file__).resolve().parent.parent / "nlu"
HELD_OUT = Path(__file__).resolve().parent / "nlu"


def examples(paths):
    found = collections.defaultdict(list)
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found[block["intent"]].append(line.strip()[2:])
    return found


def normal(text):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_has_at_least_20_examples_per_language(language):
    counts = {intent: len(lines) for intent, lines in examples((NLU / language).glob("*.yml")).items()}
    with open(NLU.parent / "domain" / "domain.yml") as handle:
        intents = set(yaml.safe_load(handle)["intents"]) - {"other_language"}
    with open(NLU.parent / "domain" / "intake.yml") as handle:
        intents |= set(yaml.safe_load(handle)["intents"])
    assert {intent: counts.get(intent, 0) for intent in intents if counts.get(intent, 0) < 20} == {}


def test_held_out_examples_are_never_trained_on():
    trained = {normal(text) for lines in examples(NLU.rglob("*.yml")).values() for text in lines}
    held_out = {normal(text) for lines in examples(HELD_OUT.glob("*.yml")).values() for text in lines}
    assert sorted(held_out & trained) == []
