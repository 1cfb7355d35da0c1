"""The config used, quoted whole (but the switch to go past the budget)."""

import json

import yaml

from concurrency_bench.report.section import Section


def quoted(config):
    # Through JSON: a mapping Snakemake read from a JSON config (an entry of
    # `pythons`) is an OrderedDict, which yaml.safe_dump refuses.
    return yaml.safe_dump(json.loads(json.dumps(config)), sort_keys=False).strip()


SECTION = Section("config", 160, lambda report: {"config_yaml": quoted(report.config)})
