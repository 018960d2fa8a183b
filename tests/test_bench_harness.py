"""The benchmark harness's arithmetic (bench/run.py) on a small recorded run: what wrk reported, the means of the
rounds, the ratios to the baselines of the same run, and the memory of a process tree."""

import os
import subprocess
import sys

import pytest

from bench.run import endpoint_figures, high_water_mark, megabytes, parse_wrk, rss_of_tree

# wrk 4.x with bench.run.WRK_SCRIPT, 1 s against a static file server (recorded); wrk's own summary line says
# "Requests/sec: 1472.61".
RECORDED = """Running 1s test @ http://127.0.0.1:8765/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.79ms    1.81ms  13.88ms   80.80%
    Req/Sec   740.30    185.57     0.99k    60.00%
  1475 requests in 1.00s, 1.87MB read
Requests/sec:   1472.61
Transfer/sec:      1.87MB
RESULT 1475 1001625 2177 6448 9256 0
"""


def test_wrk_figures_are_read_in_the_right_units():
    figures = parse_wrk("/", RECORDED)
    assert round(figures["rps"], 2) == 1472.61  # as wrk itself computed it
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (2.177, 6.448, 9.256)


def test_a_run_with_failed_requests_stops_the_benchmark():
    with pytest.raises(SystemExit, match="3 of 1475 requests failed"):
        parse_wrk("/api/v1/projects/", RECORDED.replace("9256 0", "9256 3"))


def run(rps: float, p95: float) -> dict:
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 2}


def test_each_endpoint_is_the_mean_of_its_rounds_and_a_ratio_to_the_baselines_of_the_same_run():
    runs = {
        "bare_page": [run(400, 10), run(600, 20)],
        "data_floor": [run(180, 30), run(220, 50)],
        "api_projects_list": [run(90, 100), run(110, 140)],
    }
    figures = endpoint_figures(runs, {"bare_page": 0, "data_floor": 2, "api_projects_list": 5})
    assert figures["api_projects_list"] == {
        "rps": 100, "p50_ms": 60, "p95_ms": 120, "p99_ms": 240, "queries": 5,
        "ratio_to_bare": 0.2, "ratio_to_data_floor": 0.5,
    }  # fmt: skip
    assert (figures["bare_page"]["ratio_to_bare"], figures["bare_page"]["ratio_to_data_floor"]) == (1.0, 2.5)
    assert figures["data_floor"]["ratio_to_data_floor"] == 1.0


def test_megabytes_are_mebibytes_to_one_decimal():
    assert megabytes(150 * 2**20 - 100 * 2**20) == 50.0
    assert megabytes(int(1.26 * 2**20)) == 1.3


def test_the_memory_of_a_process_tree_counts_its_children():
    before = rss_of_tree(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; b = bytearray(64 << 20); b[::4096] = b'x' * (len(b) // 4096); "
         "print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "ready"
        assert rss_of_tree(os.getpid()) - before >= 64 << 20
    finally:
        child.stdin.close()
        child.wait(30)


def test_a_jobs_peak_memory_is_its_own_not_the_harness():
    """A child of a big harness: its high-water mark counts its own 64 MB, not the harness's 400 MB (which is what
    ``wait4``'s ``ru_maxrss`` reports for a child started with ``vfork`` + ``exec``)."""
    harness = bytearray(400 * 2**20)
    harness[::4096] = b"\x01" * len(harness[::4096])  # touched, so it is resident
    code = (
        "import sys; x = bytearray(64 * 2**20); x[::4096] = b'\\x01' * len(x[::4096]); "
        "print('ready', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout.readline() == b"ready\n"
    peak = megabytes(high_water_mark(child.pid))
    child.communicate(b"")
    assert 64 <= peak < 200 and len(harness) == 400 * 2**20
    assert high_water_mark(child.pid) == 0  # gone
