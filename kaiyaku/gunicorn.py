"""gunicorn's settings for kaiyaku (`gunicorn -c python:kaiyaku.gunicorn kaiyaku.wsgi`).

A person's answers travel in the query string of every page (contract.md), so the access log
keeps the path only: no query string, and no Referer (it would carry the previous page's).
"""

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
