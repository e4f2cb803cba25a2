"""`passerelle` command line (bin/passerelle, or python -m bot.cli)."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="passerelle", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the running assistant in this terminal")
    chat.add_argument("--url", default="http://localhost:5005")
    chat.add_argument("--sender", default=None, help="conversation id (default: a new one)")

    evaluate = commands.add_parser("eval-nlu", help="intent accuracy per language on the held-out split")
    evaluate.add_argument("--model", required=True)
    evaluate.add_argument("--out", default="reports/nlu")
    evaluate.add_argument("--min-accuracy", type=float, default=0.0)

    args = parser.parse_args(argv)
    if args.command == "chat":
        from bot.chat import chat as run_chat

        return run_chat(args.url, args.sender)
    if args.command == "eval-nlu":
        from bot.evaluation import evaluate_languages

        return evaluate_languages(args.model, args.out, args.min_accuracy)
    return 2


if __name__ == "__main__":
    sys.exit(main())
