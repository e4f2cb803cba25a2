"""The intake conversation: consent, one question per field, summary, save.

Every question and message comes from locales/ (`messages`) in the person's
language. Answers are parsed by actions/answers.py; an answer that cannot be
understood is asked again with the reason. Nothing is stored before the person
confirms the summary, and "cancel" leaves with nothing stored.
"""
from __future__ import annotations

import abc
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Text

from babel.dates import format_date
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.answers import SKIPPED, Invalid
from bot import locales
from bot.locales import BABEL_LOCALES
from bot.store import repository
from bot.store.erasure import erase_person

logger = logging.getLogger(__name__)
CONSENT_VERSION = "2026-11"
URGENT_NEEDS = {"housing", "health", "legal"}  # needs that send the conversation to staff


@dataclass(frozen=True)
class Field:
    slot: str
    parse: Callable[[str, str], Any]
    optional: bool = False
    options: Optional[str] = None  # the option list shown as numbered buttons


def _gender(text: str, language: str) -> str:
    try:
        return answers.choice("gender", text)
    except Invalid:
        # "other / self-described": their own words, when short enough to be a word
        if 0 < len(text.strip()) <= 40:
            return f"other:{text.strip()}"
        raise


FIELDS = [
    Field("first_name", answers.first_name),
    Field("gender", _gender, optional=True, options="gender"),
    Field("household_adults", lambda t, l: str(answers.count(t, l))),
    Field("household_children", lambda t, l: str(answers.count(t, l))),
    Field("arrival_date", lambda t, l: answers.arrival_date(t, l).isoformat()),
    Field("claim_stage", lambda t, l: answers.choice("claim_stage", t), options="claim_stage"),
    Field("city", answers.city, optional=True),
    Field("urgent_needs", lambda t, l: ",".join(answers.needs(t, l)), optional=True, options="urgent_needs"),
    Field("phone", answers.phone, optional=True),
    Field("contact_moments", lambda t, l: ",".join(answers.choices("contact_moments", t)), optional=True, options="contact_moments"),
]
FIELD_BY_SLOT = {field.slot: field for field in FIELDS}


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or locales.DEFAULT_LANGUAGE


def person_of(tracker: Tracker) -> str:
    channel = tracker.get_latest_input_channel() or "rest"
    return repository.get_or_create_person(channel, tracker.sender_id)


# --- asking --------------------------------------------------------------------

class AskForField(Action, abc.ABC):
    """Asks one intake question; `field` is set by the subclasses made below."""

    @property
    @abc.abstractmethod
    def field(self) -> Field:
        """The question this action asks."""

    def name(self) -> Text:
        return f"action_ask_{self.field.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict]:
        language = language_of(tracker)
        question = locales.message(language, f"ask_{self.field.slot}")
        if self.field.optional:
            question = f"{question} {locales.message(language, 'skip_hint')}"
        buttons = []
        if self.field.options:
            labels = locales.load(language)["messages"]["options"][self.field.options]
            buttons = [{"title": label, "payload": label} for label in labels.values()]
        dispatcher.utter_message(text=question, buttons=buttons)
        return []


# One action per question, as Rasa forms expect (action_ask_<slot>).
for _field in FIELDS:
    type(f"AskFor_{_field.slot}", (AskForField,), {"field": _field})


class ValidateIntakeForm(FormValidationAction):
    """Parses each answer; an answer not understood is asked again, with the reason."""

    def name(self) -> Text:
        return "validate_intake_form"

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict]:
        language = language_of(tracker)
        events = []
        for slot, value in tracker.slots_to_validate().items():
            field = FIELD_BY_SLOT.get(slot)
            if field is None or value is None:
                continue
            events.append(SlotSet(slot, self._understand(field, str(value), language, dispatcher)))
        return events

    @staticmethod
    def _understand(field: Field, text: str, language: str, dispatcher: CollectingDispatcher) -> Optional[str]:
        if text == SKIPPED or field.optional and answers.is_skip(text):
            return SKIPPED
        if field.options and answers.is_stored(field.options, text):
            return text
        try:
            return field.parse(text, language)
        except Invalid as problem:
            logger.info("intake answer not understood for %s (%s)", field.slot, problem.reason)
            dispatcher.utter_message(text=locales.message(language, problem.reason))
            return None


# --- consent, summary, save ----------------------------------------------------

class RecordConsent(Action):
    def name(self) -> Text:
        return "action_record_consent"

    async def run(self, dispatcher, tracker, domain):
        repository.record_consent(person_of(tracker), CONSENT_VERSION)
        return [SlotSet("intake_consent", True)]


