"""Intent accuracy per language on the held-out split (tests/nlu/<lang>.yml).

Uses Rasa's own NLU evaluation, loading the model once for all languages, and
writes one report folder per language.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Dict

from bot.locales import LANGUAGES, ROOT

TEST_DIR = ROOT / "tests" / "nlu"


def _quiet_rasa_logs() -> None:
    """Rasa's debug logs repeat every message's text: keep them out of the output."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


async def evaluate_model(model: str, out: Path) -> Dict[str, dict]:
    from rasa.core.agent import Agent

    _quiet_rasa_logs()
    from rasa.nlu.test import run_evaluation

    agent = Agent.load(model)
    results = {}
    for language in LANGUAGES:
        report_dir = out / language
        report_dir.mkdir(parents=True, exist_ok=True)
        result = await run_evaluation(
            str(TEST_DIR / f"{language}.yml"), agent.processor, str(report_dir),
            errors=True, disable_plotting=True, domain_path=str(ROOT / "domain"),
        )
        intents = result["intent_evaluation"]
        results[language] = {
            "accuracy": intents["accuracy"],
            "macro_f1": intents["report"]["macro avg"]["f1-score"],
            "examples": len(intents["predictions"]),
        }
    return results


def evaluate_languages(model: str, out: str, min_accuracy: float) -> int:
    out_dir = Path(out)
    results = asyncio.run(evaluate_model(model, out_dir))
    (out_dir / "summary.json").write_text(json.dumps(results, indent=2))
    failed = []
    print("language  examples  accuracy  macro-F1")
    for language, figures in results.items():
        print(f"{language:8}  {figures['examples']:8}  {figures['accuracy']:8.3f}  {figures['macro_f1']:8.3f}")
        if figures["accuracy"] < min_accuracy:
            failed.append(language)
    if failed:
        print(f"Intent accuracy under {min_accuracy:.0%} in: {', '.join(failed)} (see {out_dir}/<lang>/intent_errors.json)")
        return 1
    return 0
