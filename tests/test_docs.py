"""The README is one screen's worth and every link in it resolves; the docs'
reference pages are generated from the declarations and list all of them
(every config key the schema accepts, every column of runs.csv and
summary.csv); and the site builds with --strict from the tracked files alone."""

import re
import shutil
import subprocess
import sys

import pytest
from concurrency_bench.analysis import runs
from concurrency_bench.record import parameters

from project import REPO
from synthetic import noisy, runs_frame, summary_of

sys.path.insert(0, str(REPO / "docs"))
import columns
import generate

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    """A heading's anchor, as GitHub makes it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path):
    return {
        slug(line.lstrip("#")) for line in path.read_text().splitlines() if line.startswith("#")
    }


def test_the_readme_is_at_most_250_lines_and_every_link_resolves():
    readme = REPO / "README.md"
    text = readme.read_text()
    assert len(text.splitlines()) <= 250
    links = LINK.findall(text)
    assert len(links) > 10
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        path, _, anchor = link.partition("#")
        target = REPO / path if path else readme
        assert target.exists(), f"README links to {link}, which does not exist"
        # Generated pages are not committed: the README must not link to them.
        assert "docs/reference/" not in path, f"README links to a generated page: {link}"
        if anchor:
            assert anchor in anchors(target), f"README links to {link}: no such heading"


def test_the_readme_keeps_its_sections():
    headings = [
        line for line in (REPO / "README.md").read_text().splitlines() if line.startswith("## ")
    ]
    for heading in (
        "## Two commands",
        "## Your own workload",
        "## Presets",
        "## When something goes wrong",
    ):
        assert heading in headings


def accepted(node, prefix=""):
    """Every key a JSON schema accepts, walked here on its own: properties,
    a map's <name>, a list's [] , through oneOf/anyOf and $ref."""
    if "$ref" in node:
        node = parameters.resolve(node, parameters.config_schema())
    found = set()
    for option in node.get("oneOf", []) + node.get("anyOf", []) + node.get("allOf", []):
        found |= accepted(option, prefix)
    if isinstance(node.get("items"), dict):
        found |= accepted(node["items"], prefix + "[]")
    for name, child in node.get("properties", {}).items():
        key = f"{prefix}.{name}" if prefix else name
        found |= {key} | accepted(child, key)
    if isinstance(node.get("additionalProperties"), dict):
        key = f"{prefix}.<name>" if prefix else "<name>"
        found |= {key} | accepted(node["additionalProperties"], key)
    return found


def listed(page):
    """The keys in the first column of a reference page's table."""
    return set(re.findall(r"^\| `([^`]+)` \|", page, re.MULTILINE))


def test_the_config_reference_lists_every_key_the_schema_accepts():
    page = generate.PAGES["config.md"]()
    keys = accepted(parameters.config_schema())
    assert listed(page) == keys
    # The workloads' own parameters are there, from their declarations.
    assert {"io.n_requests", "cpu.workers", "analysis.practical_tie"} <= keys
    assert "| `analysis.practical_tie` | number | `0.05` |" in page


def test_the_csv_reference_lists_every_column_of_runs_and_summary():
    page = generate.PAGES["csv.md"]()
    runs_part, summary_part = page.split("## summary.csv")
    assert listed(runs_part) == set(runs.COLUMNS)
    times = {"io-bound_sync": noisy(1.0), "io-bound_concurrent_1": noisy(0.1, seed=1)}
    summary = summary_of(runs_frame(times))
    assert listed(summary_part) == set(summary.columns)
    assert set(columns.summary_columns()) == set(summary.columns)
    # Where a column comes from in the record, read by flattening one.
    assert "| `memory_peak_kib` | `memory.peak_kib` |" in runs_part
    assert "| `cpuinfo_version` | `environment.packages.py-cpuinfo` |" in runs_part


def test_every_experiment_and_section_has_its_row():
    from concurrency_bench.record import catalog
    from concurrency_bench.report import sections

    assert {f"`{e.name}`" for e in catalog.load()} <= set(
        re.findall(r"`[^`]+`", generate.catalog_page())
    )
    page = generate.sections_page()
    for section in sections.every():
        assert f"| `{section.name}` |" in page


@pytest.mark.slow
def test_the_site_builds_strict_from_the_tracked_files(tmp_path):
    """`make docs` on a fresh clone: the tracked files only, the reference
    generated, mkdocs build --strict (a dead link or anchor fails)."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:
        if (REPO / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, tmp_path / name)
    assert not (tmp_path / "docs/reference").exists()
    python = sys.executable
    for command in (
        [python, "docs/generate.py"],
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
    ):
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site/reference/config/index.html").exists()
