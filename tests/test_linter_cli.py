"""The conventions users of ruff, flake8 and pre-commit rely on (issue #12).

Rule selection and its config file, ``--list-rules``/``--explain``, ``--quiet`` and
``--statistics``, GitHub annotations, stdin and several articles in one run, ``python -m
wikiaudit``, ``NO_COLOR``/``FORCE_COLOR``, plurals, an ASCII output encoding, every exit
status, and what ``--rules`` says when the article prints its own points table.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wikiaudit.validators.catalog import BY_CODE, FAMILIES, REGISTRY

from tests.helpers import FIXTURE, REPO, one_line_error, read_fixture
from wikiaudit.cli import EXIT_STATUSES, main

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def findings_of(capsys, argv: list[str]) -> list[dict]:
    status, out, _ = run(capsys, [*argv, "-f", "json"])
    assert status in (0, 1)
    return json.loads(out)["findings"]


def cli(*argv: str, cwd: Path = REPO, env: dict[str, str] | None = None, stdin: bytes = b""):
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "wikiaudit", *argv],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------------------ selection


def test_select_a_family_reports_only_its_rules(capsys):
    everything = findings_of(capsys, [str(FIXTURE), "--no-config"])
    entries = findings_of(capsys, [str(FIXTURE), "--no-config", "--select", "entries"])
    wanted = {r.code for r in REGISTRY if r.family == "entries"}
    assert entries and {f["rule"] for f in entries} <= wanted
    assert len(entries) == sum(1 for f in everything if f["rule"] in wanted)


def test_ignore_removes_a_rule_and_select_takes_a_comma_list(capsys):
    some = findings_of(
        capsys,
        [str(FIXTURE), "--select", "entry-rounds,winner-points", "--ignore", "winner-points"],
    )
    assert some and {f["rule"] for f in some} == {"entry-rounds"}


def test_ignoring_every_error_changes_the_exit_status(capsys):
    assert main([str(FIXTURE)]) == 1
    assert main([str(FIXTURE), "--ignore", "entry-rounds,winner-points"]) == 0
    capsys.readouterr()


def test_a_severity_override_is_reported_and_counted(capsys):
    drift = findings_of(capsys, [str(FIXTURE), "--select", "team-drift"])
    assert drift and {f["severity"] for f in drift} == {"warning"}
    raised = findings_of(
        capsys, [str(FIXTURE), "--select", "team-drift", "--severity", "team-drift=error"]
    )
    assert {f["severity"] for f in raised} == {"error"} and len(raised) == len(drift)
    assert main([str(FIXTURE), "--select", "team-drift"]) == 0
    assert main([str(FIXTURE), "--select", "team-drift", "--severity", "team-drift=error"]) == 1
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--select", "total-mismatch,no-such-rule"], "unknown rule or family 'no-such-rule'"),
        (["--ignore", "arithmetik"], "unknown rule or family 'arithmetik' in ignore"),
        (["--severity", "name-drift=fatal"], "RULE=LEVEL"),
        (["--severity", "no-such-rule=error"], "unknown rule or family 'no-such-rule'"),
        (["--explain", "no-such-rule"], "unknown rule 'no-such-rule'"),
        (["-", "-"], "can be given once"),
        (["--statistics", "-f", "html"], "--statistics reports as text or json"),
    ],
)
def test_unknown_ids_and_bad_settings_are_usage_errors(capsys, argv, says):
    args = argv if "-" in argv or "--explain" in argv else [str(FIXTURE), *argv]
    assert says in one_line_error(capsys, args)


# ---------------------------------------------------------------------------- config file


def write_config(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (".wikiaudit.toml", 'select = ["entries"]\nignore = ["entry-unverifiable"]\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n[tool.wikiaudit]\nselect = ["entries"]\n'
            'ignore = ["entry-unverifiable"]\n',
        ),
    ],
)
def test_the_config_is_found_from_the_working_directory_upward(tmp_path, name, body):
    write_config(tmp_path, name, body)
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    done = cli(str(FIXTURE), "-f", "json", cwd=below)
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert rules and rules <= {r.code for r in REGISTRY if r.family == "entries"}
    assert "entry-unverifiable" not in rules
    # --no-config reads none; --select on the command line replaces the file's select
    everything = cli(str(FIXTURE), "-f", "json", "--no-config", cwd=below)
    assert "table-read" in {f["rule"] for f in json.loads(everything.stdout)["findings"]}
    replaced = cli(str(FIXTURE), "-f", "json", "--select", "readings", cwd=below)
    assert {f["rule"] for f in json.loads(replaced.stdout)["findings"]} <= {
        r.code for r in REGISTRY if r.family == "readings"
    }


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    write_config(tmp_path, ".wikiaudit.toml", 'fail-on = "never"\n')
    write_config(tmp_path / "sub", "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert cli(str(FIXTURE), cwd=tmp_path / "sub").returncode == 0  # the parent's fail-on
    assert cli(str(FIXTURE), "--fail-on", "error", cwd=tmp_path / "sub").returncode == 1


def test_config_severity_and_fail_on(tmp_path, capsys):
    config = write_config(
        tmp_path,
        "settings.toml",
        'fail-on = "warning"\nselect = ["spelling"]\n[severity]\nteam-drift = "info"\n',
    )
    status, out, _ = run(capsys, [str(FIXTURE), "--config", str(config), "-f", "json"])
    data = json.loads(out)
    assert data["verdict"]["fail_on"] == "warning"
    severities = {(f["rule"], f["severity"]) for f in data["findings"]}
    assert ("team-drift", "info") in severities
    warnings = [f for f in data["findings"] if f["severity"] == "warning"]
    assert status == (1 if warnings else 0)
    # the command line wins over the file, rule by rule
    _, out, _ = run(
        capsys,
        [str(FIXTURE), "--config", str(config), "-f", "json", "--severity", "team-drift=error"],
    )
    assert {f["severity"] for f in json.loads(out)["findings"] if f["rule"] == "team-drift"} == {
        "error"
    }


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('selct = ["entries"]\n', "unknown setting 'selct'"),
        ('select = ["entries", "nope"]\n', "unknown rule or family 'nope' in select (config"),
        ("[severity]\nname-drift = 3\n", "a severity is one of error, warning, info"),
        ('fail-on = "sometimes"\n', "fail-on must be one of"),
        ("select = [\n", "not TOML"),
    ],
)
def test_a_bad_config_is_a_usage_error_naming_the_file(tmp_path, capsys, body, says):
    config = write_config(tmp_path, ".wikiaudit.toml", body)
    err = one_line_error(capsys, [str(FIXTURE), "--config", str(config)])
    assert says in err and str(config) in err


# ------------------------------------------------------------------- --list-rules/--explain


def test_list_rules_lists_the_registry_and_the_selection(capsys):
    status, out, _ = run(capsys, ["--list-rules", "--no-config", "--ignore", "name-drift"])
    assert status == 0
    for rule in REGISTRY:
        assert re.search(rf"^{re.escape(rule.code)}\s", out, re.MULTILINE)
    line = next(line for line in out.splitlines() if line.startswith("name-drift "))
    assert " no " in line
    status, out, _ = run(capsys, ["--list-rules", "-f", "json", "--severity", "name-drift=error"])
    rows = {row["rule"]: row for row in json.loads(out)}
    assert set(rows) == set(BY_CODE)
    assert rows["name-drift"]["configured_severity"] == "error"
    assert rows["total-mismatch"]["fixable"] is True


def test_explain_prints_the_registry_text(capsys):
    rule = BY_CODE["total-mismatch"]
    status, out, _ = run(capsys, ["--explain", "total-mismatch"])
    unwrapped = " ".join(out.split())
    assert status == 0
    for text in (rule.summary, rule.why, rule.needs, "--fix"):
        assert " ".join(text.split()) in unwrapped
    status, out, _ = run(capsys, ["--explain", "name-drift"])
    assert "Fixable: no" in out and "no fitted reading needed" in out
    status, out, _ = run(capsys, ["--explain", "entries"])
    assert all(r.code in out for r in REGISTRY if r.family == "entries")
    assert FAMILIES["entries"] in out


# --------------------------------------------------------------------- --quiet/--statistics


def test_quiet_prints_only_what_fails_and_the_summary(capsys):
    status, out, _ = run(capsys, [str(FIXTURE), "--quiet"])
    _, everything, _ = run(capsys, [str(FIXTURE)])
    assert status == 1
    assert "INFO" not in out and "WARNING" not in out and "ERROR" in out
    assert out.count("ERROR") == everything.count("  ERROR")
    assert out.rstrip().splitlines()[-1] == everything.rstrip().splitlines()[-1]
    status, out, _ = run(capsys, [str(FIXTURE), "--quiet", "--fail-on", "never"])
    assert status == 0 and out.strip().count("\n") == 0  # the summary line alone


def test_quiet_silences_informational_lines_on_stderr(capsys, tmp_path):
    target = tmp_path / "b.json"
    assert run(capsys, [str(FIXTURE), "--write-baseline", str(target)])[2]
    assert run(capsys, [str(FIXTURE), "--write-baseline", str(target), "-q"])[2] == ""


def test_statistics_count_every_finding_once(capsys):
    findings = findings_of(capsys, [str(FIXTURE)])
    status, out, _ = run(capsys, [str(FIXTURE), "--statistics", "-f", "json"])
    rows = json.loads(out)["statistics"]
    assert status == 1
    assert sum(row["count"] for row in rows) == len(findings)
    for row in rows:
        same = [f for f in findings if (f["rule"], f["severity"]) == (row["rule"], row["severity"])]
        assert row["count"] == len(same)
        assert row["failing"] == (len(same) if row["severity"] == "error" else 0)
    _, text, _ = run(capsys, [str(FIXTURE), "--statistics"])
    assert "Findings per rule:" in text and "INFO    table-read" not in text
    top = max(rows, key=lambda r: r["count"])
    assert re.search(rf"^\s*{top['count']}\s+{top['severity']}\s+{top['rule']}", text, re.M)


# ------------------------------------------------------------------------------- github


def test_github_annotations(capsys, broken, tmp_path):
    baseline = tmp_path / "b.json"
    main([str(FIXTURE), "--write-baseline", str(baseline)])
    capsys.readouterr()
    status, out, _ = run(capsys, [str(broken), "-f", "github", "--baseline", str(baseline)])
    lines = out.splitlines()
    assert status == 1
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1  # the one new wrong total; accepted errors are notices
    assert f"file={broken}".replace(":", "%3A") in errors[0] or f"file={broken}" in errors[0]
    assert re.search(r",line=\d+,", errors[0]) and "title=wikiaudit total-mismatch" in errors[0]
    notices = [line for line in lines if line.startswith("::notice ")]
    assert notices and all("accepted in the baseline" in line for line in notices)
    assert not any("table-read" in line for line in lines)  # info is not annotated
    assert all(line.startswith("::") for line in lines[:-1])


def test_github_escapes_what_would_end_a_command() -> None:
    from wikiaudit.reports.github import escape_data, escape_property

    assert escape_data("50%\r\nnext::error") == "50%25%0D%0Anext::error"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    assert escape_data("\x1b[2J") == "\\x1b[2J"


# ------------------------------------------------------------------ stdin, several articles


def test_dash_reads_the_article_from_stdin():
    text = read_fixture().encode("utf-8")
    piped = cli("-", "-f", "json", "--stdin-filename", "pasted.txt", stdin=text)
    direct = cli(str(FIXTURE), "-f", "json")
    assert piped.returncode == direct.returncode == 1
    a, b = json.loads(piped.stdout), json.loads(direct.stdout)
    assert a["source"] == "pasted.txt"
    assert [(f["rule"], f["line"]) for f in a["findings"]] == [
        (f["rule"], f["line"]) for f in b["findings"]
    ]
    unnamed = cli("-", "--quiet", stdin=text)
    assert "<stdin>" in unnamed.stdout.decode()


def test_stdin_keeps_the_size_limit_and_needs_an_article():
    big = cli("-", "--max-bytes", "1000", stdin=read_fixture().encode())
    assert big.returncode == 2 and b"over the 1,000-byte input limit" in big.stderr
    empty = cli("-", stdin=b"")
    assert empty.returncode == 2 and empty.stderr.count(b"\n") == 1


def test_several_articles_one_report_grouped_by_source(capsys, tmp_path, broken):
    clean = tmp_path / "clean.txt"
    clean.write_text(read_fixture(), encoding="utf-8")
    status, out, _ = run(capsys, [str(clean), str(broken), "-f", "json", "--fail-on", "never"])
    data = json.loads(out)
    assert status == 0
    assert [s["source"] for s in data["sources"]] == [str(clean), str(broken)]
    totals = {k: sum(s["summary"][k] for s in data["sources"]) for k in data["summary"]}
    assert totals == data["summary"]
    broken_only = {f["message"] for f in data["sources"][1]["findings"]} - {
        f["message"] for f in data["sources"][0]["findings"]
    }
    assert any("207" in message for message in broken_only)
    # exit status over all: the wrong total in the second article fails the run
    assert main([str(clean), str(broken), "--select", "total-mismatch"]) == 1
    assert main([str(clean), str(clean), "--select", "total-mismatch"]) == 0
    capsys.readouterr()
    _, text, _ = run(capsys, [str(clean), str(broken)])
    assert len(re.findall(r"^wikiaudit: 2012 American Le Mans Series$", text, re.M)) == 2
    assert text.rstrip().splitlines()[-1].startswith("total: ")


def test_a_baseline_of_several_articles_names_each_finding_s_article(capsys, tmp_path, broken):
    clean = tmp_path / "clean.txt"
    clean.write_text(read_fixture(), encoding="utf-8")
    baseline = tmp_path / "two.json"
    assert main([str(clean), str(broken), "--write-baseline", str(baseline)]) == 0
    entries = json.loads(baseline.read_text())["findings"]
    assert {e["source"] for e in entries} == {str(clean), str(broken)}
    # the wrong total is accepted for broken.txt only: the same edit in clean.txt is new
    status, out, _ = run(
        capsys, [str(broken), str(broken), "--baseline", str(baseline), "-f", "json"]
    )
    assert status == 0
    clean.write_text(broken.read_text())
    status, out, _ = run(capsys, [str(clean), "--baseline", str(baseline), "-f", "json"])
    new = [f for f in json.loads(out)["findings"] if not f["accepted"]]
    assert status == 1 and [f["rule"] for f in new] == ["total-mismatch"]


def test_python_dash_m_wikiaudit_works():
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith(b"wikiaudit ")
    assert cli(str(FIXTURE), "--quiet").returncode == 1


# ------------------------------------------------------------------- files the CLI writes


def test_outputs_create_missing_folders(capsys, tmp_path):
    baseline = tmp_path / ".wikiaudit" / "deep" / "x.json"
    report = tmp_path / "reports" / "2012" / "report.sarif"
    assert main([str(FIXTURE), "--write-baseline", str(baseline)]) == 0
    assert main([str(FIXTURE), "-f", "sarif", "-o", str(report), "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert json.loads(baseline.read_text())["findings"]
    assert json.loads(report.read_text())["version"] == "2.1.0"


# --------------------------------------------------------------------------------- terminal


def test_no_color_and_force_color_in_a_pipe():
    plain = cli(str(FIXTURE))
    assert not ANSI.search(plain.stdout.decode())
    forced = cli(str(FIXTURE), env={"FORCE_COLOR": "1"})
    assert ANSI.search(forced.stdout.decode())
    both = cli(str(FIXTURE), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(both.stdout.decode())
    empty = cli(str(FIXTURE), env={"FORCE_COLOR": ""})  # set but empty: not set
    assert not ANSI.search(empty.stdout.decode())
    asked = cli(str(FIXTURE), "--color", env={"NO_COLOR": "1"})  # the flag wins
    assert ANSI.search(asked.stdout.decode())
    assert plain.returncode == forced.returncode == both.returncode == 1


def test_no_color_on_a_terminal(tmp_path):
    """On a real (pseudo-)terminal colour is on, and NO_COLOR turns it off."""
    import pty

    def on_a_tty(env: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        environment.update(env, TERM="xterm")
        process = subprocess.Popen(
            [sys.executable, "-m", "wikiaudit", str(FIXTURE), "--quiet"],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
            env=environment,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
        os.close(leader)
        return b"".join(chunks).decode("utf-8", "replace")

    assert ANSI.search(on_a_tty({}))
    assert not ANSI.search(on_a_tty({"NO_COLOR": "1"}))


def test_a_report_to_a_file_is_plain_even_with_force_color(tmp_path):
    out = tmp_path / "r.txt"
    cli(str(FIXTURE), "-o", str(out), env={"FORCE_COLOR": "1"})
    assert not ANSI.search(out.read_text())


def test_an_ascii_output_encoding_degrades_instead_of_failing(tmp_path, fixture_text):
    name = tmp_path / "accents.txt"
    name.write_text(fixture_text.replace("Kimber-Smith", "Kimbér-Smith"), encoding="utf-8")
    done = cli(str(name), env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"Kimb\\xe9r-Smith" in done.stdout
    assert done.stdout.decode("ascii")  # nothing but ASCII was written


def test_plurals_say_one_table_and_one_error():
    from wikiaudit.reports.text import summary_line
    from wikiaudit.scraper.model import Cell, Document, Row, Table
    from wikiaudit.validators.audit import AuditResult
    from wikiaudit.validators.findings import Finding, Severity

    table = Table(0, ("Standings",), [Row([Cell("a")], line=1)], 1)
    findings = [Finding("r", Severity.ERROR, "m"), Finding("s", Severity.WARNING, "m")]
    line = summary_line(AuditResult("x.txt", Document("x.txt", tables=[table]), findings))
    assert line == "1 error, 1 warning, 0 info in 1 table of x.txt"


def test_a_page_with_one_table_read_as_nothing_says_one_table(capsys, tmp_path):
    page = tmp_path / "one.txt"
    page.write_text("== Broadcasting ==\n| Country | Channel |\n| France | TF1 |\n")
    assert "(1 table," in one_line_error(capsys, [str(page)])


# ----------------------------------------------------------------------------- exit statuses


def test_every_exit_status_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Exit status") :][:3000]
    for code in EXIT_STATUSES:
        assert f"`{code}`" in section, code


def test_a_subcommand_returning_an_unknown_status_is_an_internal_error(monkeypatch, capsys):
    import wikiaudit.cli as cli_module

    monkeypatch.setattr(cli_module, "_run", lambda args: 7)
    assert main([str(FIXTURE)]) == 3
    assert "internal error" in capsys.readouterr().err


# --------------------------------------------------------------------------------- --rules


def test_rules_for_an_article_with_its_own_points_table_says_which_scoring(capsys):
    status, _, err = run(capsys, [str(FIXTURE), "--rules", "f1_1962", "--quiet"])
    assert status == 1 and err == ""  # --quiet: summary and errors only
    status, _, err = run(capsys, [str(FIXTURE), "--rules", "f1_1962"])
    assert "--rules f1_1962 was not used" in err
    assert "the article prints its own points table (line " in err
    line = int(re.search(r"points table \(line (\d+)\)", err).group(1))
    assert read_fixture().splitlines()[line - 1].startswith(("|", "{|", "!"))


# ------------------------------------------------------------------------------ marks


def test_text_html_and_markdown_mark_new_and_accepted(capsys, tmp_path, broken):
    baseline = tmp_path / "b.json"
    main([str(FIXTURE), "--write-baseline", str(baseline)])
    capsys.readouterr()
    args = [str(broken), "--baseline", str(baseline)]
    _, text, _ = run(capsys, args)
    heads = [line for line in text.splitlines() if re.match(r"  (ERROR|WARNING|INFO)", line)]
    assert sum(line.endswith("  new") for line in heads) == 1
    assert all(line.endswith(("  new", "  accepted")) for line in heads)
    new_head = next(line for line in heads if line.endswith("  new"))
    assert "total-mismatch" in new_head
    _, page, _ = run(capsys, [*args, "-f", "html"])
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.select(".badge.baseline-new")) == 1
    assert len(soup.select(".badge.baseline-accepted")) == len(heads) - 1
    _, wikitext, _ = run(capsys, [*args, "-f", "markdown"])
    assert "!! Baseline !!" in wikitext
    assert wikitext.count("|| new ||") == 1
    assert f"Baseline: {len(heads) - 1} accepted, 1 new" in wikitext
