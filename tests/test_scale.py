"""The scale study's table: failed points and points not run, the crossings
between methods, and the report's rows."""

import math

import pandas as pd
from concurrency_bench.workloads.http.scale import (
    at_each_count,
    crossings,
    report_rows,
    scale_table,
)

# How a point's method caps its requests: its kind and its option at_once.
CAPS = {
    "per_request": ("threads", "per_request"),
    "connections": ("coroutines", "connections"),
    "sync": ("sync", None),
}


def point(experiment, method, value, median, caps, max_workers, failed_reason=None):
    ok = failed_reason is None
    kind, at_once = CAPS[caps]
    return {
        "experiment": experiment,
        "method": method,
        "param": "n_requests",
        "value": value,
        "n": 3 if ok else 0,
        "median_s": median if ok else math.nan,
        "ci_low_s": median,
        "ci_high_s": median,
        "bound_s": 0.1 * math.ceil(value / max_workers),
        "efficiency": 0.5,
        "failed": 0 if ok else 2,
        "failed_reason": failed_reason,
        "delay_s": 0.1,
        "max_workers": max_workers,
        "kind": kind,
        "at_once": at_once,
        "cpu_ms_per_request": 1.5,
        "client_cpu_share": 0.4,
        "kib_per_in_flight": 20.0,
        "latency_p99_s": 0.2,
        "target_cpu_share": 0.1,
    }


def sweeps():
    return pd.DataFrame(
        [
            point("threads", "threading.Thread", 100, 0.2, "per_request", 100),
            point("threads", "threading.Thread", 1000, 1.4, "per_request", 1000),
            point("httpx", "asyncio + httpx", 100, 0.15, "connections", 100),
            point("httpx", "asyncio + httpx", 1000, 20.6, "connections", 100),
            point("httpx", "asyncio + httpx", 10000, 0, "connections", 100, "4900x PoolTimeout"),
            point("threads", "threading.Thread", 10000, 5.9, "per_request", 10000),
            point("sync", "sync", 100, 10.3, "sync", 1),
        ]
    )


def test_a_method_not_run_at_a_count_gets_its_bound():
    table = scale_table(sweeps())
    sync = table[table["experiment"] == "sync"].set_index("n_requests")
    assert list(sync["status"]) == ["ok", "not run", "not run"]
    assert sync.loc[10000, "bound_s"] == 1000  # 10,000 requests of 0.1 s, one at a time


def test_a_failed_point_is_an_outcome_not_a_time():
    table = scale_table(sweeps()).set_index(["experiment", "n_requests"])
    failed = table.loc[("httpx", 10000)]
    assert failed["status"] == "failed" and math.isnan(failed["median_s"])
    cells = {row["method"]: row["cells"] for row in report_rows(scale_table(sweeps()))["rows"]}
    assert cells["asyncio + httpx"][2] == "failed: 4900x PoolTimeout"
    assert cells["sync"][1] == "not run (bound 100 s)"


def test_each_swap_of_two_methods_gets_a_sentence():
    sentences = crossings(scale_table(sweeps()))
    swap = [s for s in sentences if "overtakes" in s]
    assert len(swap) == 1  # threads pass httpx between 100 and 1,000, and no other swap
    assert swap[0].startswith(
        "Between 100 and 1,000 requests, threading.Thread overtakes asyncio + httpx"
    )
    assert any(s.startswith("At 10,000 requests asyncio + httpx failed") for s in sentences)


def test_each_count_says_every_method_against_the_fastest_with_its_cpu():
    sentences = at_each_count(scale_table(sweeps()))
    at_1000 = next(s for s in sentences if s.startswith("At 1,000 requests"))
    assert "threading.Thread 1.4 s, fastest" in at_1000
    assert "asyncio + httpx 20.6 s, 14.7× slower: 1.50 ms of client CPU per request" in at_1000


def test_two_methods_within_10_percent_are_tied_not_swapped():
    tied = pd.DataFrame(
        [
            point("a", "threading.Thread", 100, 0.20, "per_request", 100),
            point("a", "threading.Thread", 1000, 1.54, "per_request", 1000),
            point("b", "ThreadPoolExecutor(max_workers=n_requests)", 100, 0.21, "per_request", 100),
            point(
                "b", "ThreadPoolExecutor(max_workers=n_requests)", 1000, 1.52, "per_request", 1000
            ),
        ]
    )
    assert crossings(scale_table(tied)) == []
