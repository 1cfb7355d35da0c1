"""Send a Snakemake `script:` job's messages, and its traceback, to its log."""

import sys
import traceback
from contextlib import contextmanager


@contextmanager
def logging_to(path):
    """stderr goes to `path`; a failure's traceback too, before it propagates."""
    with open(path, "w") as log:
        sys.stderr = log
        try:
            yield
        except BaseException:
            traceback.print_exc(file=log)
            raise
        finally:
            sys.stderr = sys.__stderr__
