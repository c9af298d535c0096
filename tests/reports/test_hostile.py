"""Hostile files are refused (422 unrecognised-file at the API) in bounded time, by a child process that
is killed when it overruns; the service's own process never parses them. (That the service answers while a
report is read: ``test_import_pdf``.)"""

import sys
import threading
import time
from collections.abc import Callable

import pytest

from app.core.errors import ServiceUnavailable
from app.reports import reader
from app.reports.reader import ReportRefused, read_report_file_sync
from tests.reports import hostile

# A refusal comes from the child within this (its start-up included), far inside the reader's time limit.
PROMPT_SECONDS = 15.0

CASES: list[tuple[Callable[[], bytes], str]] = [
    (lambda: b"GIF89a not a pdf at all", "the file is not a PDF (it does not start with %PDF)"),
    (hostile.not_a_report, "the report cannot be read: no title of a report on a local authority's children's"),
    (hostile.image_only_scan, "the PDF has no text: an image-only scan cannot be read (no OCR here)"),
    (hostile.encrypted_report, "the PDF is encrypted with a password; upload the report as Ofsted publishes it"),
    (hostile.deeply_nested, "the PDF cannot be read (PdfReadError)"),
    (hostile.cyclic_page_tree, "the PDF cannot be read (PdfReadError)"),
    (hostile.thirty_megabytes_of_text, "page 1 draws with more content than a page of a report does"),
    (hostile.decompression_bomb, "the PDF could not be read (LimitReachedError)"),
]


@pytest.mark.parametrize(("make", "reason"), CASES, ids=[make.__name__ for make, _ in CASES])
def test_hostile_file_is_refused_promptly_saying_why(make: Callable[[], bytes], reason: str) -> None:
    data = make()
    started = time.monotonic()
    with pytest.raises(ReportRefused) as refused:
        read_report_file_sync(data)
    assert time.monotonic() - started < PROMPT_SECONDS
    assert str(refused.value).startswith(reason)


def test_a_reader_that_overruns_is_killed_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "WORKER", [sys.executable, "-c", "import time; time.sleep(120)"])
    started = time.monotonic()
    with pytest.raises(ReportRefused) as refused:
        read_report_file_sync(b"%PDF-1.7", limit_seconds=1.0)
    assert time.monotonic() - started < 5.0
    assert str(refused.value) == "the PDF could not be read within 1 seconds (a report takes a few)"


def test_a_worker_that_dies_is_a_refusal_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "WORKER", [sys.executable, "-c", "import os; os.abort()"])
    with pytest.raises(ReportRefused) as refused:
        read_report_file_sync(b"%PDF-1.7")
    assert str(refused.value) == "the PDF could not be read: the reader gave up on it (out of memory or broken)"


def test_a_read_waiting_beyond_the_limit_for_its_turn_is_a_503(monkeypatch: pytest.MonkeyPatch) -> None:
    busy = threading.BoundedSemaphore(1)
    busy.acquire()  # every slot taken by reads in progress
    monkeypatch.setattr(reader, "_slots", busy)
    with pytest.raises(ServiceUnavailable) as refused:
        read_report_file_sync(b"%PDF-1.7", limit_seconds=0.2)
    assert (refused.value.detail, refused.value.headers) == (
        "2 reports are being read already; try again shortly.",
        {"Retry-After": "10"},
    )
