"""Every run parameter and record field, declared once, and what follows from them.

Each workload's package declares the fields its runs take and keep
(concurrency_bench.core.declarations): a parameter's config key and its schema there (type, default,
limits, description), its option, the record's keys, runs.csv's column and
its dtype, whether it can be swept; a field its session derives or measures.
Composed from them here: the config's schema (src/concurrency_bench/record/schemas/
config.schema.yaml holds the rest: the workloads' sections, the user's
workloads' keys and the sweeps' parameters are added), the run record's
(run.schema.yaml: its params' properties added), the columns runs.csv and
summary.csv keep of them, and what a sweep may run over. The scripts'
argparse options, the workflow's command lines, the overwrite guard and the
by-hand check read the declarations too.
"""

import copy
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from concurrency_bench import workloads
from concurrency_bench.core.atomic import write_text_atomically
from concurrency_bench.core.declarations import DeclarationError, Parameter, sweep_values
from concurrency_bench.core.yaml_files import SAFE_DUMPER, read_yaml

# Package data beside this module.
SCHEMAS = files(__package__) / "schemas"
CONFIG_SCHEMA = SCHEMAS / "config.schema.yaml"
RUN_SCHEMA = SCHEMAS / "run.schema.yaml"
# The composed config schema, for Snakemake's validate() (which reads a file):
# under the working directory's .snakemake/, written by workflow/rules/common.smk.
COMPOSED_CONFIG_SCHEMA = Path(".snakemake/schemas/config.schema.yaml")
# A section of the config that a parameter's key names and the base schema lacks.
SECTION = {"type": "object", "additionalProperties": False, "default": {}}


def families():
    """The workloads that declare fields: the built-in ones, and a user's."""
    return (*workloads.BUILT_IN.values(), workloads.function.FUNCTION)


def declarations():
    """{name: its declaration}: every field of every workload, once per name,
    the parameters first; DeclarationError where two of them disagree."""
    return _declarations(families())


@cache
def _declarations(families):
    found, by_key, by_config = {}, {}, {}
    for workload in families:
        keys = {declared.key for declared in workload.declared}
        for declared in workload.declared:
            where = f"{workload.name or 'a workload of the config'}'s {declared.name}"
            first = found.setdefault(declared.name, declared)
            if first.as_field() != declared.as_field():
                raise DeclarationError(f"{where}: declared otherwise before: {first}")
            if isinstance(first, Parameter) != isinstance(declared, Parameter) or (
                isinstance(declared, Parameter) and first.as_parameter() != declared.as_parameter()
            ):
                raise DeclarationError(f"{where}: another parameter of this name: {first}")
            if by_key.setdefault(declared.key, declared.name) != declared.name:
                raise DeclarationError(f"{where}: record key {declared.key!r} is another field's")
            if not isinstance(declared, Parameter):
                continue
            if declared.record not in keys:
                raise DeclarationError(f"{where}: no field of record key {declared.record!r}")
            if declared.config and by_config.setdefault(declared.config, declared) != declared:
                raise DeclarationError(f"{where}: config key {declared.config} declared twice")
    parameters = {name: d for name, d in found.items() if isinstance(d, Parameter)}
    return {**parameters, **found}


def sweepable():
    """{name: parameter} of those a sweep may run over (config `sweeps.*.param`)."""
    return {name: d for name, d in declarations().items() if getattr(d, "sweep", False)}


def run_columns():
    """{runs.csv column: the record's params key it is read from}."""
    return {name: d.key for name, d in declarations().items() if d.column}


def columns_of(dtype):
    """runs.csv's columns of one dtype (integer, number, string, boolean)."""
    return [name for name, d in declarations().items() if d.column and d.dtype == dtype]


def summary_columns():
    """The fields summary.csv carries, each as in an experiment's first run."""
    return [name for name, d in declarations().items() if d.summary]


# --- the composed schemas ---------------------------------------------------------------


