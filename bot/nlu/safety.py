"""A safety net under the classifier: danger words always mean `emergency`.

Missing "me quiero quitar la vida" costs far more than answering "call 911" to
a message that did not need it, so a handful of unambiguous phrases in each
language override whatever the classifier predicted. The emergency answer then
gives 911 first and offers a person.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.langid import fold

EMERGENCY_INTENT = "emergency"

# Folded text (lowercase, no accents). Suicide, violence now, medical emergency.
# Threats and blows count only as happening now ("me esta amenazando", "is hitting me"):
# past ones, and threats back home, are what many asylum claims are about (the classifier,
# trained on both, tells those apart).
DANGER = re.compile(
    r"\b("
    # es
    r"quitarme la vida|quitar(me)? la vida|suicid\w*|matarme|me quiero morir|quiero morirme"
    r"|no quiero (seguir )?vivir|me (va|quiere) a? ?matar|quiere matarme|me esta (pegando|golpeando)"
    r"|me (pega|golpea)|me esta amenazando|con un cuchillo|no respira|se desmayo|mucha sangre|convulsion\w*|dolor (de|en el) pecho"
    r"|llamen? a la policia|(llamen|necesito) una ambulancia"
    r"|(tirarme|aventarme|lanzarme) (de|del|desde) (un|el|la)? ?(puente|edificio|techo|azotea|balcon)"
    r"|ahorcarme|cortarme las venas|tomarme todas las pastillas"
    # fr
    r"|me tuer|me suicider|en finir avec (la|ma) vie|(veux|veut) (plus|pu|pas) vivre|veux mourir"
    r"|(va|veut) me tuer|me frappe|me bat|en train de me menacer|avec un couteau|respire (plus|pu|pas)|evanoui\w*"
    r"|beaucoup de sang|douleur (a|dans) la poitrine|appelez? (la police|une ambulance)"
    r"|(me jeter|me lancer|sauter) (du|d.un|en bas du|en bas d.un|par la) (pont|immeuble|edifice|toit|balcon|fenetre)"
    r"|me pendre|me tirer une balle|m.ouvrir les veines|prendre toutes mes pilules"
    # en
    r"|kill (myself|me)|end my life|want to die|wanna die|dont want to live|do not want to live"
    r"|(?<!was )(?<!were )(hitting|beating|hurting|choking|threatening) me|with a knife|not breathing|stopped breathing|fainted|passed out"
    r"|lot of blood|seizure|chest pain|call (the police|an ambulance)"
    r"|(jump|throw myself) off (a|the) (bridge|building|roof|balcony)|hang myself|shoot myself|cut my wrists"
    r"|overdose on|take all (my|the) pills"
    r")\b"
)


def is_danger(text: str) -> bool:
    return bool(DANGER.search(fold(text)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(GraphComponent):
    """Sets the `emergency` intent when a message contains a danger phrase."""

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
    ) -> "EmergencyGuard":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or not is_danger(text):
                continue
            intent = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [r for r in message.get(INTENT_RANKING_KEY, []) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
        return messages
