"""YAML files read with libyaml's parser where PyYAML has it (its wheels do):
every timed run reads the catalog, and the pure-Python parser takes about six
times as long. Both build the same data, with the same safe constructors."""

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path):
    with open(path) as yaml_file:
        return yaml.load(yaml_file, Loader=SAFE_LOADER)
