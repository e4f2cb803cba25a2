"""`python -m bench [nlu|load|report|all]`: print figures and write reports/bench-<date>.md."""
from __future__ import annotations

import json
import sys

from bot.locales import ROOT

RESULTS = ROOT / "reports" / "bench-results.json"


def _load() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def _save(results: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))


def main(argv) -> int:
    part = argv[0] if argv else "all"
    results = _load()
    if part in ("nlu", "all"):
        from bench import nlu

        results["nlu"] = nlu.run()
        _save(results)
    if part in ("load", "all"):
        from bench import load

        results["load"] = load.run()
        _save(results)
    if part in ("nlu", "load", "report", "all"):
        from bench import report

        path = report.write(results)
        print(report.table(results))
        print(f"\nwritten: {path.relative_to(ROOT)}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
