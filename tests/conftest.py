"""Make the scripts (tasks, harness, records...) and tests/project.py importable."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent / "scripts", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
