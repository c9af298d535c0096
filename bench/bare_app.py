"""(a) The framework ceiling: a bare FastAPI app answering a constant small JSON."""

from fastapi import FastAPI

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
BODY = {"status": "ok", "service": "bare"}


@app.get("/")
async def constant() -> dict[str, str]:
    return BODY
