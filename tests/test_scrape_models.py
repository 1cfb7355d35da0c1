"""The scrape workload under the models of `any`: its task of one page (fetched,
then parsed) and its async twin over one client per event loop, picklable for
worker processes; its session's interface, its links checked; its bound and
sentence for a model's row; and a run of the workflow's models on it."""

import functools
import pickle

import anyio
import pytest
import yaml
from concurrency_bench import tasks, workloads
from concurrency_bench.record.run_record import load_record
from concurrency_bench.report import sentences
from concurrency_bench.run.command_line import parse_args
from concurrency_bench.target import pages
from concurrency_bench.workloads.scrape import SCRAPE

from project import copy_project, run_in
from script_runner import CATALOG
from synthetic import runs_frame, summary_of

MODELS = CATALOG.with_workloads({"scrape": {}})


def page_of(base, num, kb=4):
    return (num, f"{base}/page/{num}?kb={kb}")


def test_the_task_fetches_a_page_then_parses_its_links_passes_times(base, capsys):
    """tasks.scrape: the page's links, as scrape_sync finds them; a page that
    does not answer has none, sync or async (its ERROR line counts it)."""
    assert tasks.scrape(page_of(base, 3), passes=2) == pages.links(3, 4)
    assert tasks.scrape((9, f"{base}/status/404"), passes=2) == []
    assert anyio.run(tasks.scrape_async, (8, f"{base}/status/404")) == []
    out = capsys.readouterr().out
    assert "ERROR request 9: HTTP 404" in out and "ERROR request 8: HTTP 404" in out


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_async_task_shares_one_client_per_event_loop(base, backend, capsys):
    async def three():
        found = [await tasks.scrape_async(page_of(base, num), passes=2) for num in (0, 1, 2)]
        return found, list(tasks.CLIENTS.values())

    first, clients = anyio.run(three, backend=backend)
    second, others = anyio.run(three, backend=backend)
    assert first == second == [pages.links(num, 4) for num in (0, 1, 2)]
    assert len(clients) == len(others) == 1 and clients[0] is not others[0]


def test_the_tasks_pickle_by_reference_for_worker_processes():
    """What the process models send: module-level functions in a partial."""
    for task in (tasks.scrape, tasks.scrape_async):
        partial = functools.partial(task, passes=3, timeout=5.0)
        again = pickle.loads(pickle.dumps(partial))
        assert (again.func, again.keywords) == (task, {"passes": 3, "timeout": 5.0})


def test_every_model_of_any_runs_the_scrape_workload():
    """A sync and an async task: every model, as http's."""
    assert workloads.takes("scrape", "sync") and workloads.takes("scrape", "async")
    for model in (e for e in CATALOG if e.workload == workloads.ANY):
        assert f"scrape/{model.name}" in MODELS.experiments
    # The parse passes too: the same work per page as scrape_sync's, sweepable.
    assert "passes" in MODELS["scrape/process_pool_map"].params


def session_of(name, *options):
    experiment = MODELS[name]
    argv = ["--workload", "scrape", "--n-pages", 3, "--page-kb", 4, "--delay", 0, *options]
    args = parse_args(experiment, SCRAPE, "", [str(a) for a in argv])
    return SCRAPE.session(experiment, args)


@pytest.mark.parametrize(
    "name, options, workers, in_flight",
    [
        ("scrape/joblib_threads", ["--passes", 2, "--in-flight", 4], 4, 4),
        ("scrape/process_pool_map", ["--passes", 2, "--workers", 2], 2, None),
        ("scrape/sync_loop", ["--passes", 2], 1, None),
    ],
)
def test_a_models_session_gives_the_pages_its_tasks_and_a_check_of_their_links(
    name, options, workers, in_flight, capsys
):
    with session_of(name, *options) as setup:
        arguments = setup.arguments
        assert [num for num, _ in arguments["items"]] == [0, 1, 2]
        assert arguments["workers"] == workers and arguments["in_flight"] == workers
        assert (setup.params["workers"], setup.params["in_flight"]) == (workers, in_flight)
        assert setup.params["passes"] == arguments["task"].keywords["passes"] == 2
        results = [arguments["task"](page) for page in arguments["items"]]
        async_results = anyio.run(
            lambda: _gather(arguments["task_async"], arguments["items"]), backend="asyncio"
        )
    assert results == async_results == [pages.links(num, 4) for num in (0, 1, 2)]
    assert setup.check_result(results) is None
    wrong = [results[0], results[1][:-1], results[2]]
    assert f"{name} parsed {len(results[1]) - 1} links of page 1" in setup.check_result(wrong)
    assert "returned 2 pages' links of 3" in setup.check_result(results[:2])


