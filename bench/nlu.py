"""Answer quality per language: our pipeline and Rasa's default pipeline on the same data.

Both are trained from scratch here (timed), then evaluated on the held-out split
(tests/nlu/<lang>.yml). Also language identification on the held-out messages.
"""
from __future__ import annotations

import asyncio
import collections
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.evaluation import TEST_DIR, evaluate_model
from bot.locales import LANGUAGES, ROOT
from bot.nlu.langid import detect

TRAINING_DATA = ROOT / "nlu"  # every language's examples; the held-out split is in tests/nlu


def stock_config(folder: Path) -> Path:
    """The config.yml `rasa init` writes: an empty pipeline, so Rasa uses its defaults."""
    import rasa.cli

    source = Path(rasa.cli.__file__).parent / "initial_project" / "config.yml"
    target = folder / "stock-config.yml"
    shutil.copy(source, target)
    return target


def _cache_folder() -> Path:
    base = os.environ.get("PASSERELLE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "passerelle"
    folder = Path(base) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _inputs_hash(config: Path, data: Path) -> str:
    """What the model is made of: config, training files, package versions, and our NLU components' code if it uses them."""
    digest = hashlib.sha256(config.read_bytes())
    files = sorted(data.rglob("*.yml")) + [ROOT / "constraints.txt"]
    if b"bot.nlu." in config.read_bytes():
        files += sorted((ROOT / "bot" / "nlu").glob("*.py"))
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _train(name: str, arguments: List[str]) -> Tuple[Path, float]:
    """`rasa train <arguments>` from scratch (Rasa's cache of trained components off), timed;
    the model and its time are kept under `name`, a content hash (stock Rasa trains for half an hour)."""
    cache = _cache_folder()
    model, timing = cache / f"{name}.tar.gz", cache / f"{name}.json"
    if model.exists() and timing.exists():
        return model, json.loads(timing.read_text())["train_seconds"]
    start = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "train", *arguments, "--out", str(cache), "--fixed-model-name", name],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "RASA_MAX_CACHE_SIZE": "0"},
    )
    seconds = time.perf_counter() - start
    timing.write_text(json.dumps({"train_seconds": seconds}))
    return model, seconds


def train_nlu(config: Path, data: Path, name: str) -> Tuple[Path, float]:
    return _train(f"{name}-{_inputs_hash(config, data)}",
                  ["nlu", "--config", str(config), "--nlu", str(data), "--domain", str(ROOT / "domain")])


def confusion_pairs(report_dir: Path, top: int = 8) -> List[Tuple[str, str, int]]:
    pairs = collections.Counter()
    for language in LANGUAGES:
        errors = json.loads((report_dir / language / "intent_errors.json").read_text())
        pairs.update((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return [(gold, predicted, n) for (gold, predicted), n in pairs.most_common(top)]


def language_id() -> Dict[str, Dict[str, float]]:
    """How often detection finds each held-out message's language, and how often it is sure."""
    figures = {}
    for language in LANGUAGES:
        blocks = yaml.safe_load((TEST_DIR / f"{language}.yml").read_text())["nlu"]
        texts = [line.strip()[2:] for block in blocks for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        found = [detect(text) for text in texts]
        confident = [f for f in found if f.confident]
        figures[language] = {
            "messages": len(texts),
            "accuracy": sum(f.code == language for f in found) / len(texts),
            "confident_share": len(confident) / len(texts),
            "confident_accuracy": sum(f.code == language for f in confident) / max(1, len(confident)),
        }
    return figures


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, config in (("passerelle", ROOT / "config.yml"), ("stock", stock_config(Path(tmp)))):
            model, seconds = train_nlu(config, TRAINING_DATA, label)
            report_dir = ROOT / "reports" / "bench-nlu" / label
            per_language = asyncio.run(evaluate_model(str(model), report_dir))
            results[label] = {
                "train_seconds": seconds,
                "model_mb": model.stat().st_size / 1e6,
                "languages": per_language,
                "confusions": confusion_pairs(report_dir),
            }
        results["language_id"] = language_id()
        results["full_model"] = full_model()
        return results


def full_model() -> Dict[str, float]:
    """The assistant's whole model (NLU and dialogue), as `make model` trains it on a new machine,
    named by the same content hash as `make model`'s."""
    inputs_hash = subprocess.run([str(ROOT / "scripts" / "train"), "--hash"], check=True, capture_output=True,
                                 text=True).stdout.strip()
    model, seconds = _train(f"passerelle-full-{inputs_hash}", [
        "--data", str(TRAINING_DATA), str(ROOT / "stories"),
        "--domain", str(ROOT / "domain"), "--config", str(ROOT / "config.yml"),
    ])
    return {"train_seconds": seconds, "model_mb": model.stat().st_size / 1e6}
