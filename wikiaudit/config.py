"""Rule selection and per-rule severity: from a config file and the command line.

The settings a project keeps with its baselines live in ``.wikiaudit.toml`` (keys at the top
level) or in the ``[tool.wikiaudit]`` table of ``pyproject.toml``, found from the working
directory upward: in each folder ``.wikiaudit.toml`` is read first, and a ``pyproject.toml``
without a ``[tool.wikiaudit]`` table is passed over (as ruff and pytest do). ``--config FILE``
names the file, ``--no-config`` reads none.

```toml
[tool.wikiaudit]
select = ["arithmetic", "results", "name-drift"]   # rule ids or families; default: all
ignore = ["entry-unverifiable"]
fail-on = "warning"
[tool.wikiaudit.severity]
name-drift = "error"
```

On the command line ``--select`` replaces the file's ``select``, ``--ignore`` adds to its
``ignore``, ``--severity RULE=LEVEL`` overrides its ``severity`` for that rule and
``--fail-on`` its ``fail-on``. Every rule id is checked against the registry
(``validators.catalog``): an unknown id, key or level is a usage error (exit status 2) naming
the file, never a setting that silently does nothing.

Only the standard library is imported here: reading the settings is part of every start-up.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LEVELS = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
KEYS = ("select", "ignore", "severity", "fail-on")
#: A config file is a few lines; anything this big is not one.
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(ValueError):
    """A setting that cannot be used; the CLI reports it as a usage error (exit status 2)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user asked for, before it is checked against the registry."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    path: Path | None = None
    """The config file these came from (None: command line and defaults only)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The rules that run and the severity each reports at: what the engine applies."""

    enabled: frozenset[str]
    severity: dict[str, str] = field(default_factory=dict)

    @property
    def everything(self) -> bool:
        """Every registered rule at its default severity (the engine has nothing to do)."""
        from wikiaudit.validators.catalog import BY_CODE

        return self.enabled >= set(BY_CODE) and not self.severity


def find_config(start: Path) -> Path | None:
    """The nearest ``.wikiaudit.toml``, or ``pyproject.toml`` with ``[tool.wikiaudit]``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / ".wikiaudit.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _has_tool_table(project):
            return project
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = _load_toml(path)
    except ConfigError:
        return False  # another tool's broken pyproject.toml is not ours to report
    tool = data.get("tool")
    return isinstance(tool, dict) and "wikiaudit" in tool


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"config {path}: cannot read it ({error.strerror or error})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config {path}: over {MAX_CONFIG_BYTES:,} bytes, not a config file")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config {path}: not TOML ({error})") from None


def read_config(path: Path) -> Settings:
    """The settings in ``path`` (``pyproject.toml``'s ``[tool.wikiaudit]``, or a whole file)."""
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("wikiaudit") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"config {path}: no [tool.wikiaudit] table")
        data = table
    where = f"config {path}"
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    select = data.get("select")
    if select is not None:
        select = _names(select, f"{where}: select")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity must be a table of rule = level")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    return Settings(
        select=select,
        ignore=_names(data.get("ignore", []), f"{where}: ignore"),
        severity=_levels(severity, f"{where}: severity"),
        fail_on=fail_on,
        path=path,
    )


def _names(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule ids or families")
    return tuple(value)


def _levels(table: dict[str, Any], where: str) -> dict[str, str]:
    levels = {}
    for rule, level in table.items():
        if level not in LEVELS:
            raise ConfigError(
                f"{where}: {rule} = {level!r}; a severity is one of {', '.join(LEVELS)}"
            )
        levels[str(rule)] = str(level)
    return levels


def parse_severity(text: str) -> tuple[str, str]:
    """``--severity RULE=LEVEL``."""
    rule, sep, level = text.partition("=")
    if not sep or not rule.strip() or level.strip() not in LEVELS:
        raise ConfigError(
            f"--severity {text!r}: expected RULE=LEVEL, LEVEL one of {', '.join(LEVELS)}"
        )
    return rule.strip(), level.strip()


def merge(
    file: Settings,
    *,
    select: list[str] | None,
    ignore: list[str] | None,
    severity: list[str] | None,
    fail_on: str | None,
) -> Settings:
    """The command line over the file: ``--select`` replaces, ``--ignore`` adds, ``--severity``
    overrides per rule, ``--fail-on`` replaces."""
    levels = dict(file.severity)
    for text in severity or ():
        rule, level = parse_severity(text)
        levels[rule] = level
    return Settings(
        select=tuple(_split(select)) if select is not None else file.select,
        ignore=(*file.ignore, *_split(ignore or [])),
        severity=levels,
        fail_on=fail_on or file.fail_on,
        path=file.path,
    )


def _split(values: list[str]) -> list[str]:
    """``--select a,b --select c``: commas and repeats both work, as in ruff."""
    return [part for value in values for part in value.split(",") if part.strip()]


def selection(settings: Settings) -> Selection:
    """Check every id against the registry and resolve families: what the engine applies."""
    from wikiaudit.validators.catalog import BY_CODE, UnknownRule, expand

    where = f" (config {settings.path})" if settings.path else ""
    try:
        chosen = (
            expand(settings.select, "select" + where)
            if settings.select is not None
            else set(BY_CODE)
        )
        dropped = expand(settings.ignore, "ignore" + where)
        levels: dict[str, str] = {}
        for name, level in settings.severity.items():
            for code in expand([name], "severity" + where):
                levels[code] = level
    except UnknownRule as error:
        raise ConfigError(str(error)) from None
    return Selection(frozenset(chosen - dropped), levels)


def load(
    *,
    config: Path | None,
    no_config: bool,
    cwd: Path | None = None,
) -> Settings:
    """The file's settings: ``--config FILE``, else the nearest one, else none."""
    if no_config:
        return Settings()
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"--config {config}: no such file")
        return read_config(config)
    found = find_config(cwd or Path.cwd())
    return read_config(found) if found is not None else Settings()
