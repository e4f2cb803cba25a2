"""Tokenizes each message with spaCy's rules for its own language.

One model serves three languages, so the tokenizer picks spaCy's blank pipeline
for the language the message is written in: French elisions ("d'asile" ->
"d'", "asile"), Spanish "¿"/"¡". Tokens are folded to lowercase without accents
because people type "papier brun", "Papier Brun" and "papiér brun" alike.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

import spacy

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.langid import SUPPORTED, detect, fold

DEFAULT_LANGUAGE = "es"  # most people the organisation serves write Spanish


@lru_cache(maxsize=None)
def _blank(language: str):
    return spacy.blank(language)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class LanguageAwareTokenizer(Tokenizer):
    """spaCy rule-based tokenizer of the message's language, accent-folded tokens."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageAwareTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        language = DEFAULT_LANGUAGE
        if attribute == TEXT:
            code = detect(text).code
            language = code if code in SUPPORTED else DEFAULT_LANGUAGE
        doc = _blank(language).make_doc(text)
        tokens = [
            Token(fold(token.text), token.idx, token.idx + len(token.text))
            for token in doc
            if not (token.is_punct or token.is_space)
        ]
        if not tokens:  # "?" or "..." alone still needs one token
            tokens = [Token(text, 0, len(text))]
        return self._apply_token_pattern(tokens)
