"""src/concurrency_bench/record/catalog.py and src/concurrency_bench/record/experiments.yaml: the one place that says what
each experiment is. The catalog loads and agrees with scripts/; a bad catalog
is refused naming the file and the place; and no other part of the project
names an experiment."""

import copy
import sys
from pathlib import Path

import pytest
import yaml
from concurrency_bench import workloads
from concurrency_bench.record import catalog

from project import REPO
from script_runner import CATALOG, SCRIPTS

# Where an experiment's name must never be written: what experiments there
# are is the catalog's to say.
NAME_FREE = ["workflow/scripts", "workflow/rules", "src"]
NAME_FREE_FILES = ["report/*.j2"]
# A rule script only reads its inputs and calls the analysis library.
RULE_SCRIPT_MAX_LINES = 80


def test_the_catalog_loads_with_every_experiment_claim_and_ablation():
    loaded = catalog.load()
    assert loaded.path == str(catalog.CATALOG_PATH)
    assert loaded.names() and loaded.claims and loaded.ablations
    for experiment in loaded:
        assert isinstance(experiment, catalog.Experiment)
        assert experiment.workload in (*workloads.BUILT_IN, workloads.ANY)
        assert experiment.method


def test_the_articles_seven_are_in_the_catalog():
    """The article's seven experiments, on its two workloads."""
    article = [e for e in CATALOG if e.origin == "article"]
    assert len(article) == 7
    assert {e.workload for e in article} == {"http", "sieve"}


def test_every_row_has_a_script_and_every_script_a_row():
    scripts = {path.stem for path in SCRIPTS.glob("*.py")} - {"tasks"}
    assert scripts == set(CATALOG.names())


def test_every_baseline_is_its_own_baseline_of_the_same_workload():
    for experiment in CATALOG:
        baseline = CATALOG[experiment.baseline]
        assert baseline.is_baseline, experiment.name
        assert baseline.workload == experiment.workload, experiment.name
    # Each workload has a baseline, and it is the first of its workload in the catalog.
    for workload in (*workloads.BUILT_IN, workloads.ANY):
        first = next(e for e in CATALOG if e.workload == workload)
        assert first.is_baseline, workload


def test_claims_and_ablations_name_only_catalog_experiments():
    for claim in CATALOG.claims:
        for name in (claim.faster, *claim.slower):
            assert name in CATALOG, claim.claim
    for ablation in CATALOG.ablations:
        for _, first, second in ablation.comparisons:
            assert first in CATALOG and second in CATALOG, ablation.question
            assert CATALOG[first].workload == CATALOG[second].workload, ablation.question


def test_ordered_puts_the_built_in_workloads_first_then_the_catalogs_order():
    """ordered(): by workload, then as in the catalog; names it does not have left out."""
    names = ["cpu-bound_parallel_2", "io-bound_gone", "cpu-bound_sync", "io-bound_concurrent_3"]
    assert CATALOG.ordered(names) == [
        "io-bound_concurrent_3",
        "cpu-bound_sync",
        "cpu-bound_parallel_2",
    ]


def test_taking_lists_the_experiments_of_a_parameter():
    """taking(): the experiments whose params include the one asked for."""
    workers = CATALOG.taking("workers")
    assert workers and all(CATALOG[name].workload != "http" for name in workers)
    assert set(CATALOG.taking("n_requests")) == {e.name for e in CATALOG if e.workload == "http"}
    assert CATALOG.taking("colour") == []


def test_the_catalog_is_package_data_read_by_default():
    """The catalog installs with the package: load() reads it, wherever the
    package is, with no path into a checkout."""
    found = catalog.load()
    assert Path(found.path) == catalog.CATALOG_PATH
    assert catalog.CATALOG_PATH.parent == Path(catalog.__file__).parent
    assert found.names() == CATALOG.names()


def test_an_unknown_experiment_is_a_catalog_error_naming_the_file():
    with pytest.raises(catalog.CatalogError, match="no experiment 'io-bound_gone'") as refused:
        CATALOG["io-bound_gone"]
    assert CATALOG.path in str(refused.value)


# --- a bad catalog ----------------------------------------------------------------


def catalog_data():
    return yaml.safe_load(catalog.CATALOG_PATH.read_text())


def set_in(data, where, value):
    """Set data[where[0]][where[1]]... = value."""
    *path, last = where
    for key in path:
        data = data[key]
    data[last] = value


