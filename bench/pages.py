"""Page benchmark: result pages against a bare Django view, same server, same run.

`make bench` runs this. It serves the site as `make run` does (gunicorn, same workers, DEBUG off,
WhiteNoise, the whole middleware stack), with one extra route that exists only here: a view that
returns a short plain response, to show what the framework alone costs on this machine. wrk
(Debian's `wrk`) measures requests/s and latency of:

- the crowd: at least 1,000 distinct canonical permalinks made from varied answers (both goals,
  every service, abroad, share lines, instalments: tests/answer_sets.py), cycled in order by each
  wrk thread from its own starting point. The cycle is longer than the page cache can hold
  (CACHES' MAX_ENTRIES per worker), so every request renders its page; pieces of pages kept
  across results (kaiyaku.jinja2's rows and steps, the words said) are reused only where
  different people's results share them, since a cycle this long outruns what they keep of
  any one result. Target: ≥ 40 % of the bare view's req/s;
- one permalink repeated (a page served from the cache after its first request);
- the bare view;
- the floor: the crowd again, on a second server alike in everything but that its result view,
  once it has parsed and planned a result (and checked its ETag and the page cache, as always),
  answers with a page it made earlier instead of this result's words and HTML. No result page
  can cost less, so its ratio is the most any rendering could reach, and the CPU time between
  it and the distinct pages is what a result's words and HTML cost.

The four alternate, several rounds, and the medians are kept, so a shared machine's noise falls
on all alike. Each also gets the server's CPU time per request (its processes' CPU time from
/proc over the run, divided by the requests wrk counted), and the distinct pages' ratio is
printed in those terms as well: requests/s depends on what else the machine runs (wrk too, on
the same cores), the server's own CPU time much less.

Imported as a module (by gunicorn, through DJANGO_SETTINGS_MODULE=pages) this file is the bench
settings and URLconf: the product's settings and routes plus the bare route, and on the floor's
server (BENCH_PLANNED_ONLY=1) a result view without its words and HTML.
"""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.40
CROWD = int(os.environ.get("BENCH_CROWD", "2400"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))  # this machine is shared: its noise is large
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
THREADS = 2
WORKERS = "2"  # as `make run` (WEB_CONCURRENCY)

# Each wrk thread walks the whole list from its own starting point, one path per request.
CYCLE_SCRIPT = """
local paths = {%s}
local threads = 0
function setup(thread)
  thread:set("next", 1 + math.floor(threads * #paths / %d))
  threads = threads + 1
end
function request()
  local path = paths[next]
  next = next %% #paths + 1
  return wrk.format("GET", path)
end
"""

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
            from django.urls import path

            from kaiyaku.urls import urlpatterns  # i18n_patterns cannot be include()d

            if os.environ.get("BENCH_PLANNED_ONLY"):
                _plan_without_words()
            return [path("bench/bare/", bare), *urlpatterns]
        raise AttributeError(name)

    def _plan_without_words():
        """The floor's result view: all the result view does but its words and HTML. Each page
        plans its result (the one call of the page's own that remains) and answers with the
        first page this process made, as many bytes as a real one."""
        from kaiyaku.planner import plan
        from kaiyaku.result import views

        made = []
        make_page = views._result_page

        def planned_only(request, parsed, made_with, snapshot, now):
            plan(parsed, snapshot, now)
            if not made:
                made.append(make_page(request, parsed, made_with, snapshot, now))
            return made[0]

        views._result_page = planned_only


def _serve(port, env):
    """A server as `make run` serves (kaiyaku/gunicorn.py: gthread workers, access log); the log
    goes to /dev/null rather than the terminal."""
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:kaiyaku.gunicorn", "kaiyaku.wsgi"]
    return subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", WORKERS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


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


def _permalinks(port, count):
    """The canonical permalinks of `count` varied answer sets valid today, asked of the server."""
    sys.path.insert(0, str(ROOT))
    from tests.answer_sets import varied_queries

    links = []
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for query in varied_queries(count * 3, seed=13):
        connection.request("GET", "/result/?" + urllib.parse.urlencode(query))
        response = connection.getresponse()
        response.read()
        link = response.getheader("Location")
        # Answers out of today's date window come back as 400; two answer sets can meet.
        if response.status == 302 and link not in links:
            links.append(link)
        if len(links) == count:
            break
    connection.close()
    if len(links) < count:
        sys.exit(f"kaiyaku bench: only {len(links)} distinct permalinks, {count} wanted")
    return links


