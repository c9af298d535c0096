"""What ``ilacs serve --workers N`` sets up for its worker processes.

uvicorn's master process starts the workers and restarts any that die, but nothing stops the workers if the
master itself dies (SIGKILL, OOM killer): they would go on serving, holding the port, and a restart would fail
with "Address already in use". Each worker therefore watches its parent and shuts itself down (gracefully,
then at once after ``EXIT_GRACE_SECONDS``) as soon as the master is gone.
"""

import atexit
import logging
import os
import shutil
import signal
import tempfile
import threading
import time

log = logging.getLogger("ilacs.supervision")
SUPERVISOR_ENV = "ILACS_SUPERVISOR_PID"
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
POLL_SECONDS = 0.5
EXIT_GRACE_SECONDS = 10.0


def prepare_workers(workers: int) -> None:
    """In the master, before the workers start: name the master, and give the workers one metrics directory."""
    if workers <= 1:
        return
    os.environ[SUPERVISOR_ENV] = str(os.getpid())
    metrics_dir = tempfile.mkdtemp(prefix="ilacs-metrics-")
    os.environ[METRICS_DIR_ENV] = metrics_dir
    atexit.register(shutil.rmtree, metrics_dir, ignore_errors=True)


def watch_supervisor() -> None:
    """In a worker: stop when the master that started it is gone."""
    supervisor = os.environ.get(SUPERVISOR_ENV)
    if not supervisor or int(supervisor) == os.getpid() or os.getppid() != int(supervisor):
        return
    threading.Thread(target=_watch, args=(int(supervisor),), name="ilacs-supervisor-watch", daemon=True).start()


def _watch(supervisor: int) -> None:
    while os.getppid() == supervisor:
        time.sleep(POLL_SECONDS)
    log.warning("the ilacs serve master (pid %d) is gone: this worker stops", supervisor)
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's graceful shutdown: finish the requests in progress
    time.sleep(EXIT_GRACE_SECONDS)
    os._exit(1)