async def _gather(task_async, items):
    return [await task_async(item) for item in items]


def test_a_models_row_is_bounded_and_said_by_its_kind():
    """Threads: the pages in flight, one CPU under the GIL; processes: their
    workers, each fetching and parsing its own on a CPU of its own."""
    runs = runs_frame(
        {
            "scrape/sync_loop": [0.5] * 3,
            "scrape/joblib_threads": [0.1] * 3,
            "scrape/process_pool_map": [0.3] * 3,
        },
        scrape_joblib_threads={"workers": 8},
    )
    rows = {row.experiment: row for row in summary_of(runs).itertuples()}
    threads, processes = rows["scrape/joblib_threads"], rows["scrape/process_pool_map"]
    # 8 pages, 8 at once: one wave of 0.05 s, above 8 x 6 ms of CPU on one CPU.
    assert threads.bound_s == pytest.approx(0.05)
    assert threads.waves_or_cpus == 1
    assert processes.waves_or_cpus == 2  # 2 workers on 2 usable CPUs
    assert processes.bound_s == pytest.approx(4 * (0.05 + 0.006))  # 4 waves of its own
    said = sentences.sentence(threads)
    assert 'joblib.Parallel(prefer="threads") fetched up to 8 pages at once (threads)' in said
    assert "parsed each where it was fetched (at most 1 CPU at work on the parses)" in said
    said = sentences.sentence(processes)
    assert "fetched 2 pages at once, one per worker process" in said
    assert sentences.sentence(rows["scrape/sync_loop"]).startswith(
        "for loop fetched one page at a time"
    )


@pytest.mark.slow
def test_the_models_run_the_scrape_workload_their_links_checked(tmp_path, validator):
    """`workloads: {scrape: {}}` under a thread pool and joblib's threads:
    records of scrape/<model>, ok, each page's links checked (a page made with
    other links than those expected fails the run, saying so)."""
    project = copy_project(tmp_path / "project")
    config = {
        "machine": "scrapes",
        "experiments": ["thread_pool_map", "joblib_threads"],
        "workloads": {"scrape": {}},
        "repeats": 1,
        "min_timed_s": 0,
        "scrape": {"n_pages": 4, "page_kb": 4, "passes": 2, "in_flight": 4},
        "target": {"delay_s": 0.01},
    }
    (project / "scrapes.yaml").write_text(yaml.safe_dump(config))
    # The copy's bench/ (run_in): the check below edits the copy's pages.

    def run(*command):
        return run_in(project, *command)

    result = run("-m", "snakemake", "--cores", "1", "all", "--configfile", "scrapes.yaml")
    assert result.returncode == 0, result.stderr[-3000:]
    runs = project / "results/scrapes/runs/scrape"
    for model in ("thread_pool_map", "joblib_threads"):
        record = load_record(next((runs / model).glob("*.json")), validator)
        assert record["experiment"] == f"scrape/{model}"
        assert record["outcome"] == {"status": "ok", "reason": None}
        assert record["params"]["passes"] == 2 and record["observed"]["tasks"] == 4
    # The check ran on the model's results: the copy's pages expected to hold a link fewer.
    pages_py = project / "src/concurrency_bench/target/pages.py"
    pages_py.write_text(pages_py.read_text().replace('count("<a href=")', 'count("<a href=") - 1'))
    failed = run(
        "scripts/joblib_threads.py",
        *("--workload", "scrape", "--n-pages", 2, "--page-kb", 4, "--delay", 0.01),
        *("--in-flight", 2, "-o", tmp_path / "wrong.json"),
    )
    assert failed.returncode != 0 and not (tmp_path / "wrong.json").exists()
    assert "workload scrape: scrape/joblib_threads parsed" in failed.stderr
