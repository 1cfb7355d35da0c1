"""A parameter or a measured field is declared once, in its workload's package
(concurrency_bench.core.declarations), and the rest follows from it (concurrency_bench.record.parameters): the config's
schema and what a sweep may run over, the record's schema, runs.csv's and
summary.csv's columns. A toy workload added as one package of its own takes
a parameter under a config section of its own, with no other file edited."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from concurrency_bench import workloads
from concurrency_bench.core.declarations import DeclarationError, Parameter
from concurrency_bench.record import parameters
from concurrency_bench.record.run_record import make_validator
from jsonschema import Draft202012Validator
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from project import REPO, copy_project, dry_run
from synthetic import make_record, yours

TOY = '''
"""A toy workload: `size` toys a run, each weighed before the timed region."""

from concurrency_bench.core.declarations import f, p
from concurrency_bench.workloads.base import Workload
from concurrency_bench.workloads.shared import WORKERS_ASKED, pool_workers


class Toy(Workload):
    name = "toy"
    order = 9
    label = "Toys"
    what = "toys"
    sections = {"toy": "the toy workload"}
    parameters = (
        p(
            "size",
            "toy.size",
            "--size",
            schema={"type": "integer", "minimum": 1, "maximum": 10, "default": 3,
                    "description": "toys per run"},
            sweep=True,
            summary=True,
        ),
        pool_workers("toy.workers", "processes of the toy pools"),
    )
    fields = (*WORKERS_ASKED, f("weight_g", {"type": ["number", "null"], "minimum": 0}, measured=True))


WORKLOAD = Toy()
'''


def toy_package(folder, text=TOY):
    """src/concurrency_bench/workloads/toy.py, in a folder of its own."""
    (folder / "toy").mkdir(parents=True)
    (folder / "toy/__init__.py").write_text(text)
    return folder


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The built-in workloads with the toy among them, found as any other."""
    folder = toy_package(tmp_path / "workloads")
    monkeypatch.setattr(workloads, "__path__", [*workloads.__path__, str(folder)])
    monkeypatch.setattr(workloads, "BUILT_IN", workloads.built_in())
    yield workloads.BUILT_IN["toy"]
    sys.modules.pop("concurrency_bench.workloads.toy", None)
    if hasattr(workloads, "toy"):
        delattr(workloads, "toy")


def validated(config, tmp_path):
    """`config` as the workflow validates it: Snakemake's validate() on the
    composed schema's file, its defaults set."""
    validate(config, parameters.write_config_schema(tmp_path / "config.schema.yaml"))
    yaml.safe_dump(config)  # plain mappings all through, as the report quotes them
    return config


def test_a_toy_parameter_is_set_in_its_own_section_with_its_default(toy, tmp_path):
    assert validated({"toy": {"size": 5}}, tmp_path)["toy"] == {"size": 5, "workers": "auto"}
    config = validated({}, tmp_path)
    assert config["toy"] == {"size": 3, "workers": "auto"}
    assert config["io"]["n_requests"] == 100  # the others' sections as before
    assert parameters.schema_at("toy.size")["description"] == "toys per run"
    assert parameters.config_default("toy.size") == 3
    assert parameters.config_schema()["properties"]["toy"]["description"] == "the toy workload"


@pytest.mark.parametrize(
    "section, said",
    [
        ({"size": 0}, ["size", "minimum"]),
        ({"size": "three"}, ["size", "not of type 'integer'"]),
        ({"sise": 3}, ["sise", "Additional properties"]),
    ],
)
def test_a_bad_toy_value_is_refused_naming_its_key(toy, tmp_path, section, said):
    with pytest.raises(WorkflowError) as refused:
        validated({"toy": section}, tmp_path)
    for name in said:
        assert name in str(refused.value)


