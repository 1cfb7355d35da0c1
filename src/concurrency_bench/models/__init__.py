"""The kinds of concurrency model: one object each, asked instead of a name.

A catalog row names its kind (`kind:`): the sync loop, threads, processes,
sub-interpreters, coroutines, greenlets, or a cluster (dask distributed).
Each kind owns what follows from it alone: its rule for `auto` workers, how
many tasks it has in flight, the CPUs its CPU work can keep busy, what its
tasks run on, whether they share the GIL or take turns on one thread, and
whether they are pickled to another interpreter. What a workload does with
it (how an HTTP client caps its requests, how numbers are chunked) is the
row's `options`, which its workload checks.
"""

from dataclasses import dataclass
from multiprocessing import cpu_count

from concurrency_bench.core.environment import usable_cpus


def missing(value):
    """None, NaN or pandas' NA (a table's empty cell): the bounds read rows of
    summary.csv without importing pandas."""
    return value is None or str(value) in ("nan", "<NA>")


def gil_on(gil_enabled):
    """Whether the GIL was on: unknown (builds before 3.13) means on."""
    return gil_enabled is not False and str(gil_enabled) != "False"


def asked_for(requested):
    """A worker count given by hand: an integer >= 1, else the run stops naming it."""
    try:
        workers = int(requested)
    except (TypeError, ValueError):
        workers = 0
    if workers < 1:
        raise SystemExit(f"fatal: --workers must be 'auto' or >= 1, got {requested!r}")
    return workers


@dataclass(frozen=True)
class Rule:
    """What `auto` workers means; a number asked for is taken as set, but by
    a rule that is always `count` (the sync loop's one)."""

    name: str  # as docs/guides/configure.md's table and the reasons say it
    count: object  # () -> (workers, why), the reason of 'auto'
    takes_a_number: bool = True

    def resolve(self, requested):
        if not self.takes_a_number or requested is None or str(requested) == "auto":
            return self.count()
        workers = asked_for(requested)
        return workers, f"set: {workers}"


def the_usable_cpus():
    cpus = usable_cpus()
    return cpus, f"auto: the usable CPUs ({cpus})"


def the_articles():
    # The article's value is 0 on a 1-CPU machine, where Pool raises
    # ValueError, so it never goes below 1.
    n = cpu_count()
    if n - 1 >= 1:
        return n - 1, f"auto: cpu_count() - 1 = {n} - 1"
    return 1, f"auto: cpu_count() - 1 = {n - 1}, raised to the minimum of 1"


USABLE_CPUS = Rule("usable CPUs", the_usable_cpus)
ONE = Rule("one", lambda: (1, "sync: one task at a time"), takes_a_number=False)
# Only the article's own scripts, and those that ablate or check them, keep
# the article's rule (their catalog rows say `auto: article`): their ratios
# compare the same worker counts as the article's did.
ARTICLE = Rule("cpu_count() - 1", the_articles)
# The rules a catalog row may name in place of its kind's (`auto:`).
RULES = {"article": ARTICLE}


@dataclass(frozen=True)
class Kind:
    name: str  # the catalog's `kind`
    said: str  # how a sentence names the model: "threads", "sub-interpreters"
    unit: str  # what one of its tasks runs on: "thread", "worker process"
    auto: Rule
    # Its tasks run in one interpreter, under one GIL (when the GIL is on).
    shares_the_gil: bool
    # Its tasks take turns on one thread, whatever the GIL does.
    takes_turns: bool
    # Its tasks and results cross to another interpreter pickled: a task that
    # does not pickle cannot run there.
    pickles: bool = False
    # Its workers are processes of their own: the parent sends each item and
    # result through a pipe (what a profile's transfer_s measures).
    starts_processes: bool = False
    # The concurrent.futures executor of its pools, where it has one.
    executor: str = ""
    # What a run of it holds at once, as the run observed it (held_at_once):
    # "tasks", every task (asyncio.gather and a TaskGroup create them all up
    # front; a semaphore or the connections only cap how many run); "threads",
    # the threads that ran them (one per task, or a pool's); "capped", the
    # tasks up to its concurrency.
    holds: str = "capped"

    @property
    def units(self):
        return self.unit + ("es" if self.unit.endswith("s") else "s")

    @property
    def is_sync(self):
        """The sync loop: one task at a time, the baseline of every other."""
        return self.auto is ONE

    @property
    def gil_bound(self):
        """Its tasks could run in parallel but for the GIL (threads): a
        free-threaded build lets them."""
        return self.shares_the_gil and not self.takes_turns

    def resolve_workers(self, requested):
        """(workers, why) of `requested` workers ('auto', None or a number), by its rule."""
        return self.auto.resolve(requested)

    def in_flight(self, experiment, args, noun="task"):
        """(W, why): the tasks it runs at once: one for the sync loop,
        `in_flight` where the row caps them so, else its workers (`auto` by
        the row's rule)."""
        if self.is_sync:
            return 1, f"sync: one {noun} at a time"
        if "in_flight" in experiment.params:
            return args.in_flight, f"in_flight: {args.in_flight} {noun}s at once"
        return rule_of(experiment).resolve(getattr(args, "workers", None))

    def held_at_once(self, tasks, threads, concurrency):
        """How many tasks a run had created at once, from what it observed: its
        tasks, the threads that ran them, and its concurrency (the cap)."""
        if self.is_sync:
            return 1
        if self.holds == "tasks":
            return tasks
        if self.holds == "threads" and threads:
            return threads
        return min(tasks, concurrency)

    def cpus_at_work(self, workers, usable_cpus, gil_enabled=None):
        """How many CPUs its CPU work can keep busy at once: one where its tasks
        take turns (on one thread, or under the GIL), else its workers on the
        usable CPUs."""
        if self.takes_turns or (self.shares_the_gil and gil_on(gil_enabled)):
            return 1
        usable = None if missing(usable_cpus) else int(usable_cpus)
        return max(1, min(int(workers), usable or int(workers)))


SYNC = Kind("sync", "the sync loop", "process", ONE, shares_the_gil=True, takes_turns=True)
THREADS = Kind(
    "threads",
    "threads",
    "thread",
    USABLE_CPUS,
    shares_the_gil=True,
    takes_turns=False,
    executor="ThreadPoolExecutor",
    holds="threads",
)
PROCESSES = Kind(
    "processes",
    "processes",
    "worker process",
    USABLE_CPUS,
    shares_the_gil=False,
    takes_turns=False,
    pickles=True,
    starts_processes=True,
    executor="ProcessPoolExecutor",
)
INTERPRETERS = Kind(
    "interpreters",
    "sub-interpreters",
    "interpreter",
    USABLE_CPUS,
    shares_the_gil=False,
    takes_turns=False,
    pickles=True,
    executor="InterpreterPoolExecutor",
)
COROUTINES = Kind(
    "coroutines",
    "coroutines",
    "coroutine",
    USABLE_CPUS,
    shares_the_gil=True,
    takes_turns=True,
    holds="tasks",
)
GREENLETS = Kind(
    "greenlets", "greenlets", "greenlet", USABLE_CPUS, shares_the_gil=True, takes_turns=True
)
CLUSTER = Kind(
    "cluster",
    "a cluster's workers",
    "worker",
    USABLE_CPUS,
    shares_the_gil=False,
    takes_turns=False,
    pickles=True,
    starts_processes=True,
)

KINDS = {
    kind.name: kind
    for kind in (SYNC, THREADS, PROCESSES, INTERPRETERS, COROUTINES, GREENLETS, CLUSTER)
}


def of(thing):
    """The kind of a catalog row, a table's row (a dict, a Series, a tuple of
    itertuples) or a kind's name."""
    name = thing if isinstance(thing, str) else getattr(thing, "kind", None)
    if name is None and hasattr(thing, "__getitem__"):
        name = thing["kind"]
    if name not in KINDS:
        raise ValueError(f"no kind of model {name!r}; the kinds: {', '.join(KINDS)}")
    return KINDS[name]


def rule_of(experiment):
    """The rule of `auto` workers of a catalog row: its own (`auto:`), else its kind's."""
    own = getattr(experiment, "auto", "")
    return RULES[own] if own else of(experiment).auto


def mask(rows, test):
    """Which rows of a table (a `kind` column) are of a kind that passes `test`."""
    return rows["kind"].map(lambda name: bool(test(of(name))))
