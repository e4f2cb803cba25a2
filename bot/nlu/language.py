"""Rasa component that tells which language each message is written in.

Runs last in the pipeline. It records its finding in the parse data
(`language`), emits a `language` entity when it is sure (a confident message or
an explicit request such as "en español"), which fills the sticky `language`
slot, and turns a confident message in another language into the
`other_language` intent, answered with a trilingual offer.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.langid import SUPPORTED, Detection, detect

OTHER_LANGUAGE_INTENT = "other_language"


def channel_hint(message: Message) -> Optional[str]:
    """A language the channel tells us (Telegram's `language_code`, e.g. "es-419")."""
    metadata = message.get("metadata") or {}
    code = str(metadata.get("language_code") or "")[:2].lower()
    return code if code in SUPPORTED else None


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    ],
    is_trainable=False,
)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Detects fr/es/en (or another language) per message; see module docstring."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):  # button payloads carry their own data
                continue
            found = detect(text, channel_hint(message))
            message.set(
                "language",
                {"code": found.code, "confident": found.confident, "requested": found.requested},
                add_to_output=True,
            )
            if found.confident and found.code in SUPPORTED:
                self._add_language_entity(message, text, found)
            elif found.confident and found.code == "other":
                self._set_other_language_intent(message)
        return messages

    def _add_language_entity(self, message: Message, text: str, found: Detection) -> None:
        entity = {
            "entity": "language",
            "value": found.code,
            "start": 0,
            "end": len(text),
            "confidence_entity": 1.0,
        }
        entities = self.add_extractor_name([entity])
        message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)

    @staticmethod
    def _set_other_language_intent(message: Message) -> None:
        intent = {INTENT_NAME_KEY: OTHER_LANGUAGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [intent] + [
            r for r in message.get(INTENT_RANKING_KEY, []) or []
            if r.get(INTENT_NAME_KEY) != OTHER_LANGUAGE_INTENT
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
