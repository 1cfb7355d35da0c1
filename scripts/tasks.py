"""The article's tasks.py: the tasks its scripts import (`from tasks import ...`).

They live in the package (concurrency_bench/tasks.py), where the workloads and
a workload's profile call them too; this file keeps the article's import.
"""

from concurrency_bench.tasks import (  # noqa: F401 (what the scripts import)
    get_async,
    get_prime_numbers,
    make_request,
    make_request_aiohttp,
    make_request_async,
    parse_links,
    scrape,
    scrape_async,
)
