"""The interpreter matrix: every experiment under each interpreter of the
config key `pythons`, each in a pinned environment the workflow builds, set
side by side in the report."""

import csv
import json
import sys

import pytest
import yaml

from interpreters import SKIP_REASON, other_interpreter
from project import copy_project, requirements, snakemake

# Every test here runs Snakemake: make test-fast leaves them out.
pytestmark = pytest.mark.slow

OTHER = other_interpreter()


@pytest.mark.skipif(
    OTHER is None,
    reason=SKIP_REASON,
)
def test_two_interpreters_are_measured_and_compared(tmp_path):
    project = copy_project(tmp_path / "project")
    pythons = [sys.executable, OTHER]
    config = {
        "machine": "matrix",
        "repeats": 1,
        "min_timed_s": 0,  # `repeats` runs, however short
        "pythons": pythons,
        "experiments": ["io-bound_concurrent_1", "cpu-bound_sync", "cpu-bound_concurrent_1"],
        "io": {"n_requests": 5},
        "target": {"delay_s": 0.01},
        "cpu": {"stop": 1100},
    }
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--cores", "2", "all", timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    with open(project / "results/machines.csv") as table:
        rows = list(csv.DictReader(table))
    pythons_seen = {row["machine"]: row["python"] for row in rows}
    assert len(pythons_seen) == 2
    for label, python in pythons_seen.items():
        assert label.startswith("matrix-cpython")
        version = python.split()[-1]
        assert label.endswith(version)  # the label names the Python that ran
        record = json.loads((project / f"results/{label}/runs/cpu-bound_sync/1.json").read_text())
        assert record["environment"]["python_version"] == version
        assert record["environment"]["python_executable"].endswith(
            f".pythons/{label.removeprefix('matrix-')}/bin/python"
        )
        # Each environment has the pinned versions of the main one.
        assert record["environment"]["packages"]["requests"] == requirements()["requests"]
    report = (project / "results/report.md").read_text()
    assert "## Machines and interpreters" in report
    for label in pythons_seen:
        assert f"`{label}`" in report
