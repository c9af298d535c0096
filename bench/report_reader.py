"""Time to read a report: `python -m bench.report_reader [PDF ...]` (default: the sixteen samples).

For each file, the best of three in-process reads (wall and CPU time) (pypdf text and the reading rules) and one read as the
service does it (a child process, its start-up included); then the median and the worst of each over the
files. The machine's load average is printed beside, since a shared machine slows every figure.
"""

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

from app.reports.reader import ReportRefused, read_report_file_sync
from app.reports.rules import Unreadable, read_report
from app.reports.text import NotAReport, read_document

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "reports" / "samples"


def _in_process(data: bytes) -> tuple[float, float]:
    """(wall seconds, CPU seconds): on a shared machine the CPU time is the figure that load does not move."""
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.suppress(NotAReport, Unreadable):
        read_report(read_document(data))
    return time.perf_counter() - started, time.process_time() - cpu


def _child(data: bytes) -> float:
    started = time.perf_counter()
    with contextlib.suppress(ReportRefused):
        read_report_file_sync(data)
    return time.perf_counter() - started


def main(paths: list[Path]) -> None:
    inside, cpu, child = [], [], []
    for path in paths:
        data = path.read_bytes()
        best, best_cpu = min(_in_process(data) for _ in range(3))
        whole = _child(data)
        inside.append(best)
        cpu.append(best_cpu)
        child.append(whole)
        print(f"{path.name:48} {best:6.2f} s ({best_cpu:5.2f} s CPU) in process {whole:6.2f} s in the child")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {len(paths)} files")
    print(f"in process: median {statistics.median(inside):.2f} s, worst {max(inside):.2f} s")
    print(f"in process, CPU time: median {statistics.median(cpu):.2f} s, worst {max(cpu):.2f} s")
    print(f"child process (as the service reads): median {statistics.median(child):.2f} s, worst {max(child):.2f} s")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted(SAMPLES.glob("*.pdf")))
