"""Send a Snakemake `script:` job's messages, and its traceback, to its log."""

import sys
import traceback
from contextlib import contextmanager

from concurrency_bench.record.catalog import CatalogError
from concurrency_bench.record.run_record import RecordError


@contextmanager
def logging_to(path):
    """stderr goes to `path`; a failure's traceback too, before it propagates.

    A bad input record or catalog is the user's to fix, not a bug: it ends the
    job with one line naming the file, in the log and on the terminal."""
    with open(path, "w") as log:
        sys.stderr = log
        try:
            yield
        except (RecordError, CatalogError) as error:
            for stream in (log, sys.__stderr__):
                print(f"fatal: {error}", file=stream, flush=True)
            raise SystemExit(1) from None
        except BaseException:
            traceback.print_exc(file=log)
            raise
        finally:
            sys.stderr = sys.__stderr__