def test_a_toy_parameter_can_be_swept_over_its_own_values(toy, tmp_path):
    param = parameters.config_schema()["properties"]["sweeps"]["additionalProperties"]
    assert "size" in param["properties"]["param"]["enum"]
    assert "size" in parameters.sweepable()
    sweep = {"experiments": ["cpu-bound_sync"], "param": "size", "values": [1, 2]}
    validated({"sweeps": {"s": sweep}}, tmp_path)
    for values, said in [([1.5], "not of type 'integer'"), ([11], "maximum")]:
        with pytest.raises(WorkflowError, match=said):
            validated({"sweeps": {"s": {**sweep, "values": values}}}, tmp_path)


def toy_record(**params):
    record = make_record("cpu-bound_sync")
    return {**record, "workload": "toy", "params": {"n_tasks": 3, "size": 3, **params}}


def test_a_toy_record_is_checked_by_its_fields(toy):
    validator = make_validator()
    assert not list(validator.iter_errors(toy_record(weight_g=1.5)))
    for bad in ({"size": 0}, {"weight_g": -1}):
        (problem,) = validator.iter_errors(toy_record(**bad))
        assert list(problem.path) == ["params", *bad]


def test_a_toy_field_reaches_runs_and_summary_columns(toy):
    assert parameters.run_columns()["size"] == "size"
    assert parameters.run_columns()["weight_g"] == "weight_g"
    assert "size" in parameters.columns_of("integer")
    assert "weight_g" in parameters.columns_of("number")
    assert "size" in parameters.summary_columns()
    assert "weight_g" not in parameters.summary_columns()
    assert toy.declared[-1].measured and not toy.declared[-1].summary


# What a process that finds the toy package at import says of it: the analysis's
# tables take their columns from the declarations when they are imported.
AT_IMPORT = """
import json, sys
import concurrency_bench.workloads
concurrency_bench.workloads.__path__.append(sys.argv[1])
concurrency_bench.workloads.BUILT_IN = concurrency_bench.workloads.built_in()
from concurrency_bench.analysis import runs, summary, sweeps
from concurrency_bench.record.run_record import make_validator
from synthetic import make_record, yours
record = make_record("cpu-bound_sync")
record = {**record, "workload": "toy", "params": {"n_tasks": 3, "size": 4, "weight_g": 2.0}}
problems = [e.message for e in make_validator().iter_errors(record)]
row = runs.flatten(record)
print(json.dumps({
    "problems": problems,
    "row": [row["size"], row["weight_g"]],
    "columns": "size" in runs.COLUMNS and "weight_g" in runs.COLUMNS,
    "integers": "size" in runs.INTEGER_COLUMNS,
    "summary": "size" in summary.PARAMETERS and "size" in summary.INTEGER_COLUMNS,
    "sweeps": sweeps.VALUE_COLUMNS.get("size"),
    "built_in": list(concurrency_bench.workloads.BUILT_IN),
}))
"""