BAD = {
    "unknown field": (
        ["experiments", "io-bound_sync", "colour"],
        "blue",
        ["experiments/io-bound_sync", "'colour' was unexpected"],
    ),
    "unknown workload": (
        ["experiments", "io-bound_sync", "workload"],
        "gpu",
        ["experiments/io-bound_sync/workload", "no workload 'gpu'"],
    ),
    "missing baseline": (
        ["experiments", "io-bound_concurrent_1", "baseline"],
        "io-bound_gone",
        ["experiments/io-bound_concurrent_1/baseline", "no experiment 'io-bound_gone'"],
    ),
    "baseline of another workload": (
        ["experiments", "io-bound_concurrent_1", "baseline"],
        "cpu-bound_sync",
        ["experiments/io-bound_concurrent_1/baseline", "cpu-bound_sync is of another workload"],
    ),
    "baseline not its own": (
        ["experiments", "io-bound_concurrent_2", "baseline"],
        "io-bound_concurrent_1",
        ["experiments/io-bound_concurrent_2/baseline", "not a baseline"],
    ),
    "claim naming an unknown experiment": (
        ["claims", 1, "faster"],
        "io-bound_gone",
        ["claims/1/faster", "no experiment 'io-bound_gone'"],
    ),
    "claim slower than an unknown experiment": (
        ["claims", 0, "slower"],
        ["io-bound_sync", "io-bound_gone"],
        ["claims/0/slower/1", "no experiment 'io-bound_gone'"],
    ),
    "ablation naming an unknown experiment": (
        ["ablations", 0, "comparisons", 1, 2],
        "cpu-bound_gone",
        ["ablations/0/comparisons/1", "no experiment 'cpu-bound_gone'"],
    ),
    "unknown kind": (
        ["experiments", "io-bound_sync", "kind"],
        "fibers",
        ["experiments/io-bound_sync/kind", "'fibers' is not one of"],
    ),
    "unknown rule of auto": (
        ["experiments", "cpu-bound_parallel_1", "auto"],
        "half",
        ["experiments/cpu-bound_parallel_1/auto", "'half' is not one of"],
    ),
    "an option its workload lacks": (
        ["experiments", "cpu-bound_sync", "options"],
        {"at_once": "pool"},
        ["experiments/cpu-bound_sync/options/at_once", "not an option of its workload"],
    ),
    "an option's value it does not take": (
        ["experiments", "io-bound_concurrent_2", "options"],
        {"at_once": "fleet"},
        ["experiments/io-bound_concurrent_2/options/at_once", "'fleet' is not"],
    ),
    "a yes-or-no option given a number": (
        ["experiments", "io-bound_sync_2", "options"],
        {"reuses_connections": 1},
        ["experiments/io-bound_sync_2/options/reuses_connections", "1 is not True or False"],
    ),
    "an I/O model that does not say how it caps its requests": (
        ["experiments", "io-bound_concurrent_1", "options"],
        {},
        ["experiments/io-bound_concurrent_1/options", "at_once"],
    ),
    "a connection pool without its limit": (
        ["experiments", "io-bound_concurrent_3", "options"],
        {"at_once": "connections"},
        ["experiments/io-bound_concurrent_3/options", "connection_limit"],
    ),
    "a pool of a kind without an executor": (
        ["experiments", "io-bound_concurrent_3", "options"],
        {"at_once": "pool"},
        ["experiments/io-bound_concurrent_3/options", "coroutines has no executor"],
    ),
    "a row without its method": (
        ["experiments", "cpu-bound_sync"],
        {
            "workload": "sieve",
            "family": "sync",
            "origin": "article",
            "baseline": "cpu-bound_sync",
            "params": [],
            "kind": "sync",
        },
        ["experiments/cpu-bound_sync", "'method' is a required property"],
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_catalog_is_refused_naming_the_file_and_the_place(case, tmp_path):
    where, value, said = BAD[case]
    data = copy.deepcopy(catalog_data())
    set_in(data, where, value)
    path = tmp_path / "experiments.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(catalog.CatalogError) as refused:
        catalog.load(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: "), message
    for part in said:
        assert part in message, message


@pytest.mark.parametrize(
    "content, said",
    [("experiments: [unclosed", "not valid YAML"), (None, "cannot be read")],
    ids=["not-yaml", "missing"],
)
def test_an_unreadable_catalog_is_refused_naming_the_file(content, said, tmp_path):
    path = tmp_path / "experiments.yaml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(catalog.CatalogError, match=said) as refused:
        catalog.load(path)
    assert str(path) in str(refused.value)


# --- the catalog is the one place -------------------------------------------------


def name_free_files():
    files = [
        path
        for folder in NAME_FREE
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file()
        and not {"__pycache__", "schemas"} & set(path.parts)
        and path != catalog.CATALOG_PATH  # the catalog; the config's defaults (schemas) name some
    ]
    return files + [path for pattern in NAME_FREE_FILES for path in sorted(REPO.glob(pattern))]


def test_no_experiment_is_named_outside_the_catalog():
    """What experiments there are is the catalog's to say: no rule, rule script,
    analysis module, runtime module or report template names one."""
    files = name_free_files()
    assert any(path.name == "report.md.j2" for path in files)
    assert any(path.suffix == ".smk" for path in files)
    assert any(path.name == "harness.py" for path in files)
    named = [
        f"{path.relative_to(REPO)}: {name}"
        for path in files
        for name in CATALOG.names()
        if name in path.read_text(errors="replace")
    ]
    assert not named, "experiments named outside the catalog:\n" + "\n".join(named)


def test_rule_scripts_are_thin():
    """Each rule script (workflow/scripts/*.py) reads its inputs and calls the
    analysis library: under 80 lines."""
    scripts = sorted((REPO / "workflow/scripts").glob("*.py"))
    assert scripts
    long = [
        f"{path.name}: {lines} lines"
        for path in scripts
        if (lines := len(path.read_text().splitlines())) >= RULE_SCRIPT_MAX_LINES
    ]
    assert not long, long


def test_scripts_holds_only_the_experiments_and_their_tasks():
    """scripts/: the catalog's experiment scripts and tasks.py, nothing else
    (the shared runtime is the bench package)."""
    allowed = {f"{name}.py" for name in CATALOG.names()} | {"tasks.py"}
    found = {path.name for path in SCRIPTS.iterdir() if path.name != "__pycache__"}
    assert found - allowed == set()


def test_a_job_without_jsonschema_still_reads_the_catalog(monkeypatch):
    """Where jsonschema cannot be installed (PyPy: its rpds-py needs Rust), a
    job reads the catalog the workflow already checked, its references still
    checked."""
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # import jsonschema fails
    loaded = catalog.load()
    assert loaded.names() == CATALOG.names()
