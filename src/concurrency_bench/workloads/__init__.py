"""Workloads: what an experiment's tasks do, one package each.

A built-in workload is a package of this folder whose module holds its
WORKLOAD: what it runs (its tasks, items, context: the package; the fields its
runs take and keep, each declared once: its `fields` module, concurrency_bench.core.declarations)
and what it says (its sentences, plot labels, claim reasons, "what was
measured": its `say` module; its bound paragraph: bound.md.j2). Adding one is
adding its folder: nothing else names it. A workload says what its tasks are, where its items come from, the context it
needs around the timed region (the embedded target of HTTP work, started and
stopped outside it), the fields it takes and records (concurrency_bench.core.declarations), and how its
bound is computed. The article's two are built in: `http` (its I/O-bound
requests) and `sieve` (its CPU-bound primes), and a third between them,
`scrape` (a page fetched, then parsed: its opening scenario); any other is a
user's function named in the config (key `workloads`). The catalog's models
of `any` run every workload the config lists whose task they can call, the
built-in ones (listed with an empty spec) included.
Nothing else asks which workload it has: it asks the workload. A catalog
row's `options` are its workload's knobs (how an HTTP model caps its
requests, how numbers travel to workers), which the workload declares and
checks; its kind of model is concurrency_bench.models'.
"""

import importlib
import pkgutil
from dataclasses import replace

from concurrency_bench import models
from concurrency_bench.workloads import function
from concurrency_bench.workloads.base import Setup, WorkloadError  # noqa: F401 (the package's API)


def built_in():
    """Every package here that holds a WORKLOAD, in its `order`."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg and module.name != "function":
            workload = importlib.import_module(f"{__name__}.{module.name}").WORKLOAD
            found.append(workload)
    return {workload.name: workload for workload in sorted(found, key=lambda w: (w.order, w.name))}


# The built-in workloads, in the order tables and plots give them.
BUILT_IN = built_in()
FOLDER = __path__[0]
# The catalog's workload for the models that run the config's workloads.
ANY = "any"


def studies():
    """{name: Study} of every built-in workload's studies."""
    found = {}
    for workload in BUILT_IN.values():
        for study in workload.studies:
            if study.name in found:
                raise WorkloadError(f"two workloads have a study {study.name!r}")
            found[study.name] = replace(study, workload=workload.name)
    return found


def get(name, spec=None):
    """The workload `name`: a built-in one, or the user's of config `spec`."""
    if name in BUILT_IN:
        return BUILT_IN[name]
    return function.FunctionWorkload(name, spec or {})


def takes(name, task, spec=None):
    """Whether the workload `name` (of config `spec`) gives the task interface
    `task` (sync, async) a model of `any` calls."""
    if not name or name == ANY:
        return False
    return get(name, spec).gives(task, spec or {})


def is_own(name):
    """Whether `name` can be a workload of one's own (not a built-in one)."""
    return bool(name) and name not in BUILT_IN and name != ANY


def family(name):
    """The module that knows a workload of this name: its bound, its words."""
    return BUILT_IN.get(name, function.FUNCTION)


def label(name):
    return family(name).label_of(name)


def order(names):
    """Workload names: the built-in ones first, in their order, then the others
    in the order given."""
    names = list(dict.fromkeys(names))
    built_in = [name for name in BUILT_IN if name in names]
    return built_in + [name for name in names if name not in BUILT_IN]


def parameters_of(workload_name):
    """The parameters a workload's runs take."""
    return family(workload_name).parameters


def declared():
    """Every parameter of every workload, once per name (an option means the
    same in each workload that has it)."""
    found = {}
    for workload in (*BUILT_IN.values(), function.FUNCTION):
        for parameter in workload.parameters:
            found.setdefault(parameter.name, parameter)
    return list(found.values())


def option_names():
    """Every option a catalog row may set, once per name, in the workloads' order."""
    found = (o.name for w in (*BUILT_IN.values(), function.FUNCTION) for o in w.options)
    return list(dict.fromkeys(found))


def option_of(workload_name, name):
    """The option `name` a catalog row of this workload may set (None if none)."""
    return next((o for o in family(workload_name).options if o.name == name), None)


def options_problem(experiment):
    """(where, why) of the first thing wrong in a row's kind, `auto` and
    options, as its workload reads them; None if nothing is."""
    if experiment.kind not in models.KINDS:
        return "kind", f"no kind {experiment.kind!r}; the kinds: {', '.join(models.KINDS)}"
    if experiment.auto and experiment.auto not in models.RULES:
        return "auto", f"no rule {experiment.auto!r}; the rules: {', '.join(models.RULES)}"
    workload = family(experiment.workload)
    for name, value in experiment.options.items():
        declared = option_of(experiment.workload, name)
        if declared is None:
            has = ", ".join(o.name for o in workload.options) or "none"
            return f"options/{name}", f"not an option of its workload; it has {has}"
        if declared.problem(value):
            return f"options/{name}", declared.problem(value)
    problem = workload.check_options(experiment)
    return problem and ("options", problem)
