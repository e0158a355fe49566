"""Serving: slow clients do not starve gunicorn, and the README and image say how it runs (item 9).

Three clients that send half a request used to hold both sync workers, so nobody else got an
answer. With kaiyaku/gunicorn.py's gthread workers each holds one thread; the README names the
buffering proxy in front and the worker class, and the Docker image runs the same config.
"""

import socket
import subprocess
import time

import pytest

from kaiyaku import gunicorn as gunicorn_config

from .test_settings import A_KEY, BIN, ROOT, clean_env

# A bound on waiting for an answer, so a starved server fails the test instead of hanging it.
ANSWER_WITHIN = 20


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_WITHIN) as conn:
        conn.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        return conn.recv(64).decode("latin-1")


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as `make run` starts it, on a free port."""
    port = _free_port()
    bind = f"127.0.0.1:{port}"
    env = clean_env(DJANGO_SECRET_KEY=A_KEY, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:kaiyaku.gunicorn", "kaiyaku.wsgi", "--bind", bind],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(200):  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn exited at start")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_three_slow_clients_do_not_keep_others_waiting(gunicorn):
    assert _get(gunicorn, "/no-such-page/").startswith("HTTP/1.1 404")  # workers are up
    slow = []
    try:
        for _ in range(3):
            conn = socket.create_connection(("127.0.0.1", gunicorn), timeout=ANSWER_WITHIN)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # …and the rest never comes
            slow.append(conn)

        assert _get(gunicorn, "/no-such-page/").startswith("HTTP/1.1 404")
    finally:
        for conn in slow:
            conn.close()


def test_make_run_and_the_image_start_gunicorn_with_gthread_workers():
    command = "gunicorn -c python:kaiyaku.gunicorn kaiyaku.wsgi"

    assert gunicorn_config.worker_class == "gthread"
    assert gunicorn_config.threads >= 4
    for path in ("Makefile", "Dockerfile"):
        text = (ROOT / path).read_text().replace("\\\n\t\t", "")
        assert command in text, path
        assert "--workers" not in text, path  # the config's count stands


def test_the_readme_names_the_buffering_proxy_and_the_worker_class():
    readme = (ROOT / "README.md").read_text()
    deployment = readme[readme.index("## Deployment") :]
    deployment = deployment[: deployment.index("\n## ", 1)]

    for words in ("buffering reverse proxy", "ends TLS", "redirects HTTP to HTTPS", "gthread"):
        assert words in deployment


def test_the_image_requires_the_second_factor():
    assert "KAIYAKU_REQUIRE_2FA=1" in (ROOT / "Dockerfile").read_text()
