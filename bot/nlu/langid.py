"""Which language is a phone message written in: French, Spanish, English or another.

Language-ID libraries are unreliable on two-word SMS ("ok", "si", "svp", "CISR"),
so `detect` says how sure it is and why; the conversation keeps its language
unless a message is `confident`. langidentify (pinned) does the statistics; small
word lists cover the SMS words and requests ("en español") that it cannot know.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

SUPPORTED = ("fr", "es", "en")
# Latin-script languages that newcomers may write and that look like ours;
# other scripts (Arabic, Cyrillic, Devanagari, CJK…) are recognised by script.
OTHER_LATIN = ("pt", "it", "de", "tr", "sw", "ro", "tl", "so", "id", "nl", "vi")

# Words that give a language away even alone, as people type them (no accents).
# Not words two of the languages share: "le", "bien", "mes" are Spanish too
# ("le agradezco", "hace un mes"), "on" is English, "he" Spanish ("he llegado").
SMS_WORDS = {
    "es": """hola holaa buenas buenos dias tardes noches gracias grax graciass muchas
        porfa porfavor favor kiero quiero necesito nesesito ayuda tengo tngo donde
        cuando como cuanto puedo pueden usted ustedes estoy soy esta hay mi mis
        hijos hijo esposa esposo trabajo trabajar permiso abogado audiencia asilo
        solicitud papeles hablar habla hablo xq pq pa ke tmb tambien nada algo
        chao adios vale bueno entonces pero llegue vine cruce frontera casa vivir
        dinero escuela salud medico ingles frances espanol castellano
        el los las por con para una nada mas otro otra dia nos vemos ya yo eso esto
        muy pero sin sabe saber tiene tienen hace hacer despues ahora ahorita todavia
        aun gracias agradezco agradecido agradecida amable bendiga bendiciones""",
    "fr": """bonjour bonsoir allo salut slt bjr bsr merci mrc svp stp jpeux jveux
        koi quoi chu suis jsuis jai cest ces mon ma vous nous avec pour dans
        est une des les aide besoin avocat demande travail travailler permis papier
        brun peux veux faire comment quand pourquoi ouais oui pis icitte tse aussi
        mais enfants femme mari logement ecole sante medecin anglais francais
        espagnol parle parlez arrive arrivee passer quebec
        du et qui je il elle pas plus rien ca ne sur ou sont avoir etre fait
        faut apres maintenant encore""",
    "en": """hello hi hey thanks thank thx ty pls plz please need help want can how
        what where when why wat hw u ur im dont the my your is are have has with
        for and this that lawyer asylum claim work permit paper papers hearing
        kids wife husband house school health doctor english french spanish speak
        yes yeah yep okay bye goodbye arrived came crossed border see
        an to of it you she we they not am be was will would there from about
        get got know tell just now after""",
}
# Greetings and thanks: decisive on their own, even as a one-word message.
DECISIVE = {
    "es": {"hola", "holaa", "gracias", "grax", "buenas", "buenos", "porfa", "kiero", "quiero", "necesito", "ayuda"},
    "fr": {"bonjour", "bonsoir", "allo", "salut", "slt", "bjr", "merci", "svp", "stp", "jpeux", "aide"},
    "en": {"hello", "hi", "hey", "thanks", "thank", "thx", "pls", "plz", "please", "help"},
}
# Words that give away Haitian Creole (not in langidentify) or Portuguese,
# which the statistics confuse with French and Spanish.
OTHER_WORDS = {
    "mwen", "bezwen", "kijan", "bonjou", "mesi", "tanpri", "konprann", "kote", "nou", "pale", "kreyol", "ede",
    "preciso", "ajuda", "obrigado", "obrigada", "voce", "nao", "estou", "tenho", "minha", "meu", "pedido", "falar",
}
# Acronyms from papers, and "ok", say nothing about the language of a message.
NEUTRAL_WORDS = {"no", "si", "bye", "ok", "okay", "cisr", "irb", "fda", "boc", "dda", "rpcd", "pfsi", "ifhp", "asfc", "cbsa", "ircc", "sar", "rad", "erar", "prra", "ramq", "csq", "nas", "sin", "grc", "rcmp"}

LANGUAGE_NAMES = {
    "es": r"espanol|castellano|spanish|espagnol|espanhol",
    "fr": r"francais|frances|french|franses",
    "en": r"english|ingles|anglais|angles|inglish",
}
NEGATION = r"\b(no|not|dont|do not|pas|ne|n)\b"
# Words that make a language name a request: "en español", "speak english", "parlez francais".
REQUEST_WORDS = (
    r"en|in|em|speak|speaks|talk|write|answer|reply|understand|hablar|hablas|habla|hablan|hablame|hable|"
    r"hablo|entiendo|escribame|responda|parler|parle|parles|parlez|comprends|ecrivez|repondez|idioma|"
    r"langue|language|solo|only"
)
POLITE_WORDS = r"please|pls|plz|por favor|porfa|svp|stp|s il vous plait"


@dataclass(frozen=True)
class Detection:
    """What `detect` found: `code` is fr/es/en, "other", or None (no clue at all)."""

    code: Optional[str]
    confident: bool
    requested: bool = False  # the person asked for this language in words


def fold(text: str) -> str:
    """Lowercase without accents: people type "espanol" as often as "español"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(folded: str) -> list[str]:
    return re.findall(r"[a-z]+", folded.replace("'", " "))


