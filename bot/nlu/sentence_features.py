"""Keeps only the sentence-level features of the message text for the classifier.

DIET runs with `number_of_transformer_layers: 0` and predicts intents only: its
intent comes from the sentence-level position alone, which with no transformer
never sees the token-level (sequence) features. Those still cost a dense
projection of every token on every training step. This component replaces them
with one token of one zero (DIET refuses a text without sequence features), so
the intent model keeps exactly the inputs it reads.

Put it after the featurizers and before DIETClassifier. Do not use it with
transformer layers or entity recognition: both need token-level features.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


ORIGIN = "SentenceFeaturesOnly"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class SentenceFeaturesOnly(GraphComponent):
    """Removes the token-level features of the message text."""

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
    ) -> "SentenceFeaturesOnly":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            kept = [
                f
                for f in message.features
                if not (f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE)
            ]
            if len(kept) < len(message.features):
                kept.append(Features(np.zeros((1, 1), dtype=np.float32), FEATURE_TYPE_SEQUENCE, TEXT, ORIGIN))
            message.features = kept
        return messages
