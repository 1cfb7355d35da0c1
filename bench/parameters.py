"""Every run parameter, declared once.

A parameter's type, default and limits live in the config schema
(workflow/schemas/config.schema.yaml), at the key it is set by; this module
declares, once per parameter (in the module of the workload that takes it),
that key, the experiment scripts' command-line option, the key of the record's
`params` that keeps its value and the column of runs.csv. Everything else derives from these declarations: the scripts'
argparse options, the workflow's command lines, the overwrite guard that
compares a record's params with the config, the runs table and the by-hand
check.
"""

import argparse
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CONFIG_SCHEMA = Path(__file__).resolve().parent.parent / "workflow/schemas/config.schema.yaml"


@dataclass(frozen=True)
class Parameter:
    name: str  # runs.csv's column, and how sweeps and the catalog's `params` name it
    config: str  # its key in config.yaml; `*` stands for the workload's name
    option: str  # the experiment scripts' option
    record: str  # the key of the record's params that keeps the value asked for
    help: str = ""
    # A flag is given without a value (true) or left out (false).
    flag: bool = False
    # Taken only by the experiments whose catalog row lists it in `params`;
    # the others are taken by every experiment of the workload.
    per_experiment: bool = False
    # Compared by the overwrite guard with a record's params (bench.guard):
    # false for a setting older records lack, or one compared its own way.
    guarded: bool = True
    # The record's params key of the value used (`record` keeps the one asked
    # for, e.g. workers 'auto'): runs.csv's column `name` is read from it.
    used_key: str = ""

    @property
    def used(self):
        return self.used_key or self.name

    @property
    def schema(self):
        return schema_at(self.config) if self.config else {}

    @property
    def default(self):
        return self.schema.get("default")

    def config_value(self, config, workload=None):
        """The value `config` sets (None: not set, the script's default applies)."""
        if self.config is None:
            return None
        value = config
        for key in self.config.split("."):
            key = workload if key == "*" else key
            if not isinstance(value, dict) or key not in value:
                return self.default
            value = value[key]
        return value

    def add_to(self, parser):
        """This parameter's option, its type and limits from the schema."""
        help_text = self.help or " ".join(str(self.schema.get("description", "")).split())
        if self.flag:
            parser.add_argument(self.option, action="store_true", help=help_text)
            return
        parser.add_argument(
            self.option,
            type=argparse_type(self.schema, self.option) if self.config else str,
            default=self.default,
            help=f"{help_text} (config: {self.config}; default: {self.default})"
            if self.config
            else help_text,
        )


@cache
def config_schema():
    with open(CONFIG_SCHEMA) as schema_file:
        return yaml.safe_load(schema_file)


def resolve(node, root):
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def schema_at(dotted):
    """The schema of a config key, e.g. io.timeout_s or workloads.*.workers."""
    root = config_schema()
    node = root
    for key in dotted.split("."):
        node = resolve(node, root)
        node = node["additionalProperties"] if key == "*" else node["properties"][key]
    return resolve(node, root)


def config_default(dotted):
    """The schema's default of a config key, e.g. analysis.max_cv."""
    return schema_at(dotted)["default"]


def argparse_type(schema, option):
    """Parse and check a command-line value as the schema would check the config's."""
    choices = [resolve(c, config_schema()) for c in schema.get("oneOf", [schema])]

    def parse(text):
        for choice in choices:
            if "const" in choice and text == str(choice["const"]):
                return choice["const"]
            if "enum" in choice and text in map(str, choice["enum"]):
                return text
            kind = {"integer": int, "number": float}.get(_type_of(choice))
            if kind is None and _type_of(choice) == "string":
                return text
            if kind is None:
                continue
            try:
                value = kind(text)
            except ValueError:
                continue
            low, strictly = choice.get("minimum"), False
            if "exclusiveMinimum" in choice:
                low, strictly = choice["exclusiveMinimum"], True
            if low is not None and (value < low or (strictly and value == low)):
                relation = ">" if strictly else ">="
                raise argparse.ArgumentTypeError(f"must be {relation} {low}, got {text}")
            high = choice.get("maximum")
            if high is not None and value > high:
                raise argparse.ArgumentTypeError(f"must be <= {high}, got {text}")
            return value
        allowed = " or ".join(describe(choice) for choice in choices)
        raise argparse.ArgumentTypeError(f"{text!r} is not {allowed}")

    return parse


def describe(choice):
    """'auto', 'an integer >= 1', 'one of fork, spawn': what a value may be."""
    if "const" in choice:
        return repr(choice["const"])
    if "enum" in choice:
        return f"one of {', '.join(map(str, choice['enum']))}"
    kind = {"integer": "an integer", "number": "a number"}.get(_type_of(choice), "a value")
    if "minimum" in choice:
        return f"{kind} >= {choice['minimum']}"
    if "exclusiveMinimum" in choice:
        return f"{kind} > {choice['exclusiveMinimum']}"
    return kind


def _type_of(choice):
    kind = choice.get("type")
    if isinstance(kind, list):
        return next((k for k in kind if k != "null"), None)
    return kind


def p(name, config, option, record=None, **more):
    return Parameter(name, config, option, record or name, **more)
