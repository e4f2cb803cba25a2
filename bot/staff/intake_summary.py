"""The intake answers as lines staff can read, with the intake form's own labels (locales/)."""
from __future__ import annotations

from typing import Any, Dict, List

from bot import locales

# store field -> the label key the intake summary uses (locales messages.summary_labels)
LABELS = {
    "first_name": "first_name", "gender": "gender", "adults": "household_adults",
    "children": "household_children", "arrival_date": "arrival_date", "claim_stage": "claim_stage",
    "city": "city", "urgent_needs": "urgent_needs", "phone": "phone", "contact_moments": "contact_moments",
}
CHOICES = {"gender", "claim_stage", "urgent_needs", "contact_moments"}


def intake_lines(intake: Dict[str, Any], language: str) -> List[str]:
    """One "Label: value" line per answered field, in the staff's language."""
    messages = locales.load(language)["messages"]
    labels, options = messages["summary_labels"], messages["options"]
    lines = []
    for field, label in LABELS.items():
        value = intake.get(field)
        if value is None or value == [] or value == "":
            continue
        if field in CHOICES:
            names = options[field]
            values = value if isinstance(value, list) else [value]
            shown = ", ".join(names.get(item, str(item)) for item in values)
            if field == "gender" and value == "other" and intake.get("gender_self_described"):
                shown = f"{shown} — {intake['gender_self_described']}"
        else:
            shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        lines.append(f"{labels[label]}: {shown}")
    return lines
