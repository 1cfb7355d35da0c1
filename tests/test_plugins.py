"""What a plug-in is: a report section is one module and one fragment in
src/concurrency_bench/report/sections/, found and shown with no other file edited."""

import re
import shutil
import textwrap

import pytest
import yaml
from concurrency_bench.report import sections

from project import REPO, copy_project, snakemake

TOY_SECTION = '''
"""A section of its own: how many experiments its own input summarizes."""

import pandas as pd

from concurrency_bench.report.section import Section


def context(report):
    summary = pd.read_csv(report.inputs["toy_summary"])
    return {"toy": {"experiments": len(summary), "machine": report.machine}}


SECTION = Section(
    "toy",
    45,
    context,
    inputs=lambda config: {"toy_summary": "results/{machine}/summary.csv"},
)
'''
TOY_FRAGMENT = """## A toy section

{{ toy.experiments }} experiments summarized on `{{ toy.machine }}`.

"""
# A quick run of two experiments: enough for a report.
QUICK = {
    "machine": "plugins",
    "experiments": ["io-bound_sync", "io-bound_concurrent_1"],
    "repeats": 1,
    "min_timed_s": 0,
    "io": {"n_requests": 4},
}


def readme_example():
    """The docs' section example: its module and its fragment, as written there."""
    text = (REPO / "docs/maintainers/adding-a-section.md").read_text()
    module = re.search(r"```python\n(.*?)```", text, re.DOTALL).group(1)
    fragment = re.search(r"```jinja\n(.*?)```", text, re.DOTALL).group(1)
    return module, fragment


def test_the_sections_come_in_their_order_each_once():
    found = sections.every()
    names = [section.name for section in found]
    assert names[0] == "header" and names[-1] == "config"
    assert len(names) == len(set(names))
    assert [s.order for s in found] == sorted(s.order for s in found)
    # The studies are sections too, shown only when the config switches them on.
    scale = next(section for section in found if section.name == "scale")
    assert scale.inputs({}) == {}
    assert set(scale.inputs({"studies": {"scale": {"sweeps": ["a"]}}})) == {"scale", "scale_plot"}
    assert scale.inputs({"studies": {"scale": {"sweeps": ["a"], "activate": False}}}) == {}


@pytest.mark.slow
def test_a_new_section_is_one_module_and_one_fragment(tmp_path):
    project = copy_project(tmp_path / "project")
    folder = project / "src/concurrency_bench/report/sections"
    (folder / "toy.py").write_text(textwrap.dedent(TOY_SECTION).lstrip())
    (folder / "toy.md.j2").write_text(TOY_FRAGMENT)
    module, fragment = readme_example()
    (folder / "busiest.py").write_text(module)
    (folder / "busiest.md.j2").write_text(fragment)
    (project / "quick.yaml").write_text(yaml.safe_dump(QUICK))
    result = snakemake(project, "--cores", "1", "all", "--configfile", "quick.yaml")
    assert result.returncode == 0, result.stderr[-3000:]
    report = (project / "results/report.md").read_text()
    assert "## A toy section\n\n2 experiments summarized on `plugins`." in report
    # In its order: after What was measured (40), before the tables (50).
    assert report.index("## What was measured") < report.index("## A toy section")
    assert report.index("## A toy section") < report.index("## I/O-bound")
    # The docs' example, as written there.
    assert re.search(r"## The busiest experiment\n\n`io-bound_\w+` kept \d\.\d\d CPUs busy", report)
    assert (
        report.index("## How many CPUs")
        < report.index("## The busiest")
        < report.index("## Bounds")
    )


# A built-in workload of its own: tests/toy_workload/, copied to src/concurrency_bench/workloads/toy.py.
TOY_WORKLOAD = REPO / "tests/toy_workload"
TOYS = {
    "machine": "toys",
    "experiments": ["sync_loop", "thread_pool_map"],
    "workloads": {"toy": {}},
    "repeats": 1,
    "min_timed_s": 0,
    "toy": {"size": 8, "in_flight": 4},
    "sweeps": {
        "grow": {
            "experiments": ["sync_loop", "thread_pool_map"],
            "param": "size",
            "values": [4, 16],
        }
    },
    "sweep_repeats": 1,
    "studies": {"growth": {"sweeps": ["grow"]}},
}


@pytest.mark.slow
def test_a_new_workload_is_one_package(tmp_path):
    """Its parameter, its bound, its sentence, what it measured and its study
    reach the report, with no other file edited."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(TOY_WORKLOAD, project / "src/concurrency_bench/workloads/toy")
    (project / "toys.yaml").write_text(yaml.safe_dump(TOYS))
    # snakemake() imports the copy's package: the toy is only there.
    result = snakemake(project, "--cores", "1", "all", "--configfile", "toys.yaml")
    assert result.returncode == 0, result.stderr[-3000:]
    report = (project / "results/report.md").read_text()
    # What was measured, in its words; its parameter as the config set it.
    assert "**Toys**: `square(n)` for n in `range(8)`, each after a short wait." in report
    # Its sentence, with the bound it computed.
    assert re.search(
        r"ThreadPoolExecutor\.map squared 8 toys on 4 threads: bound [\d.]+ m?s", report
    )
    # Its paragraph of the Bounds.
    assert "- Toys, with the sync loop's median T and W toys at once: T / W" in report
    # Its study: the sweep over its parameter, as one table and one figure.
    assert "## Toys as they grow" in report
    assert re.search(r"\| `toy/thread_pool_map` \| 16 \| [\d.]+ \|", report)
    assert (project / "results/toys/plots/study_growth.png").stat().st_size > 0
