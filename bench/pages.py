"""Page benchmark: a result page against a bare Django view, same server, same run.

`make bench` runs this. It serves the site as `make run` does (gunicorn, same workers, DEBUG off,
WhiteNoise, the whole middleware stack), with one extra route that exists only here: a view that
returns a short plain response, to show what the framework alone costs on this machine. wrk
(Debian's `wrk`) measures requests/s and latency for each; the ratio is what the result page
keeps of the bare view's throughput (target: at least 60 %).

Imported as a module (by gunicorn, through DJANGO_SETTINGS_MODULE=pages) this file is the bench
settings and URLconf: the product's settings and routes plus the bare route.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.60
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = "2"  # as `make run`
RESULT_ANSWERS = (
    "date=2026-10-30&goal=cancel&lines=2&options=tabuho&plan=giga-5gb&service=voice"
    "&sim=physical&time=21%3A00"
)

if __name__ != "__main__":
    # As the settings and URLconf of the benchmarked server.
    from kaiyaku.settings import *  # noqa: F403

    ROOT_URLCONF = "pages"

    def bare(request):
        from django.http import HttpResponse

        return HttpResponse("ok", content_type="text/plain")

    def __getattr__(name):
        # The URLconf is read after the apps are ready; kaiyaku.urls imports models.
        if name == "urlpatterns":
            from django.urls import include, path

            return [path("bench/bare/", bare), path("", include("kaiyaku.urls"))]
        raise AttributeError(name)


def _wait_until_up(base, server):
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("kaiyaku bench: the server stopped before it was ready")
        try:
            urllib.request.urlopen(base + "healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("kaiyaku bench: the server did not answer within 10 s")


def _wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"kaiyaku bench: {errors.group(1)} error responses from {url}")
    return rate, _latency(output, "50%"), _latency(output, "99%")


def _latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    if shutil.which("wrk") is None:
        sys.exit("kaiyaku bench: wrk is missing (apt-get install -y wrk)")
    port = os.environ.get("PORT", "8000")
    base = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pages",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "kaiyaku.wsgi", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*gunicorn, "--workers", WORKERS], cwd=ROOT, env=env)
    try:
        _wait_until_up(base, server)
        with urllib.request.urlopen(f"{base}result/?{RESULT_ANSWERS}") as response:
            result_url = response.url  # the canonical permalink, after its redirect
        bare_url = base + "bench/bare/"
        for url in (result_url, bare_url):  # warm both (snapshot cache, templates)
            for _ in range(20):
                urllib.request.urlopen(url).read()
        # Alternate the two, several rounds, and keep medians: a shared machine's noise then
        # falls on both alike.
        runs = {"result page": [], "bare view": []}
        for _ in range(ROUNDS):
            runs["result page"].append(_wrk(result_url))
            runs["bare view"].append(_wrk(bare_url))
        rows = {
            name: [statistics.median(column) for column in zip(*results, strict=True)]
            for name, results in runs.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"\nkaiyaku page benchmark: medians of {ROUNDS} alternating runs of {DURATION}, "
        f"{CONNECTIONS} connections, {WORKERS} workers"
    )
    print(f"{'':12} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for name, (rate, p50, p99) in rows.items():
        print(f"{name:12} {rate:10.1f} {p50:8.2f} {p99:8.2f}")
    ratio = rows["result page"][0] / rows["bare view"][0]
    verdict = "meets" if ratio >= TARGET else "BELOW"
    print(f"result page / bare view: {ratio:.0%} ({verdict} the {TARGET:.0%} target)")
    print(f"result URL: {result_url}")


if __name__ == "__main__":
    main()
