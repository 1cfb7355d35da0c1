"""src/concurrency_bench/models/__init__.py: a model's kind is one object. Every catalog row names a
known kind; each kind has one rule for `auto` workers (the article's
cpu_count() - 1 is only for the article's own scripts, as their rows say);
the CPUs a kind keeps at work follow the GIL; and nothing downstream decides
by comparing a kind's name."""

import dataclasses
import re
import sys
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from concurrency_bench import models, workloads
from concurrency_bench.record import catalog, catalog_checks

from project import REPO
from script_runner import CATALOG

KINDS = ("sync", "threads", "processes", "interpreters", "coroutines", "greenlets", "cluster")


# --- the catalog names them ----------------------------------------------------------


def test_every_catalog_row_names_a_known_kind():
    for experiment in CATALOG:
        assert models.of(experiment).name == experiment.kind, experiment.name
    assert tuple(models.KINDS) == KINDS
    assert {e.kind for e in CATALOG} == set(KINDS)  # each kind has a row


def test_the_schema_allows_the_kinds_and_nothing_else():
    schema = yaml.safe_load(catalog_checks.SCHEMA_PATH.read_text())
    row = schema["properties"]["experiments"]["additionalProperties"]["properties"]
    assert row["kind"]["enum"] == list(models.KINDS)
    assert row["auto"]["enum"] == list(models.RULES)


def test_the_libraries_rows_name_their_own_kinds():
    """gevent's greenlets and dask's cluster are kinds of their own, no longer
    coroutines and processes by another family's name."""
    assert CATALOG["gevent_pool"].kind == "greenlets"
    assert CATALOG["dask_distributed"].kind == "cluster"


@pytest.mark.parametrize("kind, auto", [("fibers", ""), ("threads", "half")])
def test_a_job_without_jsonschema_refuses_an_unknown_kind_or_rule(
    kind, auto, tmp_path, monkeypatch
):
    """The catalog's own checks name the row's kind or `auto` where the schema
    is not there to (a job's interpreter without jsonschema)."""
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    data = yaml.safe_load(catalog.CATALOG_PATH.read_text())
    data["experiments"]["cpu-bound_concurrent_1"].update(kind=kind, auto=auto)
    path = tmp_path / "experiments.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(catalog.CatalogError) as refused:
        catalog.load(path)
    field = "kind" if kind == "fibers" else "auto"
    assert f"experiments/cpu-bound_concurrent_1/{field}: no " in str(refused.value)


# --- `auto`: one rule per kind -----------------------------------------------------------


def test_each_kind_has_one_auto_rule_the_sync_loop_one():
    rules = {kind.name: kind.auto.name for kind in models.KINDS.values()}
    assert rules == {"sync": "one", **dict.fromkeys(KINDS[1:], "usable CPUs")}
    assert all(kind.auto is not models.ARTICLE for kind in models.KINDS.values())


@pytest.mark.parametrize("name", KINDS[1:])
def test_auto_is_the_usable_cpus_and_a_number_is_taken_as_set(name, monkeypatch):
    monkeypatch.setattr(models, "usable_cpus", lambda: 3)
    kind = models.of(name)
    assert kind.resolve_workers("auto") == (3, "auto: the usable CPUs (3)")
    assert kind.resolve_workers(None) == (3, "auto: the usable CPUs (3)")
    assert kind.resolve_workers("4") == (4, "set: 4")
    assert kind.resolve_workers(2) == (2, "set: 2")


def test_the_sync_loop_is_one_whatever_is_asked():
    for requested in ("auto", None, "4", 8):
        assert models.SYNC.resolve_workers(requested) == (1, "sync: one task at a time")


@pytest.mark.parametrize("rule", [models.USABLE_CPUS, models.ARTICLE])
@pytest.mark.parametrize("requested", ["0", "-2", "many", "1.5", ""])
def test_invalid_workers_is_refused_naming_the_value(rule, requested):
    """A --workers that is neither 'auto' nor a number >= 1 stops the run with
    a message naming the option and the value, by every rule that takes one."""
    with pytest.raises(SystemExit) as refused:
        rule.resolve(requested)
    assert "--workers" in str(refused.value.code)
    assert repr(requested) in str(refused.value.code)


@pytest.mark.parametrize("count", [2, 4, 17])
def test_the_articles_rule_is_cpu_count_minus_one(monkeypatch, count):
    """The article's cpu_count() - 1, and the reason says how it was worked out."""
    monkeypatch.setattr(models, "cpu_count", lambda: count)
    workers, reason = models.ARTICLE.resolve("auto")
    assert workers == count - 1
    assert reason == f"auto: cpu_count() - 1 = {count} - 1"
    assert models.ARTICLE.resolve("3") == (3, "set: 3")


