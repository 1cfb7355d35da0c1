"""The pages of the scrape workload: generated HTML, the same for a page's
number and size wherever it is made.

The embedded target serves them (GET /page/{number}?kb=...); the workload
knows, without fetching, which links each holds: what every model's parse
must return. Kept free of imports beyond the standard library, so that the
target and the experiment jobs share it.
"""

import random

# The largest page the target makes, KiB (it keeps each page it made).
MAX_KB = 4096

WORDS = [
    "python",
    "thread",
    "process",
    "event",
    "loop",
    "coroutine",
    "scheduler",
    "interpreter",
    "pool",
    "worker",
    "request",
    "response",
    "socket",
    "kernel",
    "latency",
    "throughput",
    "parse",
    "page",
    "link",
    "market",
    "river",
    "garden",
    "winter",
    "summer",
    "number",
    "table",
    "chart",
    "figure",
    "result",
    "measure",
]


def page(number, kb):
    """HTML of about `kb` KiB: paragraphs of words, a link every few words."""
    rng = random.Random(f"page-{number}")
    size, parts = kb * 1024, ["<!DOCTYPE html>\n<html><head><title>Page ", str(number)]
    parts.append("</title></head>\n<body>\n")
    written, link = sum(map(len, parts)), 0
    while written < size:
        words = []
        for _ in range(rng.randint(20, 60)):
            if rng.random() < 0.12:
                words.append(f'<a href="/item/{number}/{link}">{rng.choice(WORDS)}</a>')
                link += 1
            else:
                words.append(rng.choice(WORDS))
        paragraph = f'<p class="text">{" ".join(words)}</p>\n'
        parts.append(paragraph)
        written += len(paragraph)
    parts.append("</body></html>\n")
    return "".join(parts)


def links(number, kb):
    """The links of page `number`, as its parse must find them, in order."""
    return [f"/item/{number}/{i}" for i in range(page(number, kb).count("<a href="))]
