"""The catalog of experiments (experiments.yaml beside this module), read and checked.

Everything that needs to know what an experiment is (its workload, its
method's name, its baseline, what limits its concurrency...) asks the catalog;
nothing parses an experiment's name. A model of the workload `any` runs each
workload of the config (key `workloads`) whose task it can call: the catalog
`with_workloads(...)` has one experiment for each, named <workload>/<model>.
"""

from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

from concurrency_bench import models, workloads
from concurrency_bench.record.catalog_checks import (
    CatalogError,
    check_references,
    check_shape,
    read_yaml,
)

# Package data beside this module: the catalog is part of what installs.
CATALOG_PATH = Path(str(files(__package__) / "experiments.yaml"))

DEFAULT_PYTHON = "3.11"


@dataclass(frozen=True)
class Experiment:
    name: str
    workload: str
    method: str
    family: str
    origin: str
    baseline: str
    params: tuple
    kind: (
        str  # its kind of model (concurrency_bench.models): what W and the CPUs at work follow from
    )
    options: dict = field(default_factory=dict, hash=False)  # its workload's knobs, checked there
    auto: str = (
        ""  # `auto` workers by another rule than its kind's (concurrency_bench.models.RULES)
    )
    python: str = DEFAULT_PYTHON
    task: str = "sync"  # the task interface a model of `any` calls: sync or async
    model: str = ""  # its script, scripts/<model>.py: the row's name
    instead_of: str = ""  # a library's model: the standard library's it stands in for

    def __post_init__(self):
        if not self.model:
            object.__setattr__(self, "model", self.name)

    @property
    def is_model(self):
        """A model of `any` running one workload: <workload>/<model>."""
        return self.model != self.name

    @property
    def own_start(self):
        """Processes started the model's own way: no start_method to take."""
        return models.of(self).starts_processes and "start_method" not in self.params

    def option(self, name):
        """The row's option `name`, else its workload's default (None if it has none)."""
        declared = workloads.option_of(self.workload, name)
        return self.options.get(name, None if declared is None else declared.default)

    @property
    def is_baseline(self):
        return self.baseline == self.name

    def runs_on(self, version_info):
        """Whether this experiment runs on a Python of `version_info` (3, 13, ...)."""
        return tuple(version_info[:2]) >= tuple(int(part) for part in self.python.split("."))


@dataclass(frozen=True)
class Claim:
    claim: str
    faster: str
    slower: tuple
    threshold: float = 1.0


@dataclass(frozen=True)
class Ablation:
    question: str
    explanation: str
    comparisons: tuple  # (what the ratio compares, first, second)


@dataclass
class Catalog:
    experiments: dict
    claims: list = field(default_factory=list)
    ablations: list = field(default_factory=list)
    path: str = str(CATALOG_PATH)

    def __getitem__(self, name):
        found = self.find(name)
        if found is None:
            raise CatalogError(
                f"{self.path}: no experiment {name!r}; it has {', '.join(self.experiments)}"
            )
        return found

    def __contains__(self, name):
        return self.find(name) is not None

    def find(self, name):
        """The experiment `name`: a row, or <workload>/<model> for a model of
        `any` on a workload of one's own or a built-in one whose task it can
        call (its records name it so, whatever the config says now); None if
        there is none."""
        if name in self.experiments:
            return self.experiments[name]
        workload, _, model = str(name).partition("/")
        row = self.experiments.get(model)
        if row is None or row.workload != workloads.ANY or not workloads.takes(workload, row.task):
            return None
        return instantiate(row, workload)

    def __iter__(self):
        return iter(self.experiments.values())

    def names(self):
        return list(self.experiments)

    def workloads(self, names=None):
        """The workloads of `names` (default: every experiment), in order."""
        names = self.experiments if names is None else names
        return workloads.order(self[n].workload for n in names if n in self)

    def ordered(self, names):
        """`names` (unknown ones left out) by workload, then in the catalog's
        order (a model on your workload at its model's place)."""
        position = {name: i for i, name in enumerate(self.experiments)}
        known = {name for name in names if name in self}
        order = self.workloads(known)
        return sorted(
            known,
            key=lambda name: (order.index(self[name].workload), position[self[name].model], name),
        )

    def with_workloads(self, specs):
        """This catalog and, for each workload of the config (`specs`: the key
        `workloads`), an experiment per model of `any` whose task it has."""
        added = {}
        for workload, spec in (specs or {}).items():
            for model in self:
                if model.workload == workloads.ANY and workloads.takes(workload, model.task, spec):
                    added[f"{workload}/{model.name}"] = instantiate(model, workload)
        return Catalog({**self.experiments, **added}, self.claims, self.ablations, self.path)

    def instance(self, name, workload):
        """The experiment `name` running `workload` (a model of `any`), or the row itself."""
        row = self[name]
        if row.workload != workloads.ANY:
            return row
        return instantiate(row, workload)

    def taking(self, param):
        """The experiments that take the parameter `param` (sweepable)."""
        return [e.name for e in self if param in e.params]


def instantiate(model, workload):
    """A model of `any` running one workload: <workload>/<model>. It takes, and
    can be swept over, the workload's own parameters too (http's n_requests, a
    toy's size): those every experiment of the workload takes."""
    own = [
        parameter.name
        for parameter in workloads.parameters_of(workload)
        if parameter.sweep and not parameter.per_experiment and parameter.name not in model.params
    ]
    return replace(
        model,
        name=f"{workload}/{model.name}",
        workload=workload,
        baseline=f"{workload}/{model.baseline}",
        model=model.name,
        params=(*model.params, *own),
    )


def load(path=CATALOG_PATH, shape_checked=False):
    """The catalog at `path`, its shape and its references checked. A timed
    run's job passes `shape_checked` (its workflow checked the shape before
    any job) and spares jsonschema, 0.08 s of every job; a catalog it cannot
    read is then checked after all, for an error that names the row."""
    data = read_yaml(path)
    if not shape_checked:
        check_shape(data, path)
    try:
        catalog = from_data(data, path)
    except (TypeError, KeyError, AttributeError):
        check_shape(data, path)
        raise
    check_references(catalog)
    return catalog


def from_data(data, path):
    experiments = {
        name: Experiment(
            name=name,
            **{**row, "params": tuple(row["params"]), "options": row.get("options") or {}},
        )
        for name, row in data["experiments"].items()
    }
    return Catalog(
        experiments=experiments,
        claims=[Claim(**{**row, "slower": tuple(row["slower"])}) for row in data.get("claims", [])],
        ablations=[
            Ablation(
                row["question"],
                " ".join(row["explanation"].split()),
                tuple(tuple(c) for c in row["comparisons"]),
            )
            for row in data.get("ablations", [])
        ],
        path=str(path),
    )
