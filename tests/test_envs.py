"""The conda environments of workflow/envs/ agree with requirements.txt, and
every rule that runs something names one of them."""

import re

import pytest
import yaml

from project import REPO, copy_project, snakemake

ENVS = REPO / "workflow/envs"
# A conda pin: `name=version` (or `name==version`), one exact version.
CONDA_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
PIP_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
# Rules that run nothing themselves (only gather the targets).
NO_COMMAND = {"all"}


def normalise(name):
    """PEP 503: case and runs of -, _ and . do not count (PyYAML = pyyaml)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements():
    """{normalised name: version} from requirements.txt."""
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIP_PIN.match(line)
            assert match, f"requirements.txt: {line!r} is not name==version"
            pins[normalise(match.group(1))] = match.group(2)
    return pins


def env_files():
    return sorted(ENVS.glob("*.yaml")) + sorted(ENVS.glob("*.yml"))


def env_pins(path):
    """[(name, version, as written)] of an environment file, pip entries included."""
    with open(path) as env:
        spec = yaml.safe_load(env)
    pins = []
    for entry in spec.get("dependencies") or []:
        if isinstance(entry, dict):  # - pip: [name==version, ...]
            for pip_entry in entry.get("pip", []):
                match = PIP_PIN.match(pip_entry.strip())
                assert match, f"{path.name}: pip entry {pip_entry!r} is not name==version"
                pins.append((match.group(1), match.group(2), pip_entry))
            continue
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


def test_the_rule_parser_sees_every_rule(listed_rules):
    assert set(conda_directives()) == set(listed_rules)


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
