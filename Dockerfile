# kaiyaku, served by gunicorn with DEBUG off. See README § Docker.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    DATABASE_URL=sqlite:////data/db.sqlite3 \
    KAIYAKU_REQUIRE_2FA=1 \
    KAIYAKU_PROXY_COUNT=1

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kaiyaku \
    && install -d -o kaiyaku -g kaiyaku /data

# gettext's msgfmt compiles the English catalogue (locale/en) at build time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Editable, so settings find templates/, static/ and fixtures/ next to the package in /app.
RUN pip install -e . \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input --verbosity 0 \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --locale en --verbosity 0

USER kaiyaku
VOLUME ["/data"]
EXPOSE 8000

# Sent with the first allowed host's name, so it passes the same Host check as real requests.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD \
    python -c "import os, urllib.request as u; \
host = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.*') or 'localhost'; \
u.urlopen(u.Request(f\"http://127.0.0.1:{os.environ['PORT']}/healthz\", headers={'Host': host}), timeout=4)"

# Each start adds only the seeded data that is absent, as `make run` does; no key, no start.
# kaiyaku/gunicorn.py chooses gthread workers; a buffering proxy goes in front (README §
# Deployment), hence one trusted proxy for the login throttle's client address.
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py seed && exec gunicorn -c python:kaiyaku.gunicorn kaiyaku.wsgi --bind 0.0.0.0:$PORT"]
