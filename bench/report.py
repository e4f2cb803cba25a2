"""The benchmark's figures as a Markdown table and a latency-versus-concurrency chart."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List

from bot.locales import LANGUAGES, ROOT


def _nlu_lines(nlu: dict) -> List[str]:
    lines = [
        "### Intent classification on the held-out split",
        "| language | Passerelle accuracy | Passerelle macro-F1 | stock accuracy | stock macro-F1 |",
        "|---|---|---|---|---|",
    ]
    for language in LANGUAGES:
        ours, stock = nlu["passerelle"]["languages"][language], nlu["stock"]["languages"][language]
        lines.append(
            f"| {language} | {ours['accuracy']:.3f} | {ours['macro_f1']:.3f} | {stock['accuracy']:.3f} | {stock['macro_f1']:.3f} |"
        )
    lines += [
        "",
        f"NLU training from scratch: Passerelle {nlu['passerelle']['train_seconds']:.0f} s ({nlu['passerelle']['model_mb']:.0f} MB), "
        f"stock {nlu['stock']['train_seconds']:.0f} s ({nlu['stock']['model_mb']:.0f} MB). Passerelle's whole model "
        f"(NLU and dialogue, from scratch as on a new machine): {nlu['full_model']['train_seconds']:.0f} s, {nlu['full_model']['model_mb']:.0f} MB.",
        "",
        "Most frequent confusions (Passerelle): "
        + "; ".join(f"{gold} → {predicted} ({n})" for gold, predicted, n in nlu["passerelle"]["confusions"]),
        "",
        "### Language identification on the held-out messages",
        "| language | messages | accuracy | sure of it | accuracy when sure |",
        "|---|---|---|---|---|",
    ]
    for language in LANGUAGES:
        f = nlu["language_id"][language]
        lines.append(f"| {language} | {f['messages']} | {f['accuracy']:.3f} | {f['confident_share']:.3f} | {f['confident_accuracy']:.3f} |")
    return lines


def _load_lines(load: dict) -> List[str]:
    from bench.load import CAPACITY_CONCURRENCY, PACE

    lines = [
        "### End-to-end speed (2 cores, everything on 127.0.0.1)",
        f"Paced: each person reads the reply and types the next message ({PACE[0]:.0f}–{PACE[1]:.0f} s, quicker than people "
        "on a phone). Latency: webhook in → the reply's send call (Passerelle), request → response (stock).",
        "",
        "| bot | people at once | messages | p50 ms | p95 ms | p99 ms | errors | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bot in ("passerelle", "stock"):
        for run in load[bot]["runs"]:
            lines.append(
                f"| {bot} | {run['concurrency']} | {run['messages']} | {run['p50']:.0f} | {run['p95']:.0f} | {run['p99']:.0f} "
                f"| {run['errors']} | {run['peak_rss_mb']:.0f} |"
            )
    lines += [
        "",
        f"Back to back: {CAPACITY_CONCURRENCY} people who never pause, so the server is never idle (its capacity; "
        "latency here is mostly waiting in line).",
        "",
        "| bot | messages | messages/s | server CPU ms per message | p50 ms | p95 ms | errors | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bot in ("passerelle", "stock"):
        run = load[bot]["capacity"]
        lines.append(
            f"| {bot} | {run['messages']} | {run['throughput']:.1f} | {run['cpu_ms_per_message']:.1f} | {run['p50']:.0f} "
            f"| {run['p95']:.0f} | {run['errors']} | {run['peak_rss_mb']:.0f} |"
        )
    ours, stock = load["passerelle"], load["stock"]
    lines += ["", "Per-message time, Passerelle / stock: paced p50 " + ", ".join(
        f"{o['concurrency']}: {o['p50'] / s['p50']:.2f}×" for o, s in zip(ours["runs"], stock["runs"])
    ) + f"; back to back {stock['capacity']['throughput'] / ours['capacity']['throughput']:.2f}× "
        f"(server CPU {ours['capacity']['cpu_ms_per_message'] / stock['capacity']['cpu_ms_per_message']:.2f}×)."]
    lines += [f"Server start: Passerelle {ours['start_seconds']:.0f} s, stock {stock['start_seconds']:.0f} s."]
    lines += [f"Passerelle's path: {ours['path']}; stock's: {stock['path']}."]
    return lines


def table(results: dict) -> str:
    lines: List[str] = []
    if "nlu" in results:
        lines += _nlu_lines(results["nlu"]) + [""]
    if "load" in results:
        lines += _load_lines(results["load"])
    return "\n".join(lines)


def _chart(load: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 4))
    for bot in ("passerelle", "stock"):
        runs = load[bot]["runs"]
        axis.plot([r["concurrency"] for r in runs], [r["p95"] for r in runs], marker="o", label=f"{bot} p95")
        axis.plot([r["concurrency"] for r in runs], [r["p50"] for r in runs], marker=".", linestyle="--", label=f"{bot} p50")
    axis.set_xlabel("people at once (paced)")
    axis.set_ylabel("latency (ms)")
    axis.set_title("Reply latency versus concurrency")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path)


def write(results: dict) -> Path:
    today = dt.date.today().isoformat()
    folder = ROOT / "reports"
    folder.mkdir(exist_ok=True)
    path = folder / f"bench-{today}.md"
    body = [f"# Benchmark, {today}", "", "Produced by `make bench` on this project's 2-core machine.", "", table(results)]
    if "load" in results:
        chart = folder / f"bench-{today}.png"
        _chart(results["load"], chart)
        body += ["", f"![latency versus concurrency]({chart.name})"]
    path.write_text("\n".join(body) + "\n")
    return path
