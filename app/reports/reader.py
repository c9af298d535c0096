"""Reading an uploaded report safely: in a child process, off the event loop, with a time and memory limit.

A PDF is a program of sorts; a hostile one (a pathological object tree, a decompression bomb) can take
any amount of time and memory in any PDF library. So the reading runs in a fresh ``python -m
app.reports.worker`` process that caps its own memory and CPU; the importer waits for it in a worker thread,
so the event loop runs on (at most ``MAX_CONCURRENT_READS`` reads at a time), and kills it when it overruns. Whatever goes wrong there is a
``ReportRefused`` (422 ``unrecognised-file``), never a 500, and nothing in the service is touched.
"""

import json
import subprocess
import sys
import threading
from dataclasses import asdict
from datetime import date
from typing import Any

from app.core.errors import ServiceUnavailable
from app.inspections.vocabulary import Area, FindingKind, Framework, Grade, InspectionType
from app.reports.rules import ReadReport

READ_TIMEOUT_SECONDS = 30.0
MAX_CONCURRENT_READS = 2
WORKER = [sys.executable, "-m", "app.reports.worker"]
_slots = threading.BoundedSemaphore(MAX_CONCURRENT_READS)


class ReportRefused(ValueError):
    """The file is not a report this service can read; the message says what was missing."""


def to_json(report: ReadReport) -> dict[str, Any]:
    out = asdict(report)
    for name in ("fieldwork_start", "fieldwork_end", "published_on"):
        out[name] = out[name].isoformat() if out[name] else None
    return out


def from_json(data: dict[str, Any]) -> ReadReport:
    published = data["published_on"]
    return ReadReport(
        title=data["title"],
        authority_name=data["authority_name"],
        type=InspectionType(data["type"]),
        framework=Framework(data["framework"]),
        fieldwork_start=date.fromisoformat(data["fieldwork_start"]),
        fieldwork_end=date.fromisoformat(data["fieldwork_end"]),
        lead_inspector=data["lead_inspector"],
        published_on=date.fromisoformat(published) if published else None,
        judgements=tuple((Area(a), Grade(g)) for a, g in data["judgements"]),
        findings=tuple((FindingKind(k), t) for k, t in data["findings"]),
    )


def _answer(returncode: int | None, stdout: bytes) -> ReadReport:
    try:
        answer = json.loads(stdout)
    except ValueError:
        answer = None
    if returncode != 0 or not isinstance(answer, dict):
        raise ReportRefused("the PDF could not be read: the reader gave up on it (out of memory or broken)")
    if "refused" in answer:
        raise ReportRefused(str(answer["refused"]))
    return from_json(answer["report"])


def _overran(timeout: float) -> ReportRefused:
    return ReportRefused(f"the PDF could not be read within {timeout:g} seconds (a report takes a few)")


def read_report_file_sync(data: bytes, limit_seconds: float = READ_TIMEOUT_SECONDS) -> ReadReport:
    """Read ``data`` as a report in a child process, killed when it overruns ``limit_seconds``. Blocking: the
    importer calls it in a worker thread, so the event loop runs on meanwhile. While ``MAX_CONCURRENT_READS``
    reports are being read, a further one waits at most ``limit_seconds`` for its turn, then is a 503."""
    if not _slots.acquire(timeout=limit_seconds):
        raise ServiceUnavailable(
            f"{MAX_CONCURRENT_READS} reports are being read already; try again shortly.", retry_after=10
        )
    try:
        done = subprocess.run(WORKER, input=data, capture_output=True, timeout=limit_seconds, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise _overran(limit_seconds) from None
    finally:
        _slots.release()
    return _answer(done.returncode, done.stdout)
