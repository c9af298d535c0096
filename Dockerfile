# syntax=docker/dockerfile:1
# Build the wheel (it carries the migrations and the reference data), install it into a venv, and ship only
# that venv: the running image holds no source tree, as any other installation of the package.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY app ./app
COPY migrations ./migrations
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist . \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir /dist/*.whl

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ILACS_DATA_DIR=/data
RUN useradd --system --uid 10001 --home-dir /srv ilacs && mkdir -p /data /srv && chown ilacs /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
USER ilacs
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/live').status != 200)"
CMD ["ilacs", "serve", "--host", "0.0.0.0", "--port", "8000"]