def test_the_articles_rule_on_one_cpu_is_raised_to_one(monkeypatch):
    """On a 1-CPU machine the article's 0 workers (a ValueError in Pool) becomes 1."""
    monkeypatch.setattr(models, "cpu_count", lambda: 1)
    workers, reason = models.ARTICLE.resolve("auto")
    assert workers == 1
    assert "raised to the minimum of 1" in reason


# The article's sieve scripts, and those that ablate or check them against it.
ARTICLES_RULE = {
    "cpu-bound_parallel_1",
    "cpu-bound_parallel_2",
    "cpu-bound_parallel_3",
    "cpu-bound_parallel_4",
    "cpu-bound_parallel_5",
    "cpu-bound_concurrent_1",
}


def test_the_articles_scripts_keep_cpu_count_minus_one(monkeypatch):
    """Only the article's own scripts and those derived from them to ablate or
    check them take the article's rule: their ratios compare the same workers."""
    monkeypatch.setattr(models, "cpu_count", lambda: 5)
    taking = {e.name for e in CATALOG if models.rule_of(e) is models.ARTICLE}
    assert taking == ARTICLES_RULE
    assert {CATALOG["cpu-bound_parallel_1"].origin, CATALOG["cpu-bound_parallel_2"].origin} == {
        "article"
    }
    compared = {name for a in CATALOG.ablations for _, *pair in a.comparisons for name in pair}
    compared |= {name for c in CATALOG.claims for name in (c.faster, *c.slower)}
    for name in taking:
        row = CATALOG[name]
        assert row.origin == "article" or name in compared, name
        args = SimpleNamespace(workers="auto")
        assert models.of(row).in_flight(row, args) == (4, "auto: cpu_count() - 1 = 5 - 1")


def test_the_models_on_the_sieve_take_the_usable_cpus(monkeypatch):
    """A model of `any` running the sieve has its kind's rule, as on every
    other workload: the usable CPUs."""
    monkeypatch.setattr(models, "usable_cpus", lambda: 3)
    monkeypatch.setattr(models, "cpu_count", lambda: 5)
    for name in ("process_pool_map", "interpreter_pool_map", "dask_distributed"):
        row = CATALOG.instance(name, "sieve")
        assert models.rule_of(row) is models.USABLE_CPUS
        got = models.of(row).in_flight(row, SimpleNamespace(workers="auto"))
        assert got == (3, "auto: the usable CPUs (3)")


def test_in_flight_is_one_the_cap_or_the_workers():
    args = SimpleNamespace(workers="2", in_flight=8)
    sync, threads = CATALOG["sync_loop"], CATALOG["thread_pool_map"]
    assert models.of(sync).in_flight(sync, args, noun="page") == (1, "sync: one page at a time")
    assert models.of(threads).in_flight(threads, args) == (8, "in_flight: 8 tasks at once")
    processes = CATALOG["process_pool_map"]
    assert models.of(processes).in_flight(processes, args) == (2, "set: 2")


# --- the CPUs at work, the GIL on and off ---------------------------------------------------


@pytest.mark.parametrize(
    "name, gil_on, gil_off",
    [
        ("sync", 1, 1),
        ("threads", 1, 2),  # a free-threaded build: the threads in parallel
        ("processes", 2, 2),
        ("interpreters", 2, 2),
        ("coroutines", 1, 1),  # one thread, whatever the GIL does
        ("greenlets", 1, 1),
        ("cluster", 2, 2),
    ],
)
def test_cpus_at_work_with_the_gil_on_and_off(name, gil_on, gil_off):
    """4 workers on 2 usable CPUs; an unknown GIL (builds before 3.13) is on."""
    kind = models.of(name)
    assert kind.cpus_at_work(4, 2, gil_enabled=True) == gil_on
    assert kind.cpus_at_work(4, 2, gil_enabled=None) == gil_on
    assert kind.cpus_at_work(4, 2, gil_enabled=False) == gil_off
    assert kind.cpus_at_work(1, 2, gil_enabled=False) == 1
    assert kind.cpus_at_work(4, pd.NA, gil_enabled=False) == (4 if gil_off > 1 else 1)


def test_the_nouns_and_what_each_kind_shares():
    units = {kind.name: kind.unit for kind in models.KINDS.values()}
    assert units == {
        "sync": "process",
        "threads": "thread",
        "processes": "worker process",
        "interpreters": "interpreter",
        "coroutines": "coroutine",
        "greenlets": "greenlet",
        "cluster": "worker",
    }
    assert models.PROCESSES.units == "worker processes" and models.THREADS.units == "threads"
    shares = {k.name for k in models.KINDS.values() if k.shares_the_gil}
    assert shares == {"sync", "threads", "coroutines", "greenlets"}
    turns = {k.name for k in models.KINDS.values() if k.takes_turns}
    assert turns == {"sync", "coroutines", "greenlets"}
    assert {k.name for k in models.KINDS.values() if k.pickles} == {
        "processes",
        "interpreters",
        "cluster",
    }
    assert {k.name for k in models.KINDS.values() if k.gil_bound} == {"threads"}
    assert [k.name for k in models.KINDS.values() if k.is_sync] == ["sync"]


