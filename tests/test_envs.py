"""The conda environments of workflow/envs/ agree with requirements.txt, and
every rule that runs something names one of them."""

import re

import pytest
import yaml

from project import REPO, copy_project, normalise, requirements, snakemake

ENVS = REPO / "workflow/envs"
# A conda pin: `name=version` (or `name==version`), one exact version.
CONDA_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
PIP_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
# The project itself (concurrency_bench, which the rules' code imports), installed by pip
# without its dependencies (they are the environment's pins), editable from the
# project's root (relative to the environment file): exactly these entries.
PROJECT_INSTALL = ["--no-deps", "-e ../../"]
# Rules that run nothing themselves (only gather the targets).
NO_COMMAND = {"all"}


def env_files():
    return sorted(ENVS.glob("*.yaml")) + sorted(ENVS.glob("*.yml"))


def env_spec(path):
    with open(path) as env:
        return yaml.safe_load(env)


def pip_section(spec):
    """The entries of the environment's `- pip: [...]`, or None without one."""
    sections = [entry["pip"] for entry in spec.get("dependencies") or [] if isinstance(entry, dict)]
    assert len(sections) <= 1, "more than one pip section"
    return [str(entry).strip() for entry in sections[0]] if sections else None


def env_pins(path):
    """[(name, version, as written)] of an environment file's conda pins. Its
    pip section, if any, must be exactly the project's own install (with the
    unpinned conda package `pip` that runs it); every dependency is a conda pin."""
    spec = env_spec(path)
    pip = pip_section(spec)
    if pip is not None:
        assert pip == PROJECT_INSTALL, (
            f"{path.name}: pip section {pip} is not the project's install {PROJECT_INSTALL}"
        )
    pins = []
    for entry in spec.get("dependencies") or []:
        if isinstance(entry, dict):
            continue
        if pip is not None and str(entry).strip() == "pip":
            continue  # what installs the project: pip's own version does not matter
        match = CONDA_PIN.match(str(entry).strip())
        assert match, f"{path.name}: {entry!r} is not pinned as name=version"
        pins.append((match.group(1), match.group(2), entry))
    return pins


def minimum_python():
    """The oldest Python the code is written for: ruff.toml's target-version."""
    target = re.search(r'target-version\s*=\s*"py3(\d+)"', (REPO / "ruff.toml").read_text())
    return (3, int(target.group(1)))


def test_there_are_environments():
    assert env_files(), f"no environment files in {ENVS}"


@pytest.mark.parametrize("path", env_files(), ids=lambda path: path.name)
def test_every_pin_agrees_with_requirements_txt(path):
    pinned = requirements()
    disagree = []
    assert env_pins(path), f"{path.name} pins nothing"
    for name, version, written in env_pins(path):
        if normalise(name) == "python":  # not in requirements.txt: the interpreter
            found = tuple(int(part) for part in version.split(".")[:2])
            assert found >= minimum_python(), (
                f"{path.name}: {written} is older than the code's minimum "
                f"{'.'.join(map(str, minimum_python()))} (ruff.toml target-version)"
            )
            continue
        wanted = pinned.get(normalise(name))
        if wanted != version:
            disagree.append(f"{written} (requirements.txt: {wanted or 'absent'})")
    assert not disagree, f"{path.name} disagrees with requirements.txt: " + ", ".join(disagree)


@pytest.mark.parametrize("path", env_files(), ids=lambda path: path.name)
def test_every_environment_installs_the_project(path):
    """Every rule's code imports bench (the experiment scripts through the
    harness, the rule scripts for the catalog): each environment installs the
    project, from its root."""
    pip = pip_section(env_spec(path))
    assert pip == PROJECT_INSTALL, f"{path.name}: no `- pip: {PROJECT_INSTALL}` section"
    root = (path.parent / PROJECT_INSTALL[1].removeprefix("-e ").strip()).resolve()
    assert root == REPO and (root / "pyproject.toml").exists()


def test_a_pip_section_other_than_the_projects_install_is_refused(tmp_path):
    """The project's install is accepted exactly: a pinned package in the pip
    section, or any other entry, is not."""
    for section in (["--no-deps", "-e ../../", "requests==2.0"], ["-e ../../"], ["requests"]):
        path = tmp_path / "env.yaml"
        path.write_text(yaml.safe_dump({"dependencies": ["python=3.11", "pip", {"pip": section}]}))
        with pytest.raises(AssertionError, match="is not the project's install"):
            env_pins(path)


def test_a_conda_package_without_a_pin_is_refused(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text(yaml.safe_dump({"dependencies": ["python=3.11", "requests"]}))
    with pytest.raises(AssertionError, match="is not pinned"):
        env_pins(path)


@pytest.fixture(scope="module")
def listed_rules(tmp_path_factory):
    """The workflow's rules, as Snakemake itself lists them."""
    project = copy_project(tmp_path_factory.mktemp("envs"))
    result = snakemake(project, "--list-rules", "--cores", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    names = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert all(re.fullmatch(r"\w+", name) for name in names), result.stdout
    return names


RULE = re.compile(r"^(?:rule|checkpoint)\s+(\w+)\s*:", re.MULTILINE)
INCLUDE = re.compile(r"^include:\s*(['\"])(.+?)\1", re.MULTILINE)
CONDA = re.compile(r"^\s+conda:\s*(?:\n\s*)?(['\"])(.+?)\1", re.MULTILINE)


def workflow_sources(path=REPO / "Snakefile"):
    """The Snakefile and the files it includes, in the order Snakemake reads them."""
    yield path
    for include in INCLUDE.finditer(path.read_text()):
        yield from workflow_sources((path.parent / include.group(2)).resolve())


def conda_directives():
    """{rule: the path of its conda: directive, or None}. Snakemake resolves the
    path against the folder of the file that defines the rule; so does this."""
    found = {}
    for source in workflow_sources():
        text = source.read_text()
        for rule in RULE.finditer(text):
            # The rule's block ends at the next unindented line.
            block = text[rule.end() :]
            if top_level := re.search(r"^\S", block, re.MULTILINE):
                block = block[: top_level.start()]
            conda = CONDA.search(block)
            found[rule.group(1)] = (source.parent / conda.group(2)).resolve() if conda else None
    return found


@pytest.mark.slow
def test_the_rule_parser_sees_every_rule(listed_rules):
    assert set(conda_directives()) == set(listed_rules)


@pytest.mark.slow
def test_every_rule_but_all_has_a_conda_env_in_workflow_envs(listed_rules):
    directives = conda_directives()
    envs = {path.resolve() for path in env_files()}
    problems = []
    for rule in sorted(set(listed_rules) - NO_COMMAND):
        path = directives.get(rule)
        if path is None:
            problems.append(f"{rule}: no conda: directive (with a literal path)")
        elif path not in envs:
            problems.append(f"{rule}: conda: {path} is not a file in {ENVS}")
    assert not problems, "\n".join(problems)
