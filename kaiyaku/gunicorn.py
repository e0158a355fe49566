"""gunicorn's settings for kaiyaku (`gunicorn -c python:kaiyaku.gunicorn kaiyaku.wsgi`).

`make run` and the Docker image both start it so. The site runs behind a buffering proxy
(README § Deployment), which takes slow clients off gunicorn's hands; gthread workers are the
second line: a connection that has sent nothing yet waits in the worker's poller, and one that
trickles its request holds a single thread, not a whole worker as with the sync class.

A person's answers travel in the query string of every page (contract.md), so the access log
keeps the path only: no query string, and no Referer (it would carry the previous page's).
"""

import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 30  # a worker whose request runs longer is restarted
keepalive = 5  # seconds; the proxy's upstream keep-alive should be shorter
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