def requested_language(folded: str, own_language: Optional[str]) -> Optional[str]:
    """The language the person asks for ("in English please", "hablas español?").

    Only a request counts: "clases de frances" is about French classes, not a
    request for French. "no hablo frances" asks for the message's own language.
    """
    for code, names in LANGUAGE_NAMES.items():
        # a request word, up to two words ("vous", "pas"), then the name; or the name alone
        request = re.search(
            rf"\b({REQUEST_WORDS})(?:[\s-]+\w+){{0,2}}?[\s-]+({names})\b|^\W*({names})\W*(\b({POLITE_WORDS})\b|$)", folded
        )
        if not request:
            continue
        name_starts = request.start(2) if request.group(2) else request.start(3)
        refused = re.search(NEGATION, folded[:name_starts])
        if refused and own_language in SUPPORTED and own_language != code:
            return own_language
        return code
    return None


@lru_cache(maxsize=1)
def _detector():
    from langidentify import Detector, Language, Model

    languages = Language.from_comma_separated(",".join(SUPPORTED + OTHER_LATIN))
    return Detector(Model.load(languages))


def _statistical_guess(text: str) -> tuple[Optional[str], float]:
    detector = _detector()
    found = detector.detect(text)
    return (found.iso_code if found else None), float(detector.results.gap)


def _non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if "LATIN" in unicodedata.name(c, "")]
    return bool(letters) and len(latin) < len(letters) / 2


@lru_cache(maxsize=4096)
def detect(text: str, hint: Optional[str] = None) -> Detection:
    """Guess the language of one message.

    `hint` (e.g. Telegram's language_code) breaks ties on messages too short to tell.
    """
    if _non_latin(text):
        return Detection("other", confident=True)
    folded = fold(text)
    words = [w for w in words_of(folded) if w not in NEUTRAL_WORDS]
    if not words:
        return Detection(hint if hint in SUPPORTED else None, confident=False)

    hits = {code: sum(w in vocab for w in words) for code, vocab in _VOCABULARY.items()}
    telltales = sum(w in OTHER_WORDS for w in words)
    guess, gap = _statistical_guess(" ".join(words))
    best_by_words = max(hits, key=hits.get)
    words_agree = hits[best_by_words] > 0 and list(hits.values()).count(hits[best_by_words]) == 1

    if len(words) == 1 and any(words[0] in vocab for vocab in DECISIVE.values()):
        decisive = next(code for code, vocab in DECISIVE.items() if words[0] in vocab)
        detection = Detection(decisive, confident=True)
    elif telltales >= 2 and telltales >= max(hits.values()):
        detection = Detection("other", confident=True)
    elif guess not in SUPPORTED:
        # A Latin-script language we do not speak, unless our SMS words say otherwise.
        if words_agree and hits[best_by_words] >= max(1, len(words) / 2):
            detection = Detection(best_by_words, confident=True)
        else:
            few_of_ours = max(hits.values()) < len(words) / 2
            detection = Detection("other", confident=len(words) >= 3 and gap >= 0.1 and few_of_ours)
    elif len(words) == 1:
        fallback = best_by_words if words_agree else (hint if hint in SUPPORTED else guess)
        detection = Detection(fallback, confident=False)
    elif words_agree and best_by_words != guess and hits[best_by_words] >= hits.get(guess, 0) + 1:
        # SMS spelling ("kiero", "jpeux") fools the statistics; trust the words.
        detection = Detection(best_by_words, confident=hits[best_by_words] >= 2)
    else:
        disagreement = words_agree and best_by_words != guess
        backed_by_words = words_agree and best_by_words == guess and hits[guess] >= 2
        detection = Detection(guess, confident=(gap >= 0.02 or backed_by_words) and not disagreement)

    asked = requested_language(folded, detection.code)
    if asked:
        return Detection(asked, confident=True, requested=True)
    return detection


_VOCABULARY = {code: frozenset(words.split()) for code, words in SMS_WORDS.items()}
