"""The sentence-embedding featurizer, and the filter that leaves DIET sentence features only."""
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
import yaml

from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_embeddings import DIMENSION, MultilingualSentenceFeaturizer
from bot.nlu.sentence_features import SentenceFeaturesOnly

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def featurizer():
    return MultilingualSentenceFeaturizer(MultilingualSentenceFeaturizer.get_default_config(), "sentence_embeddings")


def sentence_vector(featurizer, text):
    message = Message(data={TEXT: text})
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # one vector per message, none per token
    return sentence.features[0]


def cosine(a, b):
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.mark.parametrize(
    "first, second, unrelated",
    [
        ("como pido asilo en canada?", "how do i claim asylum in canada", "what time do you close on saturday"),
        ("je cherche un appartement pas cher", "busco un apartamento barato", "tengo mi audiencia el lunes"),
        ("can i work while i wait for my hearing", "puedo trabajar mientras espero", "merci beaucoup bonne journee"),
    ],
)
def test_paraphrases_in_two_languages_are_closer_than_an_unrelated_message(featurizer, first, second, unrelated):
    a, b, c = (sentence_vector(featurizer, text) for text in (first, second, unrelated))
    assert cosine(a, b) > cosine(a, c) + 0.1
    assert cosine(a, b) > cosine(b, c) + 0.1


def test_training_examples_get_one_scaled_sentence_vector_each(featurizer):
    texts = ["hola", "necesito un abogado", "c koi le papier brun", "help me pls", "ok"]
    texts += [f"mensaje numero {number}" for number in range(150)]  # several batches
    examples = [Message(data={TEXT: text, INTENT: "greet"}) for text in texts]
    examples.append(Message(data={INTENT: "greet"}))  # no text: left alone
    training_data = TrainingData(training_examples=examples)
    assert training_data.training_examples == examples
    featurizer.process_training_data(training_data)
    for message in examples[:-1]:
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None
        assert sentence.features.shape == (1, DIMENSION)
        assert sentence.features.dtype == np.float32
        # unit vectors scaled by sqrt(512): about unit variance per value
        assert np.linalg.norm(sentence.features) == pytest.approx(np.sqrt(DIMENSION), rel=1e-3)
    assert examples[-1].features == []
    # batching does not change a message's vector
    alone = sentence_vector(featurizer, "necesito un abogado")
    np.testing.assert_allclose(examples[1].get_dense_features(TEXT)[1].features[0], alone, atol=1e-4)


def test_config_is_validated():
    from rasa.shared.exceptions import InvalidConfigException

    config = {**MultilingualSentenceFeaturizer.get_default_config(), "threads": 0}
    with pytest.raises(InvalidConfigException):
        MultilingualSentenceFeaturizer(config, "sentence_embeddings")


def test_sequence_features_of_the_text_become_one_zero_token():
    message = Message(data={TEXT: "hola buenas"})
    message.add_features(Features(scipy.sparse.coo_matrix(np.ones((2, 7))), FEATURE_TYPE_SEQUENCE, TEXT, "cv"))
    message.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 7))), FEATURE_TYPE_SENTENCE, TEXT, "cv"))
    message.add_features(Features(np.ones((1, 5)), FEATURE_TYPE_SENTENCE, TEXT, "use"))
    message.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 3))), FEATURE_TYPE_SEQUENCE, INTENT, "cv"))

    SentenceFeaturesOnly().process([message])

    sparse_sequence, sparse_sentence = message.get_sparse_features(TEXT)
    dense_sequence, dense_sentence = message.get_dense_features(TEXT)
    assert sparse_sequence is None
    assert dense_sequence.features.shape == (1, 1) and not dense_sequence.features.any()
    assert sparse_sentence.features.shape == (1, 7)
    assert dense_sentence.features.shape == (1, 5)
    assert message.get_sparse_features(INTENT)[0].features.shape == (1, 3)  # other attributes kept


def test_sentence_features_only_is_used_only_where_diet_reads_no_tokens():
    """With transformer layers or entity recognition, DIET needs the token-level features."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    names = [component["name"] for component in pipeline]
    if "bot.nlu.sentence_features.SentenceFeaturesOnly" not in names:
        pytest.skip("not in the pipeline")
    diet = next(component for component in pipeline if component["name"] == "DIETClassifier")
    assert diet.get("number_of_transformer_layers") == 0
    assert diet.get("entity_recognition") is False
    assert names.index("bot.nlu.sentence_features.SentenceFeaturesOnly") < names.index("DIETClassifier")
