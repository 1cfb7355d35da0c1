"""The report's sections, one plug-in each.

A section is a module of this folder holding SECTION, beside its fragment
<name>.md.j2 (and, for a plot, its caption <name>.rst): the report includes
the fragments in their `order`; a study of a workload (bench/workloads/<name>/
<study>/) is a section too, shown when the config's `studies` switches it on.
Adding a section is adding its module and fragment here: nothing else names it.
"""

import importlib
import os
import pkgutil
from dataclasses import dataclass, field

from bench import workloads

FOLDER = os.path.dirname(__file__)


@dataclass(frozen=True)
class Section:
    name: str
    order: int  # where the report gives it: 10 the title ... 160 the config
    # context(report) -> what its fragment names (report.Report has the runs,
    # the summary, the config, the inputs), or None: the section is left out.
    context: object
    # inputs(config) -> {input name: path with {machine}}: the files it reads
    # besides the report's shared ones (runs.csv, summary.csv, the plots).
    inputs: object = field(default=lambda config: {})
    # Its inputs that are plots, shown in the report relative to it.
    plots: tuple = ()
    template: str = ""  # its fragment, as the report's loader names it

    @property
    def fragment(self):
        return self.template or f"{self.name}.md.j2"


def own():
    """The sections of this folder."""
    found = []
    for module in pkgutil.iter_modules([FOLDER]):
        found.append(importlib.import_module(f"{__name__}.{module.name}").SECTION)
    return found


def of_studies():
    """A section per study of a built-in workload."""
    from analysis import studies  # reads pandas' tables: only once asked

    return [studies.section_of(study) for study in workloads.studies().values()]


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