def config_schema():
    """src/concurrency_bench/record/schemas/config.schema.yaml with every workload's parameters
    (their sections, the user's workloads' keys) and the sweeps' parameters.
    Shared: read it, never change it."""
    return _config_schema(families())


@cache
def _config_schema(families):
    root = read_yaml(CONFIG_SCHEMA)
    declared = _declarations(families)
    for workload in families:
        for section, description in workload.sections.items():
            node(root, [section])["description"] = description
        for parameter in workload.parameters:
            if parameter.config:
                *path, key = parameter.config.split(".")
                properties = node(root, path).setdefault("properties", {})
                properties[key] = copy.deepcopy(parameter.schema)
    add_sweeps(root, {n: d for n, d in declared.items() if getattr(d, "sweep", False)})
    add_built_in(root["properties"]["workloads"], families)
    return root


def node(root, path):
    """The schema of the config key `path` (a list of keys; `*` for any name),
    made a section of its own where the base schema has none."""
    found = root
    for key in path:
        if key == "*":
            found = found.setdefault("additionalProperties", copy.deepcopy(SECTION))
        else:
            found = found.setdefault("properties", {}).setdefault(key, copy.deepcopy(SECTION))
    return found


def add_sweeps(root, sweepable):
    """A sweep's `param` is one of the sweepable parameters, and its values are
    values of that parameter (whole numbers for counts, a start method...)."""
    sweep = root["properties"]["sweeps"]["additionalProperties"]
    sweep["properties"]["param"]["enum"] = list(sweepable)
    sweep["allOf"] = [
        {
            "if": {"properties": {"param": {"const": name}}},
            "then": {"properties": {"values": {"items": sweep_values(parameter.schema, name)}}},
        }
        for name, parameter in sweepable.items()
    ]


def add_built_in(specs, families):
    """A built-in workload listed under `workloads` runs under the models of
    `any` (empty: its parameters are its own sections'); one that gives them
    no task cannot be listed there."""
    for workload in families:
        if workload.name not in workloads.BUILT_IN:
            continue
        if any(workload.gives(task, {}) for task in ("sync", "async")):
            specs.setdefault("properties", {})[workload.name] = {"type": ["object", "null"]}
        else:
            specs["propertyNames"]["not"]["enum"].append(workload.name)


def write_config_schema(path=COMPOSED_CONFIG_SCHEMA):
    """Write the composed config schema to `path` (only when it changed, and
    never half a file); its absolute path, for Snakemake's validate(). YAML:
    Snakemake reads a JSON schema's objects as OrderedDicts, and the defaults
    it sets from them would then be OrderedDicts in the config."""
    path = Path(path).resolve()
    text = yaml.dump(config_schema(), Dumper=SAFE_DUMPER, sort_keys=False, width=100)
    if not path.exists() or path.read_text() != text:
        write_text_atomically(path, text)
    return str(path)


def record_schema():
    """src/concurrency_bench/record/schemas/run.schema.yaml with the params every workload's
    fields declare. Shared: read it, never change it."""
    return _record_schema(families())


@cache
def _record_schema(families):
    root = read_yaml(RUN_SCHEMA)
    properties = root["properties"]["params"].setdefault("properties", {})
    for declared in _declarations(families).values():
        if declared.recorded:
            properties[declared.key] = copy.deepcopy(declared.recorded)
    return root


def resolve(found, root):
    while "$ref" in found:
        found = root["$defs"][found["$ref"].rsplit("/", 1)[1]]
    return found


def schema_at(dotted):
    """The schema of a config key, e.g. io.timeout_s or workloads.*.workers."""
    root = config_schema()
    found = root
    for key in dotted.split("."):
        found = resolve(found, root)
        found = found["additionalProperties"] if key == "*" else found["properties"][key]
    return resolve(found, root)


def config_default(dotted):
    """The schema's default of a config key, e.g. analysis.max_cv."""
    return schema_at(dotted)["default"]