def test_of_reads_a_row_of_any_shape():
    row = {"kind": "threads"}
    series = pd.Series(row)
    (as_tuple,) = pd.DataFrame([row]).itertuples()
    for thing in ("threads", row, series, as_tuple, CATALOG["thread_pool_map"]):
        assert models.of(thing) is models.THREADS
    with pytest.raises(ValueError, match="no kind of model 'one'"):
        models.of("one")


def test_a_bound_takes_w_and_the_cpus_from_the_model():
    """A user's function: a cluster, as processes, pays for sending the items;
    sub-interpreters, in the same process, do not (the profile measures pipes)."""
    function = workloads.family("a-workload-of-yours")
    row = {"workers": 4, "usable_cpus": 2, "gil_enabled": True, "cpu_share": 1.0}
    row |= {"n_tasks": 64, "transfer_s": 1e-5}
    for kind, bound in (("cluster", 4.0 + 64e-5), ("interpreters", 4.0), ("greenlets", 8.0)):
        assert function.bound({**row, "kind": kind}, 8.0)[0] == pytest.approx(bound), kind


def test_a_scrape_of_threads_without_the_gil_parses_on_its_threads():
    """Threads fetching pages, with no pool of workers, on a free-threaded
    build: their parses on min(in flight, usable CPUs)."""
    row = CATALOG["scrape_threads"]
    summary_row = {"kind": row.kind, "cpu_step": row.option("cpu_step"), "in_flight": 4}
    summary_row |= {"workers": None, "usable_cpus": 2, "gil_enabled": False, "n_tasks": 8}
    summary_row |= {"delay_s": 0.0, "rtt_s": 0.0, "passes": 1, "parse_pass_s": 0.1}
    bound_s, cpus = workloads.family("scrape").bound(summary_row, float("nan"))
    assert cpus == 2 and bound_s == pytest.approx(8 * 0.1 / 2)


# --- nothing downstream compares a kind's name ------------------------------------------------

# Where the kind is only asked for: the analysis library and its rule scripts,
# the workloads and their say modules, the runtime that reads the catalog.
KIND_FREE = ["workflow/scripts/**/*.py", "src/concurrency_bench/**/*.py"]
# A kind's name, or a concurrency model's of before there were kinds (but
# n_requests, the parameter, and sync, a task interface and a method's name).
NAMES = "|".join([*KINDS[1:], "one", "thread_pool", "process_pool", "connection_pool"])
COMPARED = re.compile(
    rf"""[!=]=\s*["']({NAMES})["']|["']({NAMES})["']\s*[!=]="""
    rf"""|\bin\s*[(\[{{]\s*["']({NAMES})["']|\.isin\(\s*\[\s*["']({NAMES})["']"""
    r"""|concurrency_model|\bkind\s*[!=]=\s*["']|["']kind["']\]\s*[!=]="""
)


def kind_free_files():
    found = {path for pattern in KIND_FREE for path in REPO.glob(pattern)}
    return sorted(found - {REPO / "src/concurrency_bench/models/__init__.py"})


def test_no_kind_is_compared_as_a_string_downstream():
    """No analysis module, rule script, workload or say module decides by a
    kind's name (or the old concurrency's): it asks the kind (concurrency_bench.models)."""
    files = kind_free_files()
    assert any(path.name == "sentences.py" for path in files)
    assert any(path.name == "say.py" for path in files)
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if COMPARED.search(line)
    ]
    assert not found, "a kind compared by its name:\n" + "\n".join(found)


def test_the_grep_finds_what_it_looks_for():
    caught = [
        'if row.concurrency_model == "one":',
        'row["concurrency_model"] == "threads"',
        'experiment.concurrency == "processes"',
        "'coroutines' != how",
        'how in ("processes", "interpreters")',
        'runs["kind"].isin(["processes", "interpreters"])',
        'if row.kind == "greenlets":',
        'first["kind"] != "cluster"',
    ]
    for line in caught:
        assert COMPARED.search(line), line
    for line in [
        'task == "sync"',
        'row.cpu_step != "same"',
        'experiment.option("at_once") == "pool"',
        "kind.is_sync",
        'row["concurrency_reason"]',
        "int(row.concurrency)",  # the summary's count of tasks at once
    ]:
        assert not COMPARED.search(line), line


def test_a_row_made_by_hand_is_of_its_kind_and_hashable():
    """A row's options are a dict, left out of its hash: a row stays hashable."""
    row = dataclasses.replace(CATALOG["io-bound_concurrent_3"], options={"at_once": "connections"})
    assert {row, CATALOG["io-bound_concurrent_3"]}
    assert models.of(row) is models.COROUTINES
    assert row.option("reuses_connections") is False  # its workload's default
