"""Every user-facing sentence comes from locales/{fr,es,en}.yml.

`python -m bot.locales build` turns them into the domain's responses
(domain/responses.yml), one variation per language conditioned on the
`language` slot, so Rasa's own response machinery picks the person's language.
A trajectory answer is composed here: answer, "more" hint, source, disclaimer.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "locales"
ORGANISATION_FILE = ROOT / "organisation.yml"
RESPONSES_FILE = ROOT / "domain" / "responses.yml"

LANGUAGES = ("fr", "es", "en")
DEFAULT_LANGUAGE = "es"  # about 90% of the people served write Spanish
BABEL_LOCALES = {"fr": "fr_CA", "es": "es_419", "en": "en_CA"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=None)
def load(language: str) -> Dict[str, Any]:
    with open(LOCALES_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=None)
def organisation() -> Dict[str, Any]:
    with open(ORGANISATION_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def text(language: str, key: str, **values: Any) -> str:
    """A sentence from the `responses` section, e.g. text("es", "greet")."""
    entry = load(language)["responses"][key]
    sentence = entry["text"] if isinstance(entry, dict) else entry
    return sentence.format(**{"hours": opening_hours_text(language), **values})


def message(language: Optional[str], key: str, **values: Any) -> str:
    """A sentence our own code sends (channels, actions, staff console), from `messages`."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    sentence = load(language)["messages"][key]
    return sentence.format(**{"hours": opening_hours_text(language), **values})


def topic_names() -> List[str]:
    return list(load(DEFAULT_LANGUAGE)["topics"])


def topic_answer(language: str, topic: str, part: str = "answer") -> str:
    """The answer (or its `more` part) with the hint, source and disclaimer."""
    locale = load(language)
    common, entry = locale["common"], locale["topics"][topic]
    lines = [entry[part].strip()]
    if part == "answer" and entry.get("more"):
        lines.append(common["more_hint"])
    lines.append(f"{common['source'].format(source=entry['source'])} {common['disclaimer']}")
    return "\n".join(lines)


@lru_cache(maxsize=None)  # organisation.yml is read once per process: so are the hours
def opening_hours_text(language: str) -> str:
    """Opening hours from organisation.yml, in words: "lundi au jeudi, 9 h à 20 h; …"."""
    from babel.dates import format_time, get_day_names
    from datetime import time

    locale, common = BABEL_LOCALES[language], load(language)["common"]
    names = get_day_names("wide", locale=locale)  # 0 = Monday
    schedule = organisation()["opening_hours"]

    def clock(value: str) -> str:
        hour, minute = (int(part) for part in value.split(":"))
        return format_time(time(hour, minute), common["clock"], locale=locale)

    groups: List[List[Any]] = []  # [first_day, last_day, hours]
    for index, day in enumerate(WEEKDAYS):
        hours = schedule.get(day)
        if hours and groups and groups[-1][2] == hours and groups[-1][1] == index - 1:
            groups[-1][1] = index
        elif hours:
            groups.append([index, index, hours])
    parts = []
    for first, last, (start, end) in groups:
        days = names[first] if first == last else common["day_range"].format(first=names[first], last=names[last])
        parts.append(f"{days}, {common['time_range'].format(start=clock(start), end=clock(end))}")
    return "; ".join(parts)


def _variations(texts: Dict[str, Dict[str, Any]], extra: Optional[List[dict]] = None) -> List[Dict[str, Any]]:
    """One variation per language on the `language` slot, Spanish when it is empty."""
    extra = extra or []
    variations = [
        {**texts[lang], "condition": [{"type": "slot", "name": "language", "value": lang}, *extra]}
        for lang in LANGUAGES
    ]
    variations.append({**texts[DEFAULT_LANGUAGE], "condition": [{"type": "slot", "name": "language", "value": None}, *extra]})
    return variations


def _response(language: str, key: str) -> Dict[str, Any]:
    entry = load(language)["responses"][key]
    rendered = {"text": text(language, key)}
    if isinstance(entry, dict) and entry.get("buttons"):
        rendered["buttons"] = entry["buttons"]
    return rendered


def build_responses() -> Dict[str, List[Dict[str, Any]]]:
    responses: Dict[str, List[Dict[str, Any]]] = {}
    for key in load(DEFAULT_LANGUAGE)["responses"]:
        if key == "other_language":
            # Said to someone whose language we do not know: all three at once.
            joined = "\n".join(text(lang, key) for lang in (DEFAULT_LANGUAGE, "fr", "en"))
            responses["utter_other_language"] = [{"text": joined}]
            continue
        responses[f"utter_{key}"] = _variations({lang: _response(lang, key) for lang in LANGUAGES})
        responses[f"utter_{key}"].append(_response(DEFAULT_LANGUAGE, key))

    more: List[Dict[str, Any]] = []
    for topic in topic_names():
        answers = {lang: {"text": topic_answer(lang, topic)} for lang in LANGUAGES}
        responses[f"utter_{topic}"] = _variations(answers) + [answers[DEFAULT_LANGUAGE]]
        details = {lang: {"text": topic_answer(lang, topic, "more")} for lang in LANGUAGES}
        more += _variations(details, [{"type": "slot", "name": "topic", "value": topic}])
    nothing_more = {lang: {"text": load(lang)["common"]["no_more"]} for lang in LANGUAGES}
    more += _variations(nothing_more, [{"type": "slot", "name": "topic", "value": None}])
    responses["utter_more"] = more + [nothing_more[DEFAULT_LANGUAGE]]
    return responses


def write_responses(path: Path = RESPONSES_FILE) -> Path:
    header = "# Generated from locales/ by `python -m bot.locales build`. Edit locales/, not this file.\n"
    body = yaml.safe_dump(
        {"version": "3.1", "responses": build_responses()},
        allow_unicode=True, sort_keys=False, width=1000,
    )
    path.write_text(header + body, encoding="utf-8")
    return path


def main(argv: Iterable[str]) -> int:
    args = list(argv)
    if args != ["build"]:
        print("usage: python -m bot.locales build", file=sys.stderr)
        return 2
    print(f"wrote {write_responses().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
