"""The report's sections, one plug-in each.

A section is a module of this folder holding SECTION, beside its fragment
<name>.md.j2 (and, for a plot, its caption <name>.rst): the report includes
the fragments in their `order`; a study of a workload (src/concurrency_bench/workloads/<name>/
<study>/) is a section too, shown when the config's `studies` switches it on.
Adding a section is adding its module and fragment here: nothing else names it.
"""

import importlib
import os
import pkgutil

from concurrency_bench import workloads

FOLDER = os.path.dirname(__file__)


def own():
    """The sections of this folder."""
    found = []
    for module in pkgutil.iter_modules([FOLDER]):
        found.append(importlib.import_module(f"{__name__}.{module.name}").SECTION)
    return found


def of_studies():
    """A section per study of a built-in workload."""
    from concurrency_bench.report import study_sections  # reads pandas' tables: only once asked

    return [study_sections.section_of(study) for study in workloads.studies().values()]


def every():
    """Every section, in the report's order."""
    found = [*own(), *of_studies()]
    names = [section.name for section in found]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ValueError(f"report sections named twice: {', '.join(doubled)}")
    return sorted(found, key=lambda section: (section.order, section.name))


def inputs(config, machine):
    """{input name: path} of every section's own inputs, for the report's rule."""
    found = {}
    for section in every():
        for name, path in section.inputs(config).items():
            found[name] = path.format(machine=machine)
    return found


def plot_names():
    return {name for section in every() for name in section.plots}
