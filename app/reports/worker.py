"""The child process that reads one report: PDF bytes on stdin, one JSON object on stdout.

``{"report": {...}}`` when the report was read, ``{"refused": "what was missing"}`` when it was not. It caps
its own address space and CPU time first, so a hostile file ends it rather than the machine.
"""

import json
import resource
import sys

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
CPU_LIMIT_SECONDS = 60


def _limit() -> None:
    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES), (resource.RLIMIT_CPU, CPU_LIMIT_SECONDS)):
        _, hard = resource.getrlimit(limit)
        resource.setrlimit(limit, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def main() -> None:
    _limit()
    data = sys.stdin.buffer.read()
    from app.reports.reader import to_json
    from app.reports.rules import Unreadable, read_report
    from app.reports.text import NotAReport, read_document

    try:
        answer: dict[str, object] = {"report": to_json(read_report(read_document(data)))}
    except (NotAReport, Unreadable) as exc:
        answer = {"refused": str(exc)}
    except (MemoryError, RecursionError):
        answer = {"refused": "the PDF could not be read: its structure is too deep or too large for a report"}
    except Exception as exc:  # whatever else a malformed file makes the PDF library raise
        answer = {"refused": f"the PDF could not be read ({type(exc).__name__})"}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
