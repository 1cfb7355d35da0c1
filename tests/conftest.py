"""Make tasks.py, the analysis library (workflow/scripts/analysis) and the
tests' helpers importable; the runtime (bench) is installed in the environment."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent / "scripts", HERE.parent / "workflow/scripts", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