def _shown(language: str, slot: str, value: Optional[str]) -> str:
    """A slot value as the person reads it in the summary."""
    messages = locales.load(language)["messages"]
    field = FIELD_BY_SLOT[slot]
    if value in (None, SKIPPED):
        return messages["not_given"]
    if slot == "arrival_date":
        return format_date(dt.date.fromisoformat(value), "long", locale=BABEL_LOCALES[language])
    if value.startswith("other:"):
        return value[len("other:"):]
    if field.options:
        keys = [key for key in value.split(",") if key]
        return ", ".join(messages["options"][field.options][key] for key in keys) or messages["none"]
    return value


def summary(tracker: Tracker) -> str:
    language = language_of(tracker)
    labels = locales.load(language)["messages"]["summary_labels"]
    lines = [locales.message(language, "summary_title")]
    for number, field in enumerate(FIELDS, start=1):
        lines.append(f"{number}. {labels[field.slot]}: {_shown(language, field.slot, tracker.get_slot(field.slot))}")
    lines.append(locales.message(language, "confirm_question"))
    return "\n".join(lines)


class AskForConfirmation(Action):
    def name(self) -> Text:
        return "action_ask_intake_confirmation"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=summary(tracker))
        return []


class ValidateConfirmation(FormValidationAction):
    """ "yes" saves; a line number reopens that question."""

    def name(self) -> Text:
        return "validate_intake_confirm_form"

    async def validate_intake_confirmation(self, value, dispatcher, tracker, domain):
        text = str(value).strip()
        if text.isdigit() and 1 <= int(text) <= len(FIELDS):
            return {"intake_confirmation": text}
        if answers.is_yes(text):
            return {"intake_confirmation": "yes"}
        dispatcher.utter_message(text=locales.message(language_of(tracker), "invalid_confirmation"))
        return {"intake_confirmation": None}


def _stored_fields(tracker: Tracker) -> Dict[str, Any]:
    def value(slot: str) -> Optional[str]:
        raw = tracker.get_slot(slot)
        return None if raw in (None, SKIPPED) else raw

    gender = value("gender")
    needs, moments = value("urgent_needs"), value("contact_moments")
    return {
        "first_name": value("first_name"),
        "gender": "other" if gender and gender.startswith("other:") else gender,
        "gender_self_described": gender[len("other:"):] if gender and gender.startswith("other:") else None,
        "adults": int(value("household_adults")),
        "children": int(value("household_children")),
        "arrival_date": dt.date.fromisoformat(value("arrival_date")),
        "claim_stage": value("claim_stage"),
        "city": value("city"),
        "urgent_needs": [n for n in needs.split(",") if n] if needs is not None else None,
        "phone": value("phone"),
        "contact_moments": [m for m in moments.split(",") if m] if moments is not None else None,
        "language": language_of(tracker),
    }


def _forget_answers() -> List[Dict]:
    """Personal answers leave the conversation state once stored (or cancelled)."""
    return [SlotSet(field.slot, None) for field in FIELDS] + [SlotSet("intake_confirmation", None)]


class FinishIntake(Action):
    def name(self) -> Text:
        return "action_intake_finish"

    async def run(self, dispatcher, tracker, domain):
        answer = tracker.get_slot("intake_confirmation")
        if answer and answer.isdigit():
            # Correction: ask that one question again, then show the summary again.
            slot = FIELDS[int(answer) - 1].slot
            return [SlotSet(slot, None), SlotSet("intake_confirmation", None), FollowupAction("intake_form")]
        fields = _stored_fields(tracker)
        repository.save_intake(person_of(tracker), fields)
        dispatcher.utter_message(text=locales.message(language_of(tracker), "intake_saved"))
        if URGENT_NEEDS & set(fields["urgent_needs"] or []):
            # housing tonight, health, a legal deadline: a person follows up now
            return _forget_answers() + [SlotSet("handoff_reason", "urgent_need"), FollowupAction("action_handoff")]
        return _forget_answers()


class CancelIntake(Action):
    def name(self) -> Text:
        return "action_cancel_intake"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=locales.message(language_of(tracker), "intake_cancelled"))
        return _forget_answers() + [ActiveLoop(None)]


class DeleteMyData(Action):
    """Erases the person's rows everywhere; `erase_requested` makes the tracker
    store drop this conversation when Rasa saves it (see bot/tracker_store.py)."""

    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(self, dispatcher, tracker, domain):
        erase_person(sender_id=tracker.sender_id, channel=tracker.get_latest_input_channel())
        dispatcher.utter_message(text=locales.message(language_of(tracker), "data_deleted"))
        return [SlotSet("erase_requested", True)]