def test_a_toy_package_found_at_import_reaches_the_tables(tmp_path):
    folder = toy_package(tmp_path / "workloads")
    paths = [REPO / "src", REPO / "scripts", REPO / "tests"]
    result = subprocess.run(
        [sys.executable, "-c", AT_IMPORT, folder],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": ":".join(map(str, paths)), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    said = json.loads(result.stdout)
    assert said["problems"] == []
    assert said["row"] == [4, 2.0]
    assert said["columns"] and said["integers"] and said["summary"]
    assert said["sweeps"] == "size"
    assert said["built_in"] == ["http", "sieve", "scrape", "toy"]  # in their order


def test_a_name_declared_twice_otherwise_is_refused(tmp_path, monkeypatch):
    """The toy's own `workers`, kept in the record as text, is not the others'."""
    other = textwrap.dedent(
        """
        p("workers", "toy.workers", "--workers", "workers_requested",
          schema={"type": "integer"}, recorded={"type": "string"})
        """
    )
    text = TOY.replace('pool_workers("toy.workers", "processes of the toy pools")', other)
    folder = toy_package(tmp_path / "workloads", text)
    monkeypatch.setattr(workloads, "__path__", [*workloads.__path__, str(folder)])
    monkeypatch.setattr(workloads, "BUILT_IN", workloads.built_in())
    try:
        with pytest.raises(DeclarationError, match="toy's workers"):
            parameters.config_schema()
    finally:
        sys.modules.pop("concurrency_bench.workloads.toy", None)


def every_declaration():
    return [
        (workload.name or "function", declared)
        for workload in parameters.families()
        for declared in workload.declared
    ]


def test_every_field_is_declared_once():
    """A name is one field wherever it is declared (its record key and schema,
    its column and dtype); a parameter in several workloads is one parameter
    (option, record keys, whether and over what it is swept), each workload's
    config key its own; a config key and a record key belong to one name."""
    fields, kinds, config_keys, record_keys = {}, {}, {}, {}
    for workload, declared in every_declaration():
        fields.setdefault(declared.name, set()).add(json.dumps(declared.as_field()))
        if isinstance(declared, Parameter):
            kinds.setdefault(declared.name, set()).add(json.dumps(declared.as_parameter()))
            if declared.config:
                config_keys.setdefault(declared.config, set()).add(repr(declared))
        else:
            kinds.setdefault(declared.name, set()).add("a field")
        record_keys.setdefault(declared.key, set()).add(declared.name)
    for found in (fields, kinds, config_keys, record_keys):
        assert not {name: said for name, said in found.items() if len(said) > 1}
    assert set(parameters.declarations()) == set(fields)


def test_each_parameter_keeps_its_asked_value_under_a_declared_key():
    for workload in parameters.families():
        keys = {declared.key for declared in workload.declared}
        for parameter in workload.parameters:
            assert parameter.record in keys, (workload.name, parameter.name)


def test_every_key_a_record_keeps_is_declared():
    """The synthetic records' params (one per workload, as the sessions write
    them) hold no key that no workload declares."""
    declared = {d.key for d in parameters.declarations().values()}
    for experiment in ("io-bound_sync", "cpu-bound_parallel_1", "scrape_sync", yours("threads")):
        assert set(make_record(experiment)["params"]) <= declared, experiment


def test_the_base_schemas_leave_the_workloads_to_their_declarations():
    """config.schema.yaml holds no workload section nor sweepable parameter,
    run.schema.yaml no params key: each is declared in its workload's package."""
    config = yaml.safe_load(parameters.CONFIG_SCHEMA.read_text())
    sections = {p.config.split(".")[0] for _, p in every_declaration() if getattr(p, "config", "")}
    assert sections - {"workloads"} == {"io", "target", "cpu", "scrape"}
    assert not sections - {"workloads"} & set(config["properties"])
    assert "properties" not in config["properties"]["workloads"]["additionalProperties"]
    sweep = config["properties"]["sweeps"]["additionalProperties"]
    assert "enum" not in sweep["properties"]["param"] and "allOf" not in sweep
    run = yaml.safe_load(parameters.RUN_SCHEMA.read_text())
    assert "properties" not in run["properties"]["params"]


def test_the_composed_schemas_are_valid_json_schemas(tmp_path):
    Draft202012Validator.check_schema(parameters.config_schema())
    Draft202012Validator.check_schema(parameters.record_schema())
    written = parameters.write_config_schema(tmp_path / "schema.yaml")
    assert yaml.safe_load(Path(written).read_text()) == parameters.config_schema()


def test_the_built_in_workloads_listed_for_the_models_are_those_that_give_a_task():
    specs = parameters.config_schema()["properties"]["workloads"]
    assert set(specs["properties"]) == {"http", "sieve", "scrape"}
    assert specs["propertyNames"]["not"]["enum"] == ["any"]


@pytest.mark.slow
def test_the_workflow_takes_a_toy_workloads_section_and_refuses_a_bad_value(tmp_path):
    """In a project whose src/concurrency_bench/workloads/ has the toy's package and nothing
    else changed, Snakemake validates the config's toy section."""
    project = copy_project(tmp_path / "project")
    toy_package(project / "src/concurrency_bench/workloads")
    taken = dry_run(project, {"toy": {"size": 4}})
    assert taken.returncode == 0, (taken.stdout + taken.stderr)[-2000:]
    refused = dry_run(project, {"toy": {"size": 0}})
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    for name in ("toy", "size", "minimum"):
        assert name in said, said[-2000:]
