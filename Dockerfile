# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ILACS_DATA_DIR=/data
RUN useradd --system --uid 10001 --home-dir /srv ilacs && mkdir -p /data && chown ilacs /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY --chown=ilacs migrations ./migrations
COPY --chown=ilacs app ./app
USER ilacs
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/live').status != 200)"
CMD ["ilacs", "serve", "--host", "0.0.0.0", "--port", "8000"]
