# The portal's image: one image, three roles (web, worker, beat) chosen by the command in compose.yaml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=alliance_portal.settings.production \
    DATA_DIR=/var/lib/portal

# pg_dump / pg_restore for `manage.py backup` and `restore`
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /app portal \
    && mkdir -p /var/lib/portal/reports /var/lib/portal/opendata && chown -R portal /var/lib/portal

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=portal . .
# Static files are collected at build time (WhiteNoise serves them with hashed names); the settings need values
# for their required variables, which are placeholders here and never used at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build DATABASE_URL=postgres://build/build REDIS_URL=redis://build:6379/0 \
    EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
    python manage.py collectstatic --noinput --verbosity 0

USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "runtime/gunicorn.conf.py", "alliance_portal.wsgi:application"]