def _server_cpu_seconds(server):
    """CPU time the server's processes (master and workers) have used so far, from /proc: unlike
    requests/s, it does not move with what else the machine runs, wrk included."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [server.pid, *Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a worker restarted between the two reads
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _wrk(url, server, script=None):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    cpu_before = _server_cpu_seconds(server)
    output = subprocess.run(
        [*command, *(["-s", script] if script else []), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cpu = _server_cpu_seconds(server) - cpu_before
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"kaiyaku bench: {errors.group(1)} error responses from {url}")
    return rate, _latency(output, "50%"), _latency(output, "99%"), cpu / requests * 1000


def _latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def _page_cache_size():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiyaku.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300)


def main():
    if shutil.which("wrk") is None:
        sys.exit("kaiyaku bench: wrk is missing (apt-get install -y wrk)")
    capacity = _page_cache_size() * int(WORKERS)
    if os.environ.get("REDIS_URL") or capacity >= CROWD:
        sys.exit(f"kaiyaku bench: the crowd must outgrow the page cache (local memory, {capacity})")
    port = os.environ.get("PORT", "8000")
    base = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pages",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    server = _serve(port, env)
    floor_port = str(int(port) + 1)
    floor_base = f"http://127.0.0.1:{floor_port}/"
    floor = _serve(floor_port, {**env, "BENCH_PLANNED_ONLY": "1"})
    try:
        _wait_until_up(base, server)
        _wait_until_up(floor_base, floor)
        links = _permalinks(int(port), CROWD)
        one_url = base + links[0].lstrip("/")
        bare_url = base + "bench/bare/"
        # Warm each (snapshot cache, templates; the floor's page)
        for url in (one_url, bare_url, floor_base + links[0].lstrip("/")):
            for _ in range(20):
                urllib.request.urlopen(url).read()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            paths = ",".join(f'"{link}"' for link in links)
            script.write(CYCLE_SCRIPT % (paths, THREADS))
        runs = {"distinct pages": [], "one URL": [], "bare view": [], "floor": []}
        for _ in range(ROUNDS):
            runs["distinct pages"].append(_wrk(base, server, script.name))
            runs["one URL"].append(_wrk(one_url, server))
            runs["bare view"].append(_wrk(bare_url, server))
            runs["floor"].append(_wrk(floor_base, floor, script.name))
        os.unlink(script.name)
        rows = {
            name: [statistics.median(column) for column in zip(*results, strict=True)]
            for name, results in runs.items()
        }
    finally:
        for process in (server, floor):
            process.terminate()
            process.wait(timeout=10)
    print(
        f"\nkaiyaku page benchmark: medians of {ROUNDS} alternating runs of {DURATION}, "
        f"{CONNECTIONS} connections, {WORKERS} workers; the crowd is {CROWD} distinct "
        f"permalinks, the page cache holds at most {capacity}"
    )
    print(f"{'':15} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11}")
    for name, (rate, p50, p99, cpu) in rows.items():
        print(f"{name:15} {rate:10.1f} {p50:8.2f} {p99:8.2f} {cpu:11.2f}")
    bare_rate = rows["bare view"][0]
    for name in ("distinct pages", "one URL", "floor"):
        ratio = rows[name][0] / bare_rate
        verdict = f" ({'meets' if ratio >= TARGET else 'BELOW'} the {TARGET:.0%} target)"
        print(f"{name} / bare view: {ratio:.0%}" + (verdict if name == "distinct pages" else ""))
    # The same comparison in the server's own CPU time per request, which the machine's other
    # work (and wrk's share of the two cores) does not move: how many of these pages the server
    # could serve for each bare view.
    cpu = {name: row[3] for name, row in rows.items()}
    for name in ("distinct pages", "floor"):
        ratio = cpu["bare view"] / cpu[name]
        print(f"{name} / bare view, by the server's CPU time per request: {ratio:.0%}")
    # What a result's words and HTML cost, and what the target leaves them: the CPU time a page
    # may take at the target, less what it takes before any of its words are said.
    words_and_html = cpu["distinct pages"] - cpu["floor"]
    left = cpu["bare view"] / TARGET - cpu["floor"]
    print(
        f"a result's words and HTML: {words_and_html:.2f} ms of CPU; "
        f"the {TARGET:.0%} target leaves them {left:.2f} ms"
    )
    print(f"one URL: {one_url}")


if __name__ == "__main__":
    main()
