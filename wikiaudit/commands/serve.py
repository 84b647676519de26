"""``audit serve``: the web tool, served by uvicorn until interrupted.

The socket is bound here, before uvicorn starts, so that a port in use is the CLI's one-line
error (exit status 2) rather than a server log, and so that ``--port 0`` can say which free
port it got (the line ``audit serve: listening on http://HOST:PORT/`` on stderr).
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wikiaudit.cli import Parser, UsageError, _limit

if TYPE_CHECKING:
    from wikiaudit.web.config import ServeConfig

DEFAULT_WIKI = "https://en.wikipedia.org"
#: Connections uvicorn serves at once before it answers 503 itself.
MAX_CONNECTIONS = 100


def build_parser() -> argparse.ArgumentParser:
    from wikiaudit.web.config import DEFAULT_CACHE_MB, DEFAULT_TIMEOUT, DEFAULT_WORKERS

    parser = Parser(
        prog="audit serve",
        description=(
            "Serve the web tool: a form to audit a live revision or an uploaded article, the "
            "highlighted HTML report, its JSON under /api/audit, and with --db the worklist."
        ),
    )
    parser.add_argument(
        "--wiki", default=DEFAULT_WIKI, help=f"the one wiki audited (default: {DEFAULT_WIKI})"
    )
    parser.add_argument("--db", type=Path, help="SQLite store whose worklist / shows")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free one)")
    parser.add_argument(
        "--workers",
        type=_limit,
        default=DEFAULT_WORKERS,
        help=f"audit processes (default: {DEFAULT_WORKERS})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds per request, fetch and audit (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument("--max-bytes", type=_limit, help="input size limit (default: 20 MB)")
    parser.add_argument("--max-tables", type=_limit, help="table count limit (default: 500)")
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=DEFAULT_CACHE_MB,
        help=f"memory for reports kept by revision id (default: {DEFAULT_CACHE_MB})",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import gc

    # ``cli.main`` pauses the cyclic collector for a command's length, which suits one audit;
    # a server runs for days and the event loop makes cycles. Audits pause it in the workers.
    gc.enable()
    config = _config(args)
    sock = _listen(args.host, args.port)
    import uvicorn

    from wikiaudit.web.app import create_app

    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"audit serve: listening on http://{shown}:{port}/ (auditing {config.api_url}; "
        f"{config.workers} workers, {config.timeout:g}s timeout"
        + (f"; worklist from {config.db}" if config.db else "")
        + ")",
        file=sys.stderr,
        flush=True,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            limit_concurrency=MAX_CONNECTIONS,
            timeout_graceful_shutdown=5,
            lifespan="on",
        )
    )
    server.run(sockets=[sock])
    return 0 if server.started else 2


def _config(args: argparse.Namespace) -> ServeConfig:
    from wikiaudit.pipeline import Limits
    from wikiaudit.scraper.mediawiki_urls import api_url_for
    from wikiaudit.web.config import ServeConfig

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {args.port}")
    if not 0 < args.timeout <= 3600:
        raise UsageError(f"--timeout must be more than 0 and at most 3600 s, got {args.timeout:g}")
    if args.cache_mb < 0:
        raise UsageError(f"--cache-mb must be 0 or more, got {args.cache_mb}")
    if args.workers > 64:
        raise UsageError(f"--workers must be at most 64, got {args.workers}")
    given = {"max_bytes": args.max_bytes, "max_tables": args.max_tables}
    limits = Limits(**{name: value for name, value in given.items() if value is not None})
    if args.db is not None:
        _check_store(args.db)
    return ServeConfig(
        api_url=api_url_for(args.wiki),
        wiki=args.wiki.strip(),
        db=args.db,
        limits=limits,
        timeout=args.timeout,
        workers=args.workers,
        cache_bytes=args.cache_mb * 1024 * 1024,
    )


def _check_store(path: Path) -> None:
    """The worklist's store must already exist: serving an empty new file would hide a typo."""
    from wikiaudit.store import opened

    if not path.is_file():
        raise UsageError(f"--db {path}: no such store file (fill one with 'audit corpus')")
    with opened(path):
        pass


def _listen(host: str, port: int) -> socket.socket:
    from wikiaudit.scraper.errors import InputError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock
