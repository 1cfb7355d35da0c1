"""Profile a workload of the user's before its models run, and keep the sync
loop's results that every model must return.

One sync pass over every item measures, per task, its wall time
(perf_counter) and the process's CPU time (process_time): their ratio is the
task's CPU share, the part that threads under the GIL cannot overlap. It also
measures what a process pool pays to send work: the pickled size of an item
and of a result, and the parent's time to pickle the item and unpickle the
result. A task that raises stops here, naming the item; so does a task or
items that cannot be loaded, naming the config key. Items or results that
cannot be pickled are recorded (`unpicklable`), not refused: only the models
that pickle need them pickled, and they are skipped, saying so.

    python -m concurrency_bench.run.calibration --workload hashing --task f.py:task \\
        --inputs f.py:inputs --output results/<machine>/workloads/hashing/profile.json

writes profile.json and, beside it, expected.pickle (the results, in order,
or as concurrency_bench.workloads.function.expected keeps those that cannot be pickled).

The pass runs in a child process, watched (concurrency_bench.run.supervisor):
past --timeout seconds, or when the task exits or crashes, the job stops
naming the item; what the task left running is ended.
"""

import argparse
import asyncio
import faulthandler
import pickle
import statistics
import sys
import time
from pathlib import Path

from concurrency_bench.core.traced import TaskFailed
from concurrency_bench.record.run_record import write_json_atomically
from concurrency_bench.run import lifecycle
from concurrency_bench.run.supervisor import Progress, supervise
from concurrency_bench.workloads import WorkloadError
from concurrency_bench.workloads.function import first_difference
from concurrency_bench.workloads.function.expected import comparable, to_keep, unpicklable
from concurrency_bench.workloads.function.fields import PROFILE_TIMEOUT
from concurrency_bench.workloads.references import load_items, load_task, pickle_problem

# Where the pass is, told to no one (the profile run in-process, by hand).
SILENT = Progress()
# The profile's deadline without --timeout (config key workloads.<name>.timeout_s).
TIMEOUT_S = PROFILE_TIMEOUT.default


def timed_calls(task, items, progress=SILENT):
    """(results, wall seconds per task, CPU seconds per task)."""
    results, walls, cpus = [], [], []
    for index, item in enumerate(items):
        progress("item", index, progress.shown(item))
        wall, cpu = time.perf_counter(), time.process_time()
        results.append(task(item))
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return results, walls, cpus


def transfer_s(items, results):
    """The parent's side of a process pool per item: pickle it, unpickle its result."""
    sent = [pickle.dumps(result) for result in results]
    start = time.perf_counter()
    for item, result in zip(items, sent, strict=True):
        pickle.dumps(item)
        pickle.loads(result)
    return (time.perf_counter() - start) / len(items)


def shareable(task):
    """None if worker processes and sub-interpreters can get the task, or why not."""
    problem = pickle_problem(task)
    return problem and f"the task cannot be pickled ({problem})"


def async_results(task_async, items, progress=SILENT):
    async def one_by_one():
        results = []
        for index, item in enumerate(items):
            progress("async", index, progress.shown(item))
            results.append(await task_async(item))
        return results

    return asyncio.run(one_by_one())


def profile(name, task_ref, inputs_ref, task_async_ref=None, progress=SILENT):
    """(profile dict, the sync loop's results as expected.pickle keeps them)."""
    key = f"workloads.{name}"
    task = load_task(task_ref, f"{key}.task")
    items = load_items(inputs_ref, f"{key}.inputs")
    results, walls, cpus = timed_calls(task, items, progress)
    refused = unpicklable(items, results, inputs_ref, task_ref)
    expected, checked = to_keep(results, refused)
    if task_async_ref:
        task_async = load_task(task_async_ref, f"{key}.task_async", coroutine=True)
        awaited = comparable(async_results(task_async, items, progress), checked)
        differing = first_difference(awaited, expected)
        if differing is not None:
            raise WorkloadError(
                f"config: {key}.task_async: its result for item {differing[0]} differs from the task's"
            )
    sizes, transfer = [], None
    if refused is None:
        sizes = [
            (len(pickle.dumps(i)), len(pickle.dumps(r)))
            for i, r in zip(items, results, strict=True)
        ]
        transfer = transfer_s(items, results)
    else:
        print(f"note: {refused['said']}: no process can run this", file=sys.stderr)
    if checked != "equal":
        how = "their repr" if checked == "repr" else "their repr, or their type alone"
        print(f"note: the models' results are compared by {how}", file=sys.stderr)
    total_s = sum(walls)
    return {
        "workload": name,
        "task": task_ref,
        "inputs": inputs_ref,
        "task_async": task_async_ref,
        "n_items": len(items),
        "total_s": total_s,
        "task_s": total_s / len(items),
        "task_median_s": statistics.median(walls),
        "cpu_s": sum(cpus),
        "cpu_share": sum(cpus) / total_s if total_s > 0 else None,
        "item_bytes": statistics.median(s for s, _ in sizes) if sizes else None,
        "result_bytes": statistics.median(s for _, s in sizes) if sizes else None,
        "transfer_s": transfer,
        "not_shareable": shareable(task),
        "unpicklable": refused,
        "results_checked": checked,
        "python_version": sys.version.split()[0],
    }, expected


def parser_of_the_command_line():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workload", required=True)
    parser.add_argument("--task", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--task-async")
    parser.add_argument(
        "--output", required=True, help="profile.json (expected.pickle goes beside it)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT_S,
        help=f"seconds the profile may take (workloads.<name>.timeout_s; default {TIMEOUT_S})",
    )
    parser.add_argument("--progress-fd", type=int, help=argparse.SUPPRESS)
    return parser


def watched():
    """The job: the profile in a child process it watches (--progress-fd)."""
    args = parser_of_the_command_line().parse_args()
    if args.progress_fd is not None:
        faulthandler.enable()  # a crash's traceback goes to the log
        lifecycle.end_with_the_parent()
        return main()
    command = [sys.executable, "-m", "concurrency_bench.run.calibration", *sys.argv[1:]]
    sys.exit(supervise(command, args.workload, args.timeout))


def main(argv=None):
    """The profile itself, in this process."""
    args = parser_of_the_command_line().parse_args(argv)
    progress = Progress(args.progress_fd)
    try:
        facts, expected = profile(args.workload, args.task, args.inputs, args.task_async, progress)
    except (WorkloadError, TaskFailed) as error:
        progress("end")
        where = (
            ""
            if isinstance(error, WorkloadError)
            else f"workload {args.workload}: the task failed on "
        )
        sys.exit(f"fatal: {where}{error}")
    progress("end")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output.with_name("expected.pickle"), "wb") as kept:
        pickle.dump(expected, kept)
    write_json_atomically(output, facts)
    print(
        f"{args.workload}: {facts['n_items']} items, {facts['task_s'] * 1e3:.3g} ms a task, "
        f"CPU share {facts['cpu_share']:.0%}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    watched()
