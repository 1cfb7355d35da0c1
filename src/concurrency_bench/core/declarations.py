"""How a run's fields are declared (each workload's `fields` module declares
its own with these), each once, in the package of the workload that has it.

A field is a key of a run record's `params` and runs.csv's column of it: its
JSON schema in the record, the column's dtype, whether summary.csv carries
it, whether its value is measured before the timed region rather than given.
A parameter is a field the config sets (or the workflow gives): its key there
and its JSON schema (type, default, limits, description), the experiment
scripts' option, the record's key of the value asked for, whether it can be
swept. concurrency_bench.record.parameters composes the config's and the
record's schemas and the tables' columns from them; here only what one
declaration says.
"""

import argparse
from dataclasses import dataclass, field

# runs.csv's dtypes of a field's column.
DTYPES = ("integer", "number", "string", "boolean")
# What a schema says of a value, not its default nor its description.
VALUE_KEYWORDS = (
    "type",
    "const",
    "enum",
    "oneOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
)


class DeclarationError(ValueError):
    """Declarations that contradict each other, or one that says too little."""


@dataclass(frozen=True, kw_only=True)
class Field:
    """A key of the record's params (the value used), and its column."""

    name: str  # runs.csv's column, and how sweeps and the catalog's `params` name it
    key: str = ""  # the record's params key it is read from (default: its name)
    # Its JSON schema in the record's params ({}: not checked there).
    recorded: dict | None = None
    dtype: str = ""  # runs.csv's: integer, number, string, boolean (default: recorded's)
    column: bool = True  # runs.csv has it
    summary: bool = False  # summary.csv carries it: its value in an experiment's first run
    # Found out before the timed region (measured on this machine, or 'auto'
    # resolved), not given as it is.
    measured: bool = False

    def __post_init__(self):
        if not self.key:
            object.__setattr__(self, "key", self.name)
        if self.recorded is None:
            object.__setattr__(self, "recorded", self.recorded_by_default())
        if not self.dtype:
            object.__setattr__(self, "dtype", dtype_of(self.typed()))
        if self.dtype not in DTYPES:
            raise DeclarationError(f"{self.name}: dtype {self.dtype!r} is not one of {DTYPES}")

    def recorded_by_default(self):
        raise DeclarationError(f"{self.name}: a field says its schema in the record")

    def typed(self):
        """The schema its column's dtype follows."""
        return self.recorded

    def as_field(self):
        """What it says as a field, the same wherever its name is declared."""
        return {name: getattr(self, name) for name in Field.__dataclass_fields__}


@dataclass(frozen=True, kw_only=True)
class Parameter(Field):
    """A field the config sets (or the workflow gives), by the scripts' option."""

    config: str | None = None  # its key in config.yaml; `*` stands for the workload's name
    option: str = ""  # the experiment scripts' option
    # Its JSON schema at the config key: type, default, limits, description.
    schema: dict = field(default_factory=dict)
    record: str = ""  # the key of the record's params that keeps the value asked for
    help: str = ""
    # A flag is given without a value (true) or left out (false).
    flag: bool = False
    # Taken only by the experiments whose catalog row lists it in `params`;
    # the others are taken by every experiment of the workload.
    per_experiment: bool = False
    # Compared by the overwrite guard with a record's params (concurrency_bench.workflow.guard):
    # false for a setting older records lack, or one compared its own way.
    guarded: bool = True
    # A sweep may run it over values (config `sweeps.<name>.param`) ...
    sweep: bool = False
    # ... and sweeping it leaves the work the same (the workers, not the
    # tasks): the main runs' sync time is then a fair baseline.
    same_work: bool = False

    def __post_init__(self):
        super().__post_init__()
        if not self.record:
            object.__setattr__(self, "record", self.key)
        if self.sweep:
            sweep_values(self.schema, self.name)  # refuse one that cannot say its values

    def recorded_by_default(self):
        """Kept in the record as the config checks it, but for its default."""
        return value_schema(self.schema)

    def typed(self):
        return self.recorded or self.schema

    @property
    def default(self):
        return self.schema.get("default")

    def given(self, args):
        """Its value in the scripts' parsed options (None: not an option of this run)."""
        return getattr(args, self.option.lstrip("-").replace("-", "_"), None)

    def as_parameter(self):
        """What it says as a parameter, the same in each workload that has it
        (its config key and schema are each workload's own)."""
        own = ("config", "schema", "help")
        return {
            **{name: getattr(self, name) for name in type(self).__dataclass_fields__},
            **dict.fromkeys(own),
            "values": sweep_values(self.schema, self.name) if self.sweep else None,
        }

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
        """This parameter's option, its type and limits from its schema."""
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


def value_schema(schema):
    """What `schema` says of a value: its type and limits."""
    return {key: value for key, value in schema.items() if key in VALUE_KEYWORDS}


def sweep_value_text(value):
    """How a swept value appears in paths, on the command line and in tables: 4, 0.05, spawn."""
    return value if isinstance(value, str) else f"{value:g}"


def sweep_values(schema, name=""):
    """The schema of a swept value: the config's, but never null nor a named
    setting ('auto'): each point of a sweep runs a value of its own."""
    choices = [
        choice
        for choice in schema.get("oneOf", [schema])
        if "const" not in choice and choice.get("type") != "null"
    ]
    if len(choices) != 1:
        raise DeclarationError(f"{name}: a swept parameter's schema has one kind of value")
    values = value_schema(choices[0])
    if isinstance(values.get("type"), list):
        types = [name for name in values["type"] if name != "null"]
        values["type"] = types[0] if len(types) == 1 else types
    return values


def dtype_of(schema):
    """The column's dtype of values of `schema`: its type, but null; text for the others."""
    types = []
    for choice in schema.get("oneOf", [schema]):
        named = choice.get("type")
        types += named if isinstance(named, list) else [named] if named else []
    types = [name for name in types if name != "null"]
    return types[0] if types and types[0] in DTYPES else "string"


def argparse_type(schema, option):
    """Parse and check a command-line value as the schema would check the config's."""
    choices = schema.get("oneOf", [schema])

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


def asked(parameters, args, *names):
    """{the record's key of the value asked for: that value} of the parameters
    `names` of `parameters`, as the scripts' parsed options `args` give them."""
    by_name = {parameter.name: parameter for parameter in parameters}
    return {by_name[name].record: by_name[name].given(args) for name in names}


def p(name, config, option, record="", **more):
    """A parameter: its name, config key, option and, where it differs from the
    key of the value used, the record's key of the value asked for."""
    return Parameter(name=name, config=config, option=option, record=record, **more)


def f(name, recorded, **more):
    """A field only recorded (derived or measured): its name and its schema there."""
    return Field(name=name, recorded=recorded, **more)
