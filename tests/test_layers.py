"""The package's layers point one way (pyproject.toml's import-linter
contracts, checked by `lint-imports`), and its import graph has no cycle,
the modules it loads through importlib included: a lazy import inside a
function only hides a cycle until someone calls it first."""

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from project import REPO, copy_project, run_in
from script_runner import run_under

PACKAGE = "concurrency_bench"
SOURCE = REPO / "src" / PACKAGE
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(source_root):
    """`lint-imports` with the project's contracts on the package under `source_root`."""
    return subprocess.run(
        [LINT_IMPORTS, "--config", REPO / "pyproject.toml", "--no-cache"],
        cwd=REPO,
        env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layers_contracts_hold():
    result = lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imports", "broken"),
    [
        # A timed run that reached up into the report.
        ("run/costs.py", "concurrency_bench.report import render", "The runtime never imports"),
        # What a workload says, borrowing the analysis's words.
        (
            "workloads/sieve/say.py",
            "concurrency_bench.analysis import stats",
            "Layers point one way",
        ),
        # A benchmark job that would load pandas before its timed region.
        ("record/run_record.py", "pandas import DataFrame", "no data-analysis library"),
    ],
)
def test_a_contract_fails_when_an_import_points_the_wrong_way(tmp_path, module, imports, broken):
    copy = tmp_path / "src"
    shutil.copytree(SOURCE, copy / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / PACKAGE / module
    path.write_text(path.read_text() + f"\n\ndef wrong_way():\n    from {imports}\n")
    result = lint_imports(copy)
    assert result.returncode != 0, result.stdout[-3000:]
    assert broken in result.stdout.split("Broken contracts")[1]


# --- what importlib loads, as edges of the graph -------------------------------------------


def is_package(module):
    return (SOURCE.parent / module.replace(".", "/") / "__init__.py").exists()


def dynamic_imports(graph):
    """{loader: the modules it loads through importlib}: the sections package
    each of its modules; the workloads package each workload; the analysis
    each workload's `say` module; the report each workload's studies."""
    workloads = f"{PACKAGE}.workloads"
    each_workload = {m for m in graph.find_children(workloads) if is_package(m)}
    inside = {m for workload in each_workload for m in graph.find_children(workload)}
    return {
        f"{PACKAGE}.report.sections": graph.find_children(f"{PACKAGE}.report.sections"),
        workloads: each_workload,
        f"{PACKAGE}.analysis.says": {m for m in inside if m.endswith(".say")},
        f"{PACKAGE}.report.study_sections": {m for m in inside if is_package(m)},
    }


# Modules that load what the user or a record names (a task's file, a
# package's public names, a traced task's module), never the package's own.
LOADS_OTHERS = {
    f"{PACKAGE}.workloads.references",
    f"{PACKAGE}.interpreters.packages",
    f"{PACKAGE}.core.traced",
}


def import_graph():
    graph = grimp.build_graph(PACKAGE)
    for loader, loaded in dynamic_imports(graph).items():
        for module in loaded:
            graph.add_import(importer=loader, imported=module)
    return graph


def importlib_callers():
    """Every module of the package that calls importlib.import_module."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "import_module"
                and isinstance(node.value, ast.Name)
                and node.value.id == "importlib"
            ):
                parts = path.relative_to(SOURCE.parent).with_suffix("").parts
                found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_module_that_loads_by_name_is_known():
    """A new importlib call is either a loader of the package's own modules,
    whose edges the cycle test follows, or loads only what the user names."""
    unknown = importlib_callers() - set(dynamic_imports(grimp.build_graph(PACKAGE))) - LOADS_OTHERS
    assert not unknown, f"importlib loads modules here, unknown to this test: {sorted(unknown)}"


def layer_order():
    """{layer: its height}, from the layers contract (0 the lowest)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    layers = reversed(contract["layers"])
    return {name.strip(): height for height, line in enumerate(layers) for name in line.split("|")}


def test_what_importlib_loads_is_never_above_its_loader():
    """A module loaded by name is in its loader's layer or below it: nothing
    reaches around the order the contracts enforce."""
    height = layer_order()
    for loader, loaded in dynamic_imports(grimp.build_graph(PACKAGE)).items():
        assert loaded, f"{loader} loads nothing: the test no longer sees its modules"
        for module in loaded:
            assert height[module.split(".")[1]] <= height[loader.split(".")[1]], (loader, module)


def find_cycle(graph):
    """One cycle of {module: imported modules} as [a, b, ..., a], or None."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_find_cycle_names_the_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_every_kind_of_import():
    """Edges the cycle test relies on: a function's import, `from package
    import module`, and each kind of load through importlib."""
    graph = import_graph()
    imports = graph.find_modules_directly_imported_by
    assert f"{PACKAGE}.tasks" in imports(f"{PACKAGE}.workloads.references")  # in a function
    assert f"{PACKAGE}.workloads" in imports(f"{PACKAGE}.record.catalog")
    assert f"{PACKAGE}.workloads.http" in imports(f"{PACKAGE}.workloads")
    assert f"{PACKAGE}.workloads.sieve.say" in imports(f"{PACKAGE}.analysis.says")
    assert f"{PACKAGE}.workloads.http.scale" in imports(f"{PACKAGE}.report.study_sections")
    assert f"{PACKAGE}.report.sections.claims" in imports(f"{PACKAGE}.report.sections")


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


# --- a cheap parse -------------------------------------------------------------------------

# What Snakemake's parse of the rules must not load: the heavy libraries the
# analysis, the plots and the report use, and those layers themselves (on a
# cluster every job parses the workflow again).
HEAVY = ("scipy", "matplotlib", "seaborn")
PARSE_FREE = tuple(f"{PACKAGE}.{layer}" for layer in ("analysis", "plots"))
LOADED_AT_PARSE = """
import atexit, json, runpy, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules))))
sys.argv = ["snakemake", "all", "-n", "--cores", "1"]
runpy.run_module("snakemake", run_name="__main__")
"""


@pytest.mark.slow
def test_snakemakes_parse_loads_no_analysis_and_writes_only_under_snakemake(tmp_path):
    project = copy_project(tmp_path / "project")
    before = {p for p in project.rglob("*") if ".snakemake" not in p.parts}
    result = run_in(project, "-c", LOADED_AT_PARSE)
    assert result.returncode == 0, result.stderr[-3000:]
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("MODULES ")]
    modules = json.loads(line.removeprefix("MODULES "))
    assert f"{PACKAGE}.report.sections" in modules  # the sections declared their inputs
    loaded = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(PARSE_FREE)]
    assert not loaded, f"the parse loaded {loaded[:10]}"
    # Of the report, only what declares the sections (theirs and the studies').
    declaring = tuple(f"{PACKAGE}.report.{m}" for m in ("section", "sections", "study_sections"))
    report = [m for m in modules if m.startswith(f"{PACKAGE}.report.")]
    assert all(m.startswith(declaring) for m in report), report
    after = {p for p in project.rglob("*") if ".snakemake" not in p.parts}
    written = sorted(str(p.relative_to(project)) for p in after - before)
    assert not [w for w in written if "__pycache__" not in w], written


# --- a light job ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["cpu-bound_parallel_1", "--start", "100", "--stop", "300", "--workers", "2"],
        ["io-bound_concurrent_3", "--n-requests", "3", "--delay", "0.01"],
        ["thread_pool_map", "--workload", "sieve", "--start", "100", "--stop", "200"],
    ],
)
def test_a_timed_run_loads_no_data_analysis_library(tmp_path, host, command):
    """A benchmark job imports what its run needs: no pandas, numpy, scipy,
    matplotlib, seaborn or jsonschema (the catalog's shape is the workflow's
    to check), whose import would add to every job's own cost."""
    experiment, *args = command
    record, loaded = run_under(sys.executable, REPO, experiment, *args, cwd=tmp_path, host=host)
    assert "concurrency_bench" in loaded and record["outcome"]["status"] == "ok"
    heavy = loaded & {"pandas", "numpy", "scipy", "matplotlib", "seaborn", "jsonschema"}
    assert not heavy, f"a timed run loaded {sorted(heavy)}"
