"""The intake's allowed values, and the checks that turn form answers into stored values.

The form's validation actions can call `check_intake_fields` (or `to_e164`) to
reject an answer before the person moves on; `save_intake` calls it anyway.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, Iterable, List, Optional

import phonenumbers

GENDERS = ("woman", "man", "other", "undisclosed")
CLAIM_STAGES = ("not_filed", "filed_border", "filed_online", "hearing_scheduled", "accepted", "rejected")
URGENT_NEEDS = ("housing", "food", "health", "legal", "work", "school", "psychological")
CONTACT_MOMENTS = ("weekday", "evening", "weekend")
LANGUAGES = ("fr", "es", "en")
DEFAULT_PHONE_REGION = "CA"

# Every field save_intake accepts; `phone` is stored encrypted and also links the person.
INTAKE_FIELDS = (
    "first_name", "gender", "gender_self_described", "adults", "children", "arrival_date",
    "claim_stage", "city", "urgent_needs", "phone", "contact_moments", "language",
)


class InvalidField(ValueError):
    """An answer that cannot be stored. `field` names it; the message never repeats the value."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field


def to_e164(raw: str, region: str = DEFAULT_PHONE_REGION) -> Optional[str]:
    """'418 555-0199' -> '+14185550199'; None when it is not a possible, valid number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_intake_fields(fields: Dict[str, Any]) -> Dict[str, Any]:
    """Normalised copies of the given fields; raises InvalidField on the first bad one."""
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise InvalidField(sorted(unknown)[0], "not an intake field")
    checked: Dict[str, Any] = {}
    for name, value in fields.items():
        checked[name] = None if value is None else _CHECKS[name](name, value)
    return checked


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidField(name, "expected a non-empty text")
    return value.strip()


def _choice(choices: Iterable[str]):
    def check(name: str, value: Any) -> str:
        if value not in choices:
            raise InvalidField(name, f"expected one of {', '.join(choices)}")
        return value
    return check


def _choices(choices: Iterable[str]):
    def check(name: str, value: Any) -> List[str]:
        values = [value] if isinstance(value, str) else list(value)
        wrong = [item for item in values if item not in choices]
        if wrong:
            raise InvalidField(name, f"expected values among {', '.join(choices)}")
        return [item for item in choices if item in values]  # canonical order, no duplicates
    return check


def _count(name: str, value: Any) -> int:
    # Slots may hold 2, 2.0 or "2"; anything above 30 people is a typo, not a household.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 30:
        raise InvalidField(name, "expected a whole number between 0 and 30")
    return value


def _date(name: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidField(name, "expected a date YYYY-MM-DD") from None


def _phone(name: str, value: Any) -> str:
    e164 = to_e164(str(value))
    if e164 is None:
        raise InvalidField(name, "not a valid phone number")
    return e164


_CHECKS = {
    "first_name": _text,
    "gender": _choice(GENDERS),
    "gender_self_described": _text,
    "adults": _count,
    "children": _count,
    "arrival_date": _date,
    "claim_stage": _choice(CLAIM_STAGES),
    "city": _text,
    "urgent_needs": _choices(URGENT_NEEDS),
    "phone": _phone,
    "contact_moments": _choices(CONTACT_MOMENTS),
    "language": _choice(LANGUAGES),
}
