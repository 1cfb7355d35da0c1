"""What the terminal shows at the end of a successful run (the Snakefile's
onsuccess): the verdict card the report step wrote (results/card.txt, from
concurrency_bench.report.verdict_card), then where the reports are. Light:
it reads a text file, nothing else."""

import os
import sys

CARD = "results/card.txt"
REPORT = "results/report.md"
HTML_REPORT = "results/report.html"


def show_card(card=CARD, stream=None):
    """Print the card, if the report step wrote one, and where the reports are."""
    stream = stream or sys.stdout
    if not os.path.exists(card):
        return
    with open(card) as card_file:
        text = card_file.read().rstrip("\n")
    print("", text, "", sep="\n", file=stream)
    print(f"The report: {REPORT}", file=stream)
    html = "" if os.path.exists(HTML_REPORT) else " (make report-html writes it)"
    print(f"As HTML, with the plots and the code: {HTML_REPORT}{html}", file=stream)
    stream.flush()
