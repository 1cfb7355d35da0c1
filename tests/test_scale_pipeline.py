import pytest

"""A sweep point that fails is a failed outcome, shown in the report, while the
pipeline goes on; the main runs keep failing their job as before."""

import json

import yaml

from project import copy_project, snakemake

# Every test here runs Snakemake: make test-fast leaves them out.
pytestmark = pytest.mark.slow

MACHINE = "scale-test"


def test_a_failed_sweep_point_is_recorded_and_reported(tmp_path):
    project = copy_project(tmp_path / "project")
    # One request of 0.3 s passes its deadline (at least 0.5 s); four in a row
    # cannot finish within their bound (1.2 s), the deadline with factor 1.
    config = {
        "machine": MACHINE,
        "repeats": 1,
        "min_timed_s": 0,
        "experiments": ["io-bound_sync", "io-bound_concurrent_1"],
        "io": {"n_requests": 1, "deadline_factor": 1, "min_deadline_s": 0.5},
        "target": {"delay_s": 0.3},
        "sweeps": {
            "scale": {
                "experiments": ["io-bound_sync", "io-bound_concurrent_1"],
                "param": "n_requests",
                "values": [1, 4],
            }
        },
        "sweep_repeats": 1,
        "studies": {"scale": {"sweeps": ["scale"]}},
    }
    (project / "scale.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--cores", "1", "all", "--configfile", "scale.yaml")
    assert result.returncode == 0, result.stderr[-3000:]
    sweep = project / f"results/{MACHINE}/sweeps/scale"
    failed = json.loads((sweep / "io-bound_sync/n_requests=4/1.json").read_text())
    assert failed["outcome"]["status"] == "failed"
    assert "deadline 1 s passed" in failed["outcome"]["reason"]
    passed = json.loads((sweep / "io-bound_concurrent_1/n_requests=4/1.json").read_text())
    assert passed["outcome"]["status"] == "ok"
    report = (project / "results/report.md").read_text()
    assert "## At scale: 1, 4 requests" in report
    assert "failed: deadline 1 s passed" in report
    assert (project / f"results/{MACHINE}/plots/study_scale.png").stat().st_size > 0
    assert (project / f"results/{MACHINE}/studies/scale.csv").stat().st_size > 0
