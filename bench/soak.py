"""Soak: mixed traffic on two workers over PostgreSQL, with one worker killed and the
database restarted under load; counts failures, latency and acknowledged writes lost.

    .venv/bin/python bench/soak.py               # 10 minutes of paced traffic (~12 in all)
    .venv/bin/python bench/soak.py --minutes 1   # a quick try (~3 minutes in all)

Everything runs on 127.0.0.1, in a temporary directory removed at the end, and every
process started here is stopped on the way out (also on Ctrl-C or SIGTERM):

1. A PostgreSQL cluster of its own: ``initdb`` (trust auth) and ``pg_ctl`` of the newest
   server under /usr/lib/postgresql, on a free port of 127.0.0.1 (as the ``postgres``
   user through ``runuser`` when run as root), and a database in it.
2. From a copy of src/ taken at the start (edits to the tree during the run do not reach
   it), ``thepost migrate``, ``thepost demo`` and ``thepost createuser`` (two editors), then
   ``thepost serve --workers 2`` with ``THEPOST_TRUSTED_PROXIES=127.0.0.1``: each simulated
   reader sends its own ``X-Forwarded-For`` address (from 198.18.0.0/15, the range kept
   for benchmarks; never connected to), as nginx in front would, so the per-address
   limits see many readers rather than one.
3. Capacity: the mix below, closed-loop, from 32 concurrent clients for 20 s.
4. The mix paced at 80 % of that rate for ``--minutes``: kept pages (home, sections,
   articles), pages that are not kept (articles with ``?replytocom=``, searches of random
   words, suggestions), comments (the article is read, the form's fields and signed stamp
   taken, and the comment posted 3.5 s later with ``Origin``, as a browser does) and
   newsroom saves (each editor signed in at /admin/login saves a draft of their own
   through the editor form).
5. At a third of the run one worker gets SIGKILL (uvicorn's supervisor starts another);
   at two thirds PostgreSQL is restarted (``pg_ctl restart -m fast``).
6. Acknowledged writes (a comment answered 303; a save answered 303 to ``?done=save``)
   carry a unique marker in their text; afterwards the database is read directly and
   the missing ones counted.

The report: requests, statuses (429 apart from 5xx), requests with no answer (connection
errors, timeouts) and p50/p95/p99 latency, per kind and overall; each fault's window,
from the fault to the end of the first successful request sent after it (after the
kill for the worker; after PostgreSQL was back, of a kind that needs the database, for
the restart), with what failed inside and outside the windows; writes acknowledged and
lost; the exceptions in the server's log, inside and outside the windows. The exit
status is 1 when a request was answered 5xx outside the fault windows, an acknowledged
write is missing, or the load itself raised; requests with no answer outside the windows
are listed with how long after a window they came, not judged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import itertools
import math
import os
import pwd
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx2 as httpx
import psycopg

SRC = Path(__file__).resolve().parent.parent / "src"
THEPOST = [sys.executable, "-m", "thepost"]
INITDB = ("--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions")
WORKERS = 2
EDITORS = 2
CAPACITY_CLIENTS = 32
PACED_SHARE = 0.8
MAX_IN_FLIGHT = 400  # operations under way at once; an arrival beyond it is skipped
COMMENT_WAIT = 3.5  # seconds from reading the form to posting (the policy holds < 3 s)
TIMEOUT = 30.0
# Operation: weight. A comment and a save are two requests each (read, then post).
MIX = {
    "home": 8, "section": 10, "article": 40, "article_query": 10,
    "search": 12, "suggest": 15, "comment": 3, "save": 2,
}  # fmt: skip
REQUESTS_PER_OP = {"comment": 2, "save": 2}
# Kinds of request that reach the database (a kept page is answered from memory).
NEEDS_DATABASE = frozenset({"article_query", "search", "suggest", "comment", "editor", "save"})
KINDS = [
    "home",
    "section",
    "article",
    "article_query",
    "search",
    "suggest",
    "comment",
    "editor",
    "save",
    "login",
]
SENTENCES = [
    "Thanks for the careful reporting on this.",
    "I would like to read more about what happens next.",
    "The council should publish the full figures.",
    "My neighbours were talking about exactly this last week.",
    "Good to see the numbers laid out so clearly.",
    "I am not sure the second point follows from the first.",
]


# -- PostgreSQL --------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster in ``root``: 127.0.0.1 and ``port`` only, trust auth."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.data, self.log = root / "data", root / "postgres.log"
        initdb = max(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major_version)
        self.bin = Path(initdb).parent
        self.user = _unprivileged_user() if os.geteuid() == 0 else None

    def url(self, database: str, driver: str = "postgresql") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def create(self) -> None:
        self.root.mkdir()
        if self.user:
            shutil.chown(self.root, self.user, pwd.getpwnam(self.user).pw_gid)
        self._run("initdb", f"--pgdata={self.data}", *INITDB)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
            )
        self._pg_ctl("start")
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE thepost")

    def restart(self) -> None:
        self._pg_ctl("restart", "--mode=fast")

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        for mode in ("fast", "immediate"):
            if self._pg_ctl("stop", f"--mode={mode}", check=False).returncode == 0:
                return

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._run(
            "pg_ctl",
            f"--pgdata={self.data}",
            f"--log={self.log}",
            "--wait",
            "--timeout=60",
            *args,
            check=check,
        )

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120)
        if check and done.returncode:
            raise RuntimeError(f"{program} failed:\n{done.stdout}{done.stderr}")
        return done


def _major_version(path: str) -> int:
    return int(Path(path).parent.parent.name)


def _unprivileged_user() -> str:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name).pw_name
    raise RuntimeError("PostgreSQL refuses to run as root, and there is no postgres user")


# -- the site ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    email: str
    password: str


class Site:
    """The Post on PostgreSQL, served by ``thepost serve --workers 2`` on ``port``."""

    def __init__(self, root: Path, database_url: str, port: int) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = root / "server.log"
        self.editors = [
            Account(f"soak-editor-{n}@example.org", secrets.token_urlsafe(24))
            for n in range(1, EDITORS + 1)
        ]
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("THEPOST_")}
        self.env = inherited | {
            "PYTHONPATH": str(root / "src"),  # the copy taken at the start
            "THEPOST_DATABASE_URL": database_url,
            "THEPOST_DATA_DIR": str(root / "site"),
            "THEPOST_SECRET_KEY": secrets.token_urlsafe(48),
            "THEPOST_BASE_URL": self.base,
            "THEPOST_TRUSTED_PROXIES": "127.0.0.1",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def prepare(self, articles: int) -> None:
        self._cli("migrate")
        self._cli("demo", "--articles", str(articles))
        for n, editor in enumerate(self.editors, 1):
            account = [f"--email={editor.email}", f"--password={editor.password}"]
            self._cli("createuser", *account, "--role=editor", f"--name=Soak Editor {n}")

    def _cli(self, *args: str) -> None:
        done = subprocess.run(
            [*THEPOST, *args], env=self.env, capture_output=True, text=True, timeout=900
        )
        if done.returncode:
            raise RuntimeError(f"thepost {args[0]} failed:\n{done.stdout}{done.stderr}")

    def start(self) -> None:
        with self.log.open("ab") as log:
            command = ["serve", "--host=127.0.0.1", f"--port={self.port}", f"--workers={WORKERS}"]
            self.process = subprocess.Popen(
                [*THEPOST, *command],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text()[-3000:]}")
            if len(self.workers()) == WORKERS and self.ready():
                return
            time.sleep(0.5)
        raise RuntimeError("the server was not ready within 180 s")

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.base}/readyz", trust_env=False, timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def workers(self) -> list[int]:
        """The worker processes: the server's children started by multiprocessing."""
        if self.process is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int(_stat(entry)[1])
                command = (entry / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.process.pid and b"spawn_main" in command:
                found.append(int(entry.name))
        return sorted(found)

    def stop(self) -> None:
        """SIGTERM to the server (a graceful stop), then SIGKILL to whatever is left of
        its process group, which holds only the server and its workers."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _stat(proc_dir: Path) -> list[str]:
    """The fields of /proc/PID/stat after the command name: state, ppid, ..."""
    return (proc_dir / "stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(Path(f"/proc/{pid}"))
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- forms -------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields a browser would send from the first form ``wanted(attributes)`` picks:
    inputs with a name (checked boxes only, no buttons or files), textareas, and each
    select's chosen option (or its first); also every select's option values."""

    def __init__(self, wanted: Callable[[dict[str, str]], bool]) -> None:
        super().__init__()
        self.wanted = wanted
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = {}
        self._state = "before"  # before, inside, after
        self._textarea: tuple[str, list[str]] | None = None
        self._select: list[str | None] | None = None  # name, chosen, first

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self._state == "before" and self.wanted(a):
            self._state, self.action = "inside", a.get("action", "").split("#")[0]
        elif self._state != "inside":
            return
        elif tag == "input":
            self._input(a)
        elif tag == "textarea":
            self._textarea = (a.get("name", ""), [])
        elif tag == "select":
            self._select = [a.get("name", ""), None, None]
        elif tag == "option" and self._select is not None:
            self.options.setdefault(str(self._select[0]), []).append(a.get("value", ""))
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if not a.get("name") or kind in ("submit", "button", "image", "file", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._state != "inside":
            return
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append((str(name), chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "form":
            self._state = "after"


def read_form(html: str, wanted: Callable[[dict[str, str]], bool]) -> FormReader | None:
    reader = FormReader(wanted)
    reader.feed(html)
    return reader if reader.action is not None else None


def comment_form(html: str) -> FormReader | None:
    """The article's comment form (cut out first: the page is long)."""
    start = html.find('<form class="comment-form"')
    end = html.find("</form>", start)
    if start < 0 or end < 0:
        return None
    return read_form(html[start : end + 7], lambda a: True)


def with_values(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """``fields`` with the named ones set (added when missing)."""
    kept = [(k, v) for k, v in fields if k not in values]
    return kept + list(values.items())


# -- traffic -----------------------------------------------------------------------------


class NoCookies(DefaultCookiePolicy):
    """Readers keep no cookies: a commenter cookie would take them past the page cache."""

    def set_ok(self, cookie: object, request: object) -> bool:
        return False


@dataclass(slots=True, frozen=True)
class Record:
    kind: str
    start: float
    end: float
    status: int  # 0: no answer (connection error, timeout)


@dataclass(frozen=True)
class Failure:
    record: Record
    path: str
    detail: str


@dataclass
class Editor:
    account: Account
    client: httpx.AsyncClient
    address: str
    article_id: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class Phase:
    records: list[Record] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0  # arrivals not sent: MAX_IN_FLIGHT operations were under way
    seconds: float = 0.0
    client_cpu: float = 0.0


def _client(base: str, cookies: CookieJar | None = None) -> httpx.AsyncClient:
    # Kept connections expire before the server's keep-alive (5 s) closes them, so that
    # no request races the server's idle timeout.
    limits = httpx.Limits(
        max_connections=MAX_IN_FLIGHT, max_keepalive_connections=64, keepalive_expiry=2.0
    )
    return httpx.AsyncClient(
        base_url=base, cookies=cookies, trust_env=False, timeout=TIMEOUT, limits=limits
    )


class Load:
    """The simulated readers and editors, and what they saw."""

    def __init__(self, base: str, run_id: str) -> None:
        self.base, self.run_id = base, run_id
        self.reader = _client(base, CookieJar(NoCookies()))
        self.phase = Phase()
        self.comment_wait = 0.0
        self.serial = itertools.count(1)
        self.sent: dict[str, set[str]] = {"comment": set(), "save": set()}
        self.acked: dict[str, set[str]] = {"comment": set(), "save": set()}
        self.client_errors: list[str] = []
        self.articles: list[str] = []
        self.commentable: list[str] = []
        self.sections: list[str] = []
        self.words: list[str] = []
        self.editors: list[Editor] = []

    async def close(self) -> None:
        for client in [self.reader, *(e.client for e in self.editors)]:
            await client.aclose()

    # setup

    async def discover(self) -> None:
        """Articles from the sitemaps; each read once (which warms the caches) to see
        whether its comments are open; search words from their slugs."""
        for sitemap in _locations(await self._fetch("/sitemap.xml")):
            if "sitemap-articles-" in sitemap:
                self.articles += [urlsplit(u).path for u in _locations(await self._fetch(sitemap))]
        if not self.articles:
            raise RuntimeError("the sitemaps list no articles")
        for path in self.articles:
            if 'class="comment-form"' in await self._fetch(path):
                self.commentable.append(path)
        self.sections = sorted({"/" + p.split("/")[1] for p in self.articles})
        slugs = "-".join(p.rsplit("/", 1)[1] for p in self.articles)
        self.words = sorted({w for w in slugs.split("-") if len(w) >= 4 and w.isalpha()})

    async def _fetch(self, path: str) -> str:
        response = await self.reader.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
        return response.text

    async def add_editors(self, accounts: Iterable[Account]) -> None:
        """Each editor signs in and creates a draft to save again and again."""
        for n, account in enumerate(accounts, 1):
            editor = Editor(account, _client(self.base), f"198.19.255.{n}")
            self.editors.append(editor)
            if not await self.sign_in(editor):
                raise RuntimeError(f"{account.email} could not sign in")
            page = await self.send("editor", "GET", "/admin/articles/new", editor=editor)
            form = None if page is None else read_form(page.text, lambda a: a.get("id") == "editor")
            if form is None:
                raise RuntimeError("no editor form at /admin/articles/new")
            section = next(v for v in form.options.get("section_id", []) if v)
            fields = with_values(
                form.fields,
                title=f"Soak draft {n}",
                body="A draft saved under load.",
                section_id=section,
                intent="save",
            )
            response = await self.send(
                "save", "POST", form.action or "", editor=editor, form=fields
            )
            location = response.headers.get("location", "") if response is not None else ""
            created = re.search(r"/admin/articles/(\d+)", location)
            if response is None or response.status_code != 303 or created is None:
                raise RuntimeError(f"creating a draft: {response and response.status_code}")
            editor.article_id = int(created[1])

    async def sign_in(self, editor: Editor) -> bool:
        page = await self.send("login", "GET", "/admin/login", editor=editor)
        if page is None or page.status_code != 200:
            return False
        form = read_form(page.text, lambda a: a.get("action", "") == "/admin/login")
        if form is None:
            return False
        fields = with_values(
            form.fields, email=editor.account.email, password=editor.account.password
        )
        response = await self.send("login", "POST", "/admin/login", editor=editor, form=fields)
        return response is not None and response.status_code == 303

    # requests

    async def send(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        editor: Editor | None = None,
        address: str = "",
        form: list[tuple[str, str]] | None = None,
    ) -> httpx.Response | None:
        """A request as a reader (from ``address``, or a random one) or as ``editor``; a
        ``form`` is posted as a browser posts it, from the site's own page."""
        address = editor.address if editor else address or _reader_address()
        headers = {"X-Forwarded-For": address}
        if form is not None:
            headers |= {
                "Origin": self.base,
                "Sec-Fetch-Site": "same-origin",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        content = urlencode(form) if form is not None else None
        client = editor.client if editor else self.reader
        start = time.monotonic()
        try:
            response = await client.request(method, path, headers=headers, content=content)
        except httpx.HTTPError as exc:
            self._record(Record(kind, start, time.monotonic(), 0), path, repr(exc))
            return None
        self._record(Record(kind, start, time.monotonic(), response.status_code), path, "")
        return response

    def _record(self, record: Record, path: str, detail: str) -> None:
        self.phase.records.append(record)
        if record.status == 0 or record.status >= 500:
            self.phase.failures.append(Failure(record, path, detail))

    # operations

    async def run(self, operation: str) -> None:
        try:
            await getattr(self, f"op_{operation}")()
        except Exception:  # a bug here must not end the run unseen
            self.client_errors.append(traceback.format_exc())

    async def op_home(self) -> None:
        await self.send("home", "GET", "/")

    async def op_section(self) -> None:
        await self.send("section", "GET", random.choice(self.sections))

    async def op_article(self) -> None:
        await self.send("article", "GET", random.choice(self.articles))

    async def op_article_query(self) -> None:
        path = random.choice(self.articles)
        await self.send("article_query", "GET", f"{path}?replytocom={random.randrange(1, 10**6)}")

    async def op_search(self) -> None:
        words = random.sample(self.words, random.choice((1, 1, 2, 3)))
        await self.send("search", "GET", "/search?" + urlencode({"q": " ".join(words)}))

    async def op_suggest(self) -> None:
        word = random.choice(self.words)
        prefix = word[: random.randint(3, len(word))]
        await self.send("suggest", "GET", "/search/suggest?" + urlencode({"q": prefix}))

    async def op_comment(self) -> None:
        page = await self.send("article", "GET", random.choice(self.commentable))
        form = comment_form(page.text) if page is not None and page.status_code == 200 else None
        if form is None:
            return
        await asyncio.sleep(self.comment_wait)
        n = next(self.serial)
        marker = f"{self.run_id}-c{n}"
        fields = with_values(
            form.fields,
            author=f"Reader {n}",
            email=f"reader{n}.{self.run_id}@example.net",
            comment=f"{' '.join(random.sample(SENTENCES, 2))} (ref {marker})",
        )
        address = f"198.19.{n // 250 % 250}.{n % 250 + 1}"  # one reader, one address
        self.sent["comment"].add(marker)
        response = await self.send(
            "comment", "POST", form.action or "", address=address, form=fields
        )
        if response is not None and response.status_code == 303:
            self.acked["comment"].add(marker)

    async def op_save(self) -> None:
        editor = random.choice(self.editors)
        async with editor.lock:  # one editor saves one draft at a time, as in a browser
            path = f"/admin/articles/{editor.article_id}"
            page = await self.send("editor", "GET", path, editor=editor)
            if page is None or page.status_code != 200:
                if page is not None and "/admin/login" in page.headers.get("location", ""):
                    await self.sign_in(editor)  # the session ended: sign in again
                return
            form = read_form(page.text, lambda a: a.get("id") == "editor")
            if form is None:
                return
            marker = f"{self.run_id}-s{next(self.serial)}"
            fields = with_values(
                form.fields, standfirst=f"Saved under load ({marker}).", intent="save"
            )
            self.sent["save"].add(marker)
            response = await self.send(
                "save", "POST", form.action or path, editor=editor, form=fields
            )
            location = response.headers.get("location", "") if response is not None else ""
            if response is not None and response.status_code == 303 and "done=save" in location:
                self.acked["save"].add(marker)

    # phases

    def pick(self) -> str:
        return random.choices(list(MIX), weights=list(MIX.values()))[0]

    def requests_per_op(self) -> float:
        total = sum(MIX.values())
        return sum(w * REQUESTS_PER_OP.get(op, 1) for op, w in MIX.items()) / total

    async def closed_loop(self, clients: int, seconds: float) -> Phase:
        """``clients`` each sending the mix back to back (comments posted at once)."""
        self.phase, self.comment_wait = Phase(), 0.0
        cpu, start = time.process_time(), time.monotonic()
        deadline = start + seconds

        async def client() -> None:
            while time.monotonic() < deadline:
                await self.run(self.pick())

        await asyncio.gather(*(client() for _ in range(clients)))
        return self._finish(start, cpu)

    async def paced(self, rate: float, start: float, seconds: float) -> Phase:
        """Operations at even intervals, ``rate`` requests a second in all, whatever the
        answers take (at most MAX_IN_FLIGHT operations under way)."""
        self.phase, self.comment_wait = Phase(), COMMENT_WAIT
        cpu = time.process_time()
        interval = self.requests_per_op() / rate
        tasks: set[asyncio.Task[None]] = set()
        for n in range(math.floor(seconds / interval)):
            # Always yield, even when late, so that the operations under way progress.
            await asyncio.sleep(max(0.0, start + n * interval - time.monotonic()))
            if len(tasks) >= MAX_IN_FLIGHT:
                self.phase.skipped += 1
                continue
            task = asyncio.create_task(self.run(self.pick()))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=TIMEOUT * 3)
        return self._finish(start, cpu)

    def _finish(self, start: float, cpu: float) -> Phase:
        self.phase.seconds = time.monotonic() - start
        self.phase.client_cpu = time.process_time() - cpu
        return self.phase


def _reader_address() -> str:
    return f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"


SITEMAP_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"  # not image:loc


def _locations(xml: str) -> list[str]:
    return [e.text or "" for e in ElementTree.fromstring(xml).iter(SITEMAP_LOC)]


# -- faults ------------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    start: float  # the fault begins
    ready: float  # the action is over: the worker is dead, PostgreSQL is back
    kinds: frozenset[str] | None  # requests that show recovery (None: any)
    note: str = ""
    end: float | None = None  # the window's end (None: never recovered)

    def covers(self, start: float, end: float) -> bool:
        """Whether the span from ``start`` to ``end`` meets the window."""
        return start <= (math.inf if self.end is None else self.end) and end >= self.start


async def inject_faults(site: Site, pg: Postgres, start: float, seconds: float) -> list[Fault]:
    await asyncio.sleep(max(0.0, start + seconds / 3 - time.monotonic()))
    before = site.workers()
    victim = before[0]
    killed = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    kill = Fault(f"worker SIGKILL (pid {victim})", killed, killed, None)
    new = await _replacement(site, set(before))
    kill.note = (
        f"replacement pid {new[0]} seen {new[1] - killed:.2f} s after the kill"
        if new
        else "no replacement worker within 60 s"
    )
    await asyncio.sleep(max(0.0, start + 2 * seconds / 3 - time.monotonic()))
    began = time.monotonic()
    await asyncio.to_thread(pg.restart)
    back = time.monotonic()
    restart = Fault(
        "PostgreSQL restart",
        began,
        back,
        NEEDS_DATABASE,
        f"pg_ctl restart -m fast took {back - began:.2f} s",
    )
    return [kill, restart]


async def _replacement(site: Site, before: set[int]) -> tuple[int, float] | None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        new = set(site.workers()) - before
        if new:
            return min(new), time.monotonic()
        await asyncio.sleep(0.05)
    return None


def close_windows(faults: list[Fault], records: list[Record]) -> None:
    """Each window ends with the first successful request sent once the action was over."""
    for fault in faults:
        fault.end = min(
            (
                r.end
                for r in records
                if r.start >= fault.ready
                and 200 <= r.status < 400
                and (fault.kinds is None or r.kind in fault.kinds)
            ),
            default=None,
        )


async def sample_log(path: Path, samples: list[tuple[float, int]]) -> None:
    """The server log's size four times a second: when each line was written, roughly."""
    while True:
        samples.append((time.monotonic(), path.stat().st_size))
        await asyncio.sleep(0.25)


# -- checking ----------------------------------------------------------------------------


@dataclass
class Stored:
    markers: set[str]  # of comments and saves found in the database
    comment_statuses: Counter[str]  # approved, pending, spam
    unsigned_stamps: int  # comments held because the form's stamp did not verify


def stored_writes(dsn: str, run_id: str) -> Stored:
    """This run's comments and the article revisions its saves left."""
    with psycopg.connect(dsn) as conn:
        comments = conn.execute(
            "SELECT body, status, reasons::text FROM comments WHERE body LIKE %s",
            (f"%{run_id}-c%",),
        ).fetchall()
        revisions = conn.execute(
            "SELECT snapshot::text FROM revisions WHERE snapshot::text LIKE %s",
            (f"%{run_id}-s%",),
        ).fetchall()
    texts = [body for body, _, _ in comments] + [snapshot for (snapshot,) in revisions]
    return Stored(
        markers=set(re.findall(rf"{run_id}-[cs]\d+", "\n".join(texts))),
        comment_statuses=Counter(status for _, status, _ in comments),
        unsigned_stamps=sum("forged" in reasons for _, _, reasons in comments),
    )


# Lines of a traceback that say nothing by themselves.
GLUE = (
    "Traceback (most recent call last)",
    "The above exception was the direct cause",
    "During handling of the above exception",
    "(Background on this error at",
)


@dataclass
class LogEntry:
    after: float  # written after this sample of the log's size
    by: float  # and by this one (samples are a quarter of a second apart)
    text: str  # an unindented line: a message, or an exception's line
    index: int  # its line number in the log


def log_entries(lines: list[str], samples: list[tuple[float, int]]) -> list[LogEntry]:
    """The log's entries written since the first sample, each with when it was written."""
    entries: list[LogEntry] = []
    offset = 0
    for index, line in enumerate(lines):
        offset += len(line.encode()) + 1
        if offset <= samples[0][1] or not line[:1].strip() or line.startswith(GLUE):
            continue
        after = max(t for t, size in samples if size < offset)
        by = next((t for t, size in samples if size >= offset), math.inf)
        entries.append(LogEntry(after, by, line.strip()[:160], index))
    return entries


# -- report ------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def kind_table(records: list[Record]) -> list[str]:
    lines = [
        f"{'kind':<14}{'requests':>9}{'2xx/3xx':>9}{'4xx':>6}{'429':>6}{'5xx':>6}"
        f"{'no answer':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    ]
    groups = [(k, [r for r in records if r.kind == k]) for k in KINDS]
    for kind, rows in [*((k, g) for k, g in groups if g), ("all", records)]:
        statuses = Counter(429 if r.status == 429 else r.status // 100 for r in rows)
        latency = sorted((r.end - r.start) * 1000 for r in rows if r.status)
        lines.append(
            f"{kind:<14}{len(rows):>9}{statuses[2] + statuses[3]:>9}{statuses[4]:>6}"
            f"{statuses[429]:>6}{statuses[5]:>6}{statuses[0]:>10}"
            + "".join(f"{percentile(latency, p):>9.2f}" for p in (50, 95, 99))
        )
    return lines


def fault_table(faults: list[Fault], phase: Phase, start: float) -> list[str]:
    lines = [f"{'fault':<30}{'at':>9}{'window':>10}{'requests':>10}{'5xx':>6}{'no answer':>10}"]
    for fault in faults:
        inside = [r for r in phase.records if fault.covers(r.start, r.end)]
        failed = Counter(
            f"{f.record.kind} {f.record.status or f.detail.split('(')[0]}"
            for f in phase.failures
            if fault.covers(f.record.start, f.record.end)
        )
        length = "open" if fault.end is None else f"{fault.end - fault.start:.2f} s"
        lines += [
            f"{fault.name:<30}{fault.start - start:>7.1f} s{length:>10}{len(inside):>10}"
            f"{sum(r.status >= 500 for r in inside):>6}{sum(r.status == 0 for r in inside):>10}",
            f"    {fault.note}",
            "    failed: " + (", ".join(f"{n} {what}" for what, n in failed.most_common()) or "-"),
        ]
    return lines


def since_window(record: Record, faults: list[Fault]) -> str:
    """How long after the last window that closed before it ``record`` was sent."""
    ended = [f for f in faults if f.end is not None and f.end <= record.start]
    if not ended:
        return ""
    last = max(ended, key=lambda f: f.end or 0.0)
    return f" ({record.start - (last.end or 0.0):.2f} s after the {last.name} window)"


def latency_line(label: str, records: list[Record]) -> str:
    latency = sorted((r.end - r.start) * 1000 for r in records if r.status)
    shown = " / ".join(f"{percentile(latency, p):.2f}" for p in (50, 95, 99))
    return f"{label}: {len(records)} requests, p50 / p95 / p99 {shown} ms"


def write_table(load: Load, stored: Stored) -> tuple[list[str], int]:
    lines = [
        f"{'write':<10}{'sent':>8}{'acknowledged':>14}{'lost':>6}{'stored, unacknowledged':>24}"
    ]
    lost = 0
    for kind in ("comment", "save"):
        acked, sent = load.acked[kind], load.sent[kind]
        missing = sorted(acked - stored.markers)
        lost += len(missing)
        lines.append(
            f"{kind:<10}{len(sent):>8}{len(acked):>14}{len(missing):>6}"
            f"{len((sent - acked) & stored.markers):>24}"
        )
        lines += [f"    lost: {marker}" for marker in missing[:10]]
    statuses = ", ".join(f"{n} {status}" for status, n in stored.comment_statuses.most_common())
    lines.append(
        f"Comments stored: {statuses or 'none'}; held for a stamp that did not verify: "
        f"{stored.unsigned_stamps}"
    )
    return lines, lost


def log_summary(log: list[LogEntry], outside: list[LogEntry], text: list[str]) -> list[str]:
    lines = [
        f"Server log: {len(log)} entries, {len(log) - len(outside)} in fault windows, "
        f"{len(outside)} outside",
        *(f"    {n:>6} x {text}" for text, n in Counter(e.text for e in log).most_common(12)),
    ]
    if outside:
        lines += ["  outside the windows:"]
        lines += [f"    {n:>6} x {t}" for t, n in Counter(e.text for e in outside).most_common(12)]
        first = outside[0].index
        lines += ["  the first outside the windows, with what precedes it:"]
        lines += [f"    {line}" for line in text[max(0, first - 40) : first + 3]]
    return lines


@dataclass
class Run:
    capacity: Phase
    paced: Phase
    rate: float
    start: float
    faults: list[Fault]
    stored: Stored
    log: list[LogEntry]
    log_lines: list[str]


def report(run: Run, load: Load, workers: list[int]) -> tuple[list[str], bool]:
    """The report's lines, and whether the run passed."""
    capacity, paced, faults = run.capacity, run.paced, run.faults
    outside = capacity.failures + [
        f for f in paced.failures if not any(w.covers(f.record.start, f.record.end) for w in faults)
    ]
    log_outside = [e for e in run.log if not any(w.covers(e.after, e.by) for w in faults)]
    errors_outside = [f for f in outside if f.record.status >= 500]
    writes, lost = write_table(load, run.stored)
    lines = [
        "",
        f"Capacity (closed loop, {CAPACITY_CLIENTS} clients, {capacity.seconds:.0f} s): "
        f"{len(capacity.records) / capacity.seconds:.0f} requests/s; client CPU "
        f"{capacity.client_cpu / capacity.seconds:.0%} of a core",
        *kind_table(capacity.records),
        "",
        f"Paced at {run.rate:.0f} requests/s for {paced.seconds:.0f} s: {len(paced.records)} "
        f"requests ({len(paced.records) / paced.seconds:.0f}/s), {paced.skipped} arrivals "
        f"skipped at {MAX_IN_FLIGHT} under way; client CPU "
        f"{paced.client_cpu / paced.seconds:.0%} of a core",
        *kind_table(paced.records),
        latency_line(
            "Outside the fault windows",
            [r for r in paced.records if not any(w.covers(r.start, r.end) for w in faults)],
        ),
        "",
        *fault_table(faults, paced, run.start),
        "",
        f"Outside the fault windows: {len(errors_outside)} 5xx, "
        f"{sum(f.record.status == 0 for f in outside)} with no answer",
        *(
            f"    {f.record.start - run.start:7.1f} s{since_window(f.record, faults)}: "
            f"{f.record.kind} {f.record.status or '-'} {f.path[:60]} {f.detail[:80]}"
            for f in outside[:15]
        ),
        "",
        *writes,
        "",
        *log_summary(run.log, log_outside, run.log_lines),
        "",
        "Workers at the end: "
        + ", ".join(f"pid {pid} ({cpu_seconds(pid):.0f} s CPU)" for pid in workers),
        f"Client-side exceptions: {len(load.client_errors)}",
        *load.client_errors[:1],
    ]
    passed = not errors_outside and not lost and not load.client_errors
    return [*lines, "PASSED" if passed else "FAILED"], passed


# -- main --------------------------------------------------------------------------------


async def soak(args: argparse.Namespace, site: Site, pg: Postgres) -> bool:
    run_id = secrets.token_hex(4)
    load = Load(site.base, run_id)
    samples = [(time.monotonic(), site.log.stat().st_size)]
    try:
        await load.discover()
        await load.add_editors(site.editors)
        print(
            f"{len(load.articles)} articles ({len(load.commentable)} open to comments), "
            f"{len(load.sections)} sections, {len(load.words)} search words",
            flush=True,
        )
        capacity = await load.closed_loop(CAPACITY_CLIENTS, args.capacity_seconds)
        rate = min(PACED_SHARE * len(capacity.records) / capacity.seconds, args.max_rate)
        seconds = args.minutes * 60
        print(
            f"capacity {len(capacity.records) / capacity.seconds:.0f} requests/s; "
            f"pacing {rate:.0f}/s for {seconds:.0f} s from {datetime.now(UTC):%H:%M:%S} UTC, "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        start = time.monotonic() + 0.5
        sampler = asyncio.create_task(sample_log(site.log, samples))
        faults_task = asyncio.create_task(inject_faults(site, pg, start, seconds))
        paced = await load.paced(rate, start, seconds)
        faults = await faults_task
        sampler.cancel()
        print(
            f"done at {datetime.now(UTC):%H:%M:%S} UTC, load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        close_windows(faults, paced.records)
        stored = stored_writes(pg.url("thepost"), run_id)
        log_lines = site.log.read_text(errors="replace").split("\n")
        log = log_entries(log_lines, samples)
    finally:
        await load.close()
    run = Run(capacity, paced, rate, start, faults, stored, log, log_lines)
    lines, passed = report(run, load, site.workers())
    print("\n".join(lines))
    if not site.ready():
        print("The site did not answer /readyz at the end.")
        return False
    return passed


def copy_source(dest: Path) -> None:
    """The code under test, copied once: edits to src/ during the run (a replacement
    worker imports it again) do not reach it."""
    shutil.copytree(SRC, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    head = subprocess.run(
        ["git", "-C", str(SRC), "log", "-1", "--format=%h %cI"], capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "-C", str(SRC), "status", "--porcelain", "--", "."], capture_output=True, text=True
    ).stdout.splitlines()
    print(
        f"code: src/ at {head or 'an unknown commit'}"
        + (f" with {len(changed)} files changed or added" if changed else ""),
        flush=True,
    )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="paced run (default 10)")
    parser.add_argument("--capacity-seconds", type=float, default=20)
    parser.add_argument("--max-rate", type=float, default=2000, help="requests/s at most")
    parser.add_argument("--articles", type=int, default=96, help="demo articles")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    root = Path(tempfile.mkdtemp(prefix="thepost-soak-"))
    root.chmod(0o755)  # the PostgreSQL user reaches its directory through it
    pg = Postgres(root / "pg", free_port())
    site = Site(root, pg.url("thepost", "postgresql+psycopg"), free_port())
    try:
        print(
            f"PostgreSQL on 127.0.0.1:{pg.port}, site on {site.base}, files in {root}", flush=True
        )
        copy_source(root / "src")
        pg.create()
        site.prepare(args.articles)
        site.start()
        print(f"serving: workers {site.workers()}", flush=True)
        return 0 if asyncio.run(soak(args, site, pg)) else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        site.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
