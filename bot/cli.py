"""`passerelle` command line (bin/passerelle, or python -m bot.cli)."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
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

    purge = commands.add_parser("purge", help="delete personal data older than the retention period")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    report = commands.add_parser("report", help="funders' report for a period: table, CSV and PNG chart")
    report.add_argument("--from", dest="start", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--out", type=Path, default=Path("reports"))

    commands.add_parser("migrate", help="bring the store's database (DATABASE_URL) to the latest schema")
    commands.add_parser("dev-key", help="create var/fernet.key when PASSERELLE_FERNET_KEY is not set")

    telegram = commands.add_parser("telegram", help="Telegram channel set-up")
    telegram_commands = telegram.add_subparsers(dest="telegram_command", required=True)
    set_webhook = telegram_commands.add_parser(
        "set-webhook", help="tell Telegram to send updates here, with TELEGRAM_WEBHOOK_SECRET")
    set_webhook.add_argument("--url", default=None,
                             help="public https address of the server (default: PASSERELLE_PUBLIC_URL)")

    args = parser.parse_args(argv)
    if args.command == "chat":
        from bot.chat import chat as run_chat

        return run_chat(args.url, args.sender)
    if args.command == "eval-nlu":
        from bot.evaluation import evaluate_languages

        return evaluate_languages(args.model, args.out, args.min_accuracy)
    if args.command == "telegram" and args.telegram_command == "set-webhook":
        from bot.channels.telegram_webhook import set_webhook_command

        return set_webhook_command(args.url)
    if args.command == "purge":
        from bot.store import default_store, purge as purge_data

        done = purge_data(args.older_than, store=default_store())
        print(f"Purged data older than {args.older_than} days: {done.persons} people, "
              f"{done.closed_ticket_events} closed-ticket events, {done.tracker_events} conversation events "
              f"and {done.broker_events} of their copies in the event broker.")
        return 0
    if args.command == "report":
        from bot.report import format_table, run as run_report
        from bot.store import default_store

        built, csv_path, png_path = run_report(default_store(), args.start, args.end, args.out)
        print(format_table(built))
        print(f"\nWrote {csv_path} and {png_path}")
        return 0
    if args.command == "migrate":
        from bot.store import upgrade
        from bot.store.config import store_url

        upgrade(store_url())
        return 0
    if args.command == "dev-key":
        from bot.store import ensure_dev_key
        from bot.store.crypto import DEV_KEY_FILE, KEY_ENV

        if ensure_dev_key():
            print(f"Created a development encryption key in {DEV_KEY_FILE} "
                  f"(production: set {KEY_ENV}; losing the key makes stored intakes unreadable).")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
