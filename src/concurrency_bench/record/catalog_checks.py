"""The catalog's checks: its shape against its schema, and its references (a
baseline, a claim's or an ablation's experiments, a row's params and options:
what its workload accepts), each refusal naming the file and the row."""

from importlib.resources import files

import yaml

from concurrency_bench import workloads
from concurrency_bench.core import yaml_files

SCHEMA_PATH = files(__package__) / "schemas" / "experiments.schema.yaml"


class CatalogError(ValueError):
    """A catalog that cannot be used; the message names the file and the row."""


def read_yaml(path):
    try:
        return yaml_files.read_yaml(path)
    except OSError as error:
        raise CatalogError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: not valid YAML ({error})") from None


def check_shape(data, path):
    """The catalog against its schema. The workflow checks it before any job;
    a job's interpreter without jsonschema (PyPy, where jsonschema's rpds-py
    needs a Rust build) checks its references only."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        return
    validator = Draft202012Validator(read_yaml(SCHEMA_PATH))
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if problems:
        where = "/".join(map(str, problems[0].path)) or "(top level)"
        raise CatalogError(f"{path}: {where}: {problems[0].message}")


def named(catalog, name, where):
    """The experiment `name`; CatalogError naming the file and `where` it was given."""
    if name not in catalog:
        raise CatalogError(
            f"{catalog.path}: {where}: no experiment {name!r}; it has {', '.join(catalog.names())}"
        )
    return catalog[name]


def check_references(catalog):
    """Every name a row, claim or ablation gives must be an experiment of the
    same workload, a baseline must be its own baseline, and a row's params
    must be parameters of its workload."""
    for experiment in catalog:
        check_workload(catalog, experiment)
        baseline = named(catalog, experiment.baseline, f"experiments/{experiment.name}/baseline")
        where = f"{catalog.path}: experiments/{experiment.name}/baseline"
        if baseline.workload != experiment.workload:
            raise CatalogError(f"{where}: {baseline.name} is of another workload")
        if not baseline.is_baseline:
            raise CatalogError(f"{where}: {baseline.name} is not a baseline (its own)")
        if experiment.instead_of:
            check_instead_of(catalog, experiment)
    for i, claim in enumerate(catalog.claims):
        named(catalog, claim.faster, f"claims/{i}/faster")
        for j, name in enumerate(claim.slower):
            named(catalog, name, f"claims/{i}/slower/{j}")
    for i, ablation in enumerate(catalog.ablations):
        for j, (_, first, second) in enumerate(ablation.comparisons):
            where = f"ablations/{i}/comparisons/{j}"
            if named(catalog, first, where).workload != named(catalog, second, where).workload:
                raise CatalogError(
                    f"{catalog.path}: ablation {ablation.question!r}: {first} and "
                    f"{second} are of different workloads"
                )


def check_instead_of(catalog, experiment):
    """A library's model stands in for a model of the same workload and task."""
    where = f"experiments/{experiment.name}/instead_of"
    other = named(catalog, experiment.instead_of, where)
    if (other.workload, other.task) != (experiment.workload, experiment.task):
        raise CatalogError(
            f"{catalog.path}: {where}: {other.name} does not run the same workload's "
            f"{experiment.task} task"
        )


def check_workload(catalog, experiment):
    where = f"{catalog.path}: experiments/{experiment.name}"
    if experiment.workload != workloads.ANY and experiment.workload not in workloads.BUILT_IN:
        raise CatalogError(
            f"{where}/workload: no workload {experiment.workload!r}; built in: "
            f"{', '.join(workloads.BUILT_IN)}, or {workloads.ANY} (the config's)"
        )
    own = {
        p.name for p in workloads.parameters_of(experiment.workload) if p.per_experiment or p.config
    }
    for param in experiment.params:
        if param not in own:
            raise CatalogError(
                f"{where}/params: {param} is not a parameter of its workload; it has {', '.join(sorted(own))}"
            )
    # Its kind, its rule of `auto` and its options: what its workload accepts.
    found = workloads.options_problem(experiment)
    if found:
        raise CatalogError(f"{where}/{found[0]}: {found[1]}")
