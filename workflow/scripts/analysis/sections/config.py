"""The config used, quoted whole (but the switch to go past the budget)."""

import yaml

from analysis.sections import Section

SECTION = Section(
    "config",
    160,
    lambda report: {"config_yaml": yaml.safe_dump(report.config, sort_keys=False).strip()},
)
