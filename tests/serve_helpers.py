"""What the web tool's tests share: an invented article and a loopback MediaWiki API stand-in.

The HTTP tests answer the server's outgoing requests with ``responses`` (the client uses
requests); the end-to-end tests run a real ``audit serve`` process, which ``responses`` cannot
reach, so :class:`StandInWiki` serves recorded ``api.php`` answers on 127.0.0.1 from a thread.
No test uses the network.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.articles import EXAMPLE_HEAD
from tests.helpers import REPO, TITLE, answer, api_rev

#: The invented article: six teams, two races; Beta Motorsport's total is 35, not 34.
WIKITEXT = (
    "'''The 2099 Example Series''' was an invented two-race championship.\n\n"
    + EXAMPLE_HEAD
    + """\
|-
| 1 || {{flagicon|USA}} Alpha Racing || 20 || 22 || 42
|-
| 2 || {{flagicon|GBR}} Beta Motorsport || 16 || 18 || 35
|-
| 3 || {{flagicon|DEU}} Gamma Team || 13 || 15 || 28
|-
| 4 || {{flagicon|FRA}} Delta Course || 10 || 15 || 25
|-
| 5 || {{flagicon|ITA}} Epsilon Corse || 10 || 12 || 22
|-
| 6 || {{flagicon|ESP}} Zeta Equipo || 8 || 12 || 20
|}
"""
)
#: The same article with the total corrected.
FIXED = WIKITEXT.replace("|| 18 || 35", "|| 18 || 34")
#: A page with a table but no standings or classification: nothing can be checked.
NO_SEASON = 'Intro.\n\n{| class="wikitable"\n! Name !! Colour\n|-\n| Apple || Red\n|}\n'
#: A page without a table.
NO_TABLES = "'''Example''' is a page with prose only.\n"


def meta(revid: int, title: str = TITLE) -> dict[str, Any]:
    """The answer to "latest revision of ``title``" (no content asked)."""
    rev = api_rev(revid, "", parentid=0)
    del rev["slots"]
    return answer(rev, title=title)


def content(revid: int, text: str = WIKITEXT, title: str = TITLE) -> dict[str, Any]:
    """The answer to "revision ``revid`` with its content"."""
    return answer(api_rev(revid, text, parentid=0), title=title)


def missing(title: str) -> dict[str, Any]:
    return {"batchcomplete": True, "query": {"pages": [{"ns": 0, "title": title, "missing": True}]}}


class StandInWiki:
    """``/w/api.php`` on a free loopback port, answering from ``pages`` (title -> revisions).

    ``pages[title]`` is a list of ``(revid, text)``, oldest first. Every query is recorded in
    ``requests`` (its parameters), so a test can tell a cached answer from a fetched one.
    """

    def __init__(self, pages: dict[str, list[tuple[int, str]]]) -> None:
        self.pages = pages
        self.requests: list[dict[str, str]] = []
        wiki = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != "/w/api.php":
                    self.send_error(404)
                    return
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                wiki.requests.append(params)
                body = json.dumps(wiki.answer(params)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandInWiki:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def answer(self, params: dict[str, str]) -> dict[str, Any]:
        with_content = "content" in params.get("rvprop", "")
        if "revids" in params:
            revid = int(params["revids"])
            for title, revisions in self.pages.items():
                for number, text in revisions:
                    if number == revid:
                        return content(revid, text, title)
            return {"batchcomplete": True, "query": {"badrevids": {str(revid): {}}}}
        title = params.get("titles", "")
        if title not in self.pages:
            return missing(title)
        revid, text = self.pages[title][-1]
        return content(revid, text, title) if with_content else meta(revid, title)


class ServeProcess:
    """``audit serve --port 0`` in a process of its own, against ``wiki``; logs in ``folder``.

    ``url`` is read from its "listening on" line. ``marker`` is put in its environment, which
    its worker processes inherit, so a test can find them in ``/proc``.
    """

    def __init__(self, wiki: str, folder: Path, *extra: str) -> None:
        self.marker = f"WIKIAUDIT_SERVE_TEST={uuid.uuid4().hex}"
        self.out = folder / "serve.out"
        self.err = folder / "serve.err"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "WIKIAUDIT_NO_PROGRESS": "1"}
        key, value = self.marker.split("=")
        env[key] = value
        command = [sys.executable, "-m", "wikiaudit.cli", "serve", "--port", "0", "--wiki", wiki]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [*command, *extra],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
                env=env,
            )
        self.url = self._wait_for_url()

    def _wait_for_url(self, seconds: float = 60) -> str:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            log = self.err.read_text()
            found = re.search(r"listening on (http://\S+/)", log)
            if found and "Application startup complete" in log:  # the workers are ready
                return found.group(1).rstrip("/")
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"audit serve did not start: {self.err.read_text()[-2000:]}")

    def workers(self) -> list[int]:
        """Processes other than the server itself that carry its marker (workers, helpers)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.process.pid:
                continue
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if self.marker.encode() in environ:
                found.append(int(entry.name))
        return found

    def stop(self) -> int | None:
        """SIGTERM (uvicorn's graceful stop), then SIGKILL if it does not end in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
