"""The package installs for real: a wheel built from the project, installed
non-editable into a fresh virtual environment, runs an experiment script and
the analysis of its record there, reading its catalog, schemas and report
fragments from the installed package, never from this checkout."""

import json
import shutil
import subprocess
import sys
import sysconfig
import textwrap

import pytest

from project import REPO

pytestmark = pytest.mark.slow


def run(*command, cwd, check=True):
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the fresh environment's python, a folder with the article's scripts)."""
    root = tmp_path_factory.mktemp("wheel")
    # Built from a copy: a build in the checkout would leave build/ and egg-info there.
    source = root / "source"
    source.mkdir()
    shutil.copy2(REPO / "pyproject.toml", source)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        root / "dist",
        source,
        cwd=root,
    )
    (wheel,) = (root / "dist").glob("concurrency_bench-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    python = root / "venv/bin/python"
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, cwd=root)
    # Its dependencies are this environment's pinned ones: a path entry, not
    # this environment's own .pth files (which hold the editable checkout).
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root)
    pinned = sysconfig.get_paths()["purelib"]
    (root / site.stdout.strip() / "pinned.pth").write_text(pinned + "\n")
    scripts = root / "scripts"
    shutil.copytree(REPO / "scripts", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    return python, scripts


def test_the_package_comes_from_the_wheel_with_its_data(installed):
    python, scripts = installed
    where = run(
        python,
        "-c",
        textwrap.dedent(
            """
            import concurrency_bench
            from concurrency_bench.record import catalog, parameters
            from concurrency_bench.report import sections
            print(concurrency_bench.__file__)
            print(len(catalog.load().names()))
            print(len(parameters.record_schema()["properties"]))
            print(len(sections.every()))
            """
        ),
        cwd=scripts.parent,
    ).stdout.split()
    assert str(REPO) not in where[0] and "site-packages" in where[0]
    assert int(where[1]) > 30 and int(where[2]) > 10 and int(where[3]) > 10


def test_an_experiment_and_its_analysis_run_from_the_installed_package(installed, host):
    python, scripts = installed
    folder = scripts.parent
    record = folder / "runs/cpu-bound_sync/1.json"
    run(
        python,
        scripts / "cpu-bound_sync.py",
        *("--start", "2", "--stop", "300", "--repeat", "1", "--machine", "wheel"),
        *("--host-info", host, "--output", record),
        cwd=folder,
    )
    assert json.loads(record.read_text())["outcome"]["status"] == "ok"
    analysis = textwrap.dedent(
        f"""
        from concurrency_bench.analysis.runs import write_runs_table, read_runs
        from concurrency_bench.analysis.summary import summarize
        from concurrency_bench.record import catalog

        experiments = catalog.load()
        write_runs_table([{str(record)!r}], experiments, "runs.csv")
        summary = summarize(read_runs("runs.csv"), experiments)
        print(summary.loc[0, "experiment"], summary.loc[0, "n"])
        """
    )
    said = run(python, "-c", analysis, cwd=folder).stdout.split()
    assert said == ["cpu-bound_sync", "1"]
