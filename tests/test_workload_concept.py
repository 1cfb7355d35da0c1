"""The workload is one concept: what an experiment's tasks do is its workload's
to say (src/concurrency_bench/workloads/), and nothing downstream decides what to do by
comparing a value to the old kinds ("io", "cpu") or naming a workload
("http", "sieve"). It asks the workload (concurrency_bench.workloads.family), whose
package says its part (src/concurrency_bench/workloads/<name>/say.py)."""

import re

from concurrency_bench import workloads
from concurrency_bench.analysis.says import says

from project import REPO

# Where the workload is only asked for: the rule scripts and the analysis
# library, the rules, the report's templates.
WORKLOAD_FREE = [
    "workflow/scripts/*.py",
    *(
        f"src/concurrency_bench/{layer}/**/*.{suffix}"
        for layer in ("analysis", "plots", "report")
        for suffix in ("py", "j2")
    ),
    "workflow/rules/*.smk",
    "report/*.j2",
]
# A quoted old kind, but as a key of the config (its sections io: and cpu:).
OLD_KIND = re.compile(r"""(?<!config\[)(?<!config\.get\()["'](io|cpu)["']""")
# A comparison with a built-in workload's name.
NAMES = "|".join(workloads.BUILT_IN)
NAME_COMPARED = re.compile(rf"""[!=]=\s*["']({NAMES})["']|["']({NAMES})["']\s*[!=]=""")


def workload_free_files():
    return sorted({path for pattern in WORKLOAD_FREE for path in REPO.glob(pattern)})


def test_nothing_decides_by_the_old_kinds_or_a_workloads_name():
    """No rule script, analysis module, rule or template quotes "io" or "cpu"
    (but as config sections) or compares a value with "http" or "sieve"."""
    files = workload_free_files()
    assert any(path.name == "sentences.py" for path in files)
    assert any(path.suffix == ".smk" for path in files)
    assert any(path.suffix == ".j2" for path in files)
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if OLD_KIND.search(line) or NAME_COMPARED.search(line)
    ]
    assert not found, "decided by a kind or a workload's name:\n" + "\n".join(found)


def test_the_grep_finds_what_it_looks_for():
    """The patterns catch the forbidden forms and let the config's sections be."""
    for line in ['if row.kind == "io":', "kind = 'cpu'", 'w == "http"', "'scrape' != w"]:
        assert OLD_KIND.search(line) or NAME_COMPARED.search(line), line
    for line in ['config["io"]["timeout_s"]', 'config.get("cpu")', 'family("http")']:
        assert not (OLD_KIND.search(line) or NAME_COMPARED.search(line)), line


def test_no_workload_is_named_downstream():
    """No rule script, analysis module, rule or template quotes a built-in
    workload's name at all (but the URL schemes "http", "https"): they ask the
    workload, which says its part itself (its package's say module)."""
    quoted = re.compile(rf"""["']({NAMES})["']""")
    scheme = re.compile(r"""\(["']http["'],\s*["']https["']\)""")
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in workload_free_files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if quoted.search(scheme.sub("", line))
    ]
    assert not found, "a workload named downstream:\n" + "\n".join(found)


def test_every_workload_says_its_part():
    """Each built-in workload and a user's function (FUNCTION) says its
    sentence, what a run did, what was measured and a claim's reason."""
    for name in [*workloads.BUILT_IN, "a-workload-of-yours"]:
        for part in ("sentence", "tasks", "measured", "claim_reason"):
            assert callable(getattr(says(name), part)), (name, part)
