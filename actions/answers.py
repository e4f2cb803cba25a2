"""Understanding one intake answer, as people type it, in any of our languages.

Each parser takes the raw text (and the person's language) and returns the
value to store, SKIPPED for an optional question left aside, or raises
`Invalid` so the form asks again with a clear message.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.locales import LANGUAGES
from bot.nlu.langid import fold

SKIPPED = "skipped"
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")
OPTION_ORDER = {
    "gender": ["woman", "man", "other", "undisclosed"],
    "claim_stage": ["not_filed", "filed_border", "filed_online", "hearing_scheduled", "accepted", "rejected"],
    "urgent_needs": ["housing", "food", "health", "legal", "work", "school", "psychological"],
    "contact_moments": ["weekday", "evening", "weekend"],
}


class Invalid(ValueError):
    """The answer could not be understood; the locales key says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s+-]", " ", fold(text))).strip()


def _says(cleaned: str, phrases: Sequence[str]) -> bool:
    return any(re.search(rf"(^|\s){re.escape(str(p))}($|\s)", cleaned) for p in phrases)


def is_skip(text: str) -> bool:
    cleaned = _clean(text)
    return cleaned in vocabulary()["skip"] or cleaned == "-" or _says(cleaned, [p for p in vocabulary()["skip"] if " " in str(p)])


def is_yes(text: str) -> bool:
    return _says(_clean(text), vocabulary()["yes"])


def first_name(text: str, language: str) -> str:
    cleaned = text.strip()
    for prefix in vocabulary()["name_prefixes"]:
        match = re.match(rf"{re.escape(prefix)}\s+", fold(cleaned).replace("'", " "))
        if match:
            cleaned = cleaned[match.end():]
            break
    cleaned = cleaned.strip(" .,!¡¿?")
    if not cleaned or len(cleaned) > 40 or not re.search(r"[^\W\d_]", cleaned):
        raise Invalid("invalid_name")
    return cleaned


def count(text: str, language: str) -> int:
    cleaned = _clean(text)
    digits = re.findall(r"\d+", cleaned)
    if digits:
        value = int(digits[0])
    else:
        words = [n for n, names in vocabulary()["numbers"].items() if _says(cleaned, names)]
        if not words:
            raise Invalid("invalid_number")
        value = int(words[0])
    if not 0 <= value <= 20:
        raise Invalid("invalid_number")
    return value


def choice(field: str, text: str, options_shown: Sequence[str] = ()) -> str:
    """One option, by its number in the list shown, its label or a synonym."""
    [value] = choices(field, text, options_shown, single=True)
    return value


def choices(field: str, text: str, options_shown: Sequence[str] = (), single: bool = False) -> List[str]:
    """Several options at once: "1 3", "vivienda y comida", "housing, food"."""
    order = OPTION_ORDER[field]
    cleaned = _clean(text)
    found: List[str] = []
    for number in re.findall(r"\d+", cleaned):
        index = int(number) - 1
        if not 0 <= index < len(order):
            raise Invalid("invalid_choice")
        found.append(order[index])
    synonyms: Dict[str, List[str]] = vocabulary()["options"][field]
    labels = {value: [fold(label) for label in labels_for(field, value)] for value in order}
    for value in order:
        if _says(cleaned, synonyms.get(value, []) + labels[value]):
            found.append(value)
    found = list(dict.fromkeys(found))  # keep order, once each
    if not found or (single and len(found) != 1):
        raise Invalid("invalid_choice")
    return found


def needs(text: str, language: str) -> List[str]:
    if _says(_clean(text), vocabulary()["none"]):
        return []
    return choices("urgent_needs", text)


def arrival_date(text: str, language: str, today: Optional[dt.date] = None) -> dt.date:
    """ "hace 3 semanas", "le 2 mars", "last month", "12/03/2026"."""
    import dateparser

    today = today or dt.date.today()
    try:
        return _checked_date(dt.date.fromisoformat(text.strip()), today)  # a stored answer
    except ValueError:
        pass
    fillers = "|".join(re.escape(word) for word in vocabulary()["date_fillers"])
    text = re.sub(rf"^(({fillers})\s+)+", "", fold(text).strip())
    order = [language] + [other for other in LANGUAGES if other != language]
    parsed = dateparser.parse(
        text,
        languages=order,
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
            "DATE_ORDER": "DMY",  # how dates are written in Québec and Latin America
        },
    )
    if parsed is None:
        raise Invalid("invalid_date")
    return _checked_date(parsed.date(), today)


def _checked_date(date: dt.date, today: dt.date) -> dt.date:
    if date > today:
        raise Invalid("date_in_future")
    if date.year < 1990:
        raise Invalid("invalid_date")
    return date


def is_stored(field: str, value: str) -> bool:
    """An answer already understood (Rasa re-validates filled slots when a form reopens)."""
    if field not in OPTION_ORDER:
        return False
    keys = [key for key in value.split(",") if key]
    return value.startswith("other:") or all(key in OPTION_ORDER[field] for key in keys) and (bool(keys) or field == "urgent_needs")


def phone(text: str, language: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "CA")
    except phonenumbers.NumberParseException:
        raise Invalid("invalid_phone")
    if not phonenumbers.is_valid_number(number):
        raise Invalid("invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def city(text: str, language: str) -> str:
    cleaned = text.strip(" .,!¡¿?")
    if not cleaned or len(cleaned) > 60 or not re.search(r"[^\W\d_]", cleaned):
        raise Invalid("invalid_city")
    return cleaned


def labels_for(field: str, value: str) -> List[str]:
    """The option's label in every language (people may answer in another)."""
    from bot.locales import load

    return [load(lang)["messages"]["options"][field][value] for lang in LANGUAGES]
