"""scrape_sync: each page fetched, then parsed, one after another.

The baseline of the scraping scenario the article starts from: the requests'
waits and the parses' CPU add up, task after task.
"""

from concurrency_bench.run.harness import run_experiment

from tasks import make_request, parse_links


def main(pages, passes, timeout):
    return [parse_links(make_request(num, url, timeout, keep=True), passes) for num, url in pages]


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
