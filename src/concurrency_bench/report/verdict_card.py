"""The verdict card: one row per workload run (the article's I/O-bound and
CPU-bound workloads, then each workload the models of `any` ran, built-in or
the user's), saying which model to use there, or which models tie, or that
nothing beats the sync loop; its median, its speedup against the sync loop
with the 95% CI, its peak memory, and why in a few measured words. Every
number is summary.csv's; the decision is the one the workload's section
words (concurrency_bench.analysis.choice). The report opens with it
(sections/card.py) and the terminal shows it as plain text (results/card.txt)
at the end of a run."""

import re

import pandas as pd

from concurrency_bench import models, workloads
from concurrency_bench.analysis import choice, ties
from concurrency_bench.analysis.peak_memory import format_mib
from concurrency_bench.report import workload_pages
from concurrency_bench.report.workload_ranking import cpus
from concurrency_bench.words import format_seconds, format_speedup, interval, with_unit

# The header of the plain-text card's columns.
COLUMNS = ("workload", "answer", "median", "speedup (95% CI)", "peak memory", "why")


def anchor(heading):
    """The link to a Markdown heading, as GitHub and MkDocs slug it:
    'I/O-bound' -> '#io-bound'."""
    slug = re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-")
    return f"#{slug}"


def workloads_run(summary):
    """[(the heading of its section, its rows)]: the article's workloads
    (section 'tables'), then each workload the models ran (section
    'your_workloads'), in the workloads' order."""
    article = summary[summary["origin"] == "article"]
    ran = summary[summary["origin"].isin(workload_pages.ORIGINS)]
    return [
        (workloads.label(name), article[article["workload"] == name])
        for name in workloads.order(article["workload"].unique())
    ] + [
        (workload_pages.heading(name), ran[ran["workload"] == name])
        for name in workloads.order(ran["workload"].unique())
    ]


def names(rows):
    return ", ".join(f"`{row.experiment}`" for row in rows)


def answer(decided, shown):
    """The model to use, the models tied, or that nothing beats the sync loop."""
    if decided.case == choice.ONLY_ONE:
        return f"only one model ran ({names(decided.chosen)})"
    others = [row for row in decided.chosen if row.experiment != row.baseline]
    if decided.sync_unbeaten:
        if others:
            return f"nothing beats the sync loop: it ties with {names(others)}"
        return f"nothing beats the sync loop (`{shown.experiment}`)"
    if len(decided.chosen) > 1:
        return f"tie: {names(decided.chosen)}; put `{shown.experiment}` first"
    return f"use `{shown.experiment}` ({shown.method}{workload_pages.on_build(shown)})"


def speedup_of(row):
    ci = interval(row.speedup_ci_low, row.speedup_ci_high, format_speedup)
    return f"{format_speedup(row.speedup)} ({ci})"


def sending(row, facts):
    """What a process pool's parent spends sending the items and receiving
    the results, where the calibration measured it; None elsewhere."""
    if not models.of(row).starts_processes or pd.isna(facts["transfer_s"]):
        return None
    if pd.isna(facts["n_tasks"]):
        return None
    return f"sending items {with_unit(facts['n_tasks'] * facts['transfer_s'])}"


def because(row, rows):
    """'1.9 CPUs busy, waits 2%, sending items 0.7 ms': the parallelism the
    model reached, the share of the task's time spent waiting, and what its
    items cost to send."""
    facts = workload_pages.profile(rows)
    said = [
        "CPUs busy not measured" if pd.isna(row.parallelism) else f"{cpus(row.parallelism)} busy"
    ]
    if not pd.isna(facts["cpu_share"]):
        said.append(f"waits {100 * (1 - min(facts['cpu_share'], 1.0)):.0f}%")
    cost = sending(row, facts)
    if cost:
        said.append(cost)
    return ", ".join(said)


def card_row(heading, rows, practical_tie):
    decided = choice.decide(rows, practical_tie)
    if not decided.ranked:
        return None
    shown = choice.first(decided, practical_tie)
    # Where nothing beats the sync loop, its speedup is 1 by definition: the
    # best other model's tells by how much the others lost.
    compared = shown
    if shown.experiment == shown.baseline and decided.runner_up is not None:
        compared = decided.runner_up
    speedup = speedup_of(compared)
    if compared is not shown:
        speedup = f"best other `{compared.experiment}`: {speedup}"
    return {
        "label": heading,
        "anchor": anchor(heading),
        "case": decided.case,
        "experiment": shown.experiment,
        "chosen": [row.experiment for row in decided.chosen],
        "compared": compared.experiment,
        "sync_unbeaten": decided.sync_unbeaten,
        "answer": answer(decided, shown),
        "median": f"{format_seconds(shown.median_s)} s",
        "speedup": speedup,
        "memory": f"{format_mib(shown.get('memory_peak_kib', float('nan')))} MiB",
        "why": because(shown, rows)
        + ("" if compared is shown else f"; the best other {cpus(compared.parallelism)} busy"),
    }


def card(summary, practical_tie=ties.DEFAULT):
    """The card's rows, one per workload run with a measured model."""
    rows = (card_row(*found, practical_tie) for found in workloads_run(summary))
    return [row for row in rows if row is not None]


def plain_text(rows, machine):
    """The card for the terminal: a line per workload, columns aligned."""
    lines = [f"concurrency-bench on {machine}: which model to use", ""]
    table = [COLUMNS] + [
        tuple(
            str(row[key]).replace("`", "")
            for key in ("label", "answer", "median", "speedup", "memory", "why")
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS) - 1)]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths)]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    lines += [
        "",
        "speedup: the sync loop's median time over the model's, with its 95% bootstrap CI",
    ]
    return "\n".join(lines) + "\n"


def write_plain_text(summary, config, machine, output):
    """results/card.txt, for the terminal (concurrency_bench.workflow.finish)."""
    rows = card(summary, config["analysis"]["practical_tie"])
    with open(output, "w") as card_file:
        card_file.write(plain_text(rows, machine))
