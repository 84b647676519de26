"""``audit history``: which revision introduced each finding and which fixed it.

The live history is an invented sequence of edits to ``fixtures/2012.txt``
(``tests/data/history/revisions.json``) served in two API pages; the dump is a tiny invented
article (``tests/data/history/dump.xml``) whose history includes a blanking and its revert.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import responses
from wikiaudit.scraper.mediawiki import Revision

from tests.helpers import API, HISTORY_DATA, WIKI, answer, load_history, recorded_rev
from wikiaudit.cli import main
from wikiaudit.history import table_hash, walk

TITLE, REVISIONS = load_history()


def api_page(revs: list[dict], cont: dict | None) -> dict:
    return answer(*map(recorded_rev, revs), title=TITLE, cont=cont["rvcontinue"] if cont else None)


@pytest.fixture
def served(rsps: responses.RequestsMock, no_waiting: list[float]) -> responses.RequestsMock:
    """The history in two pages, as the API pages revisions with content."""
    cont = {"rvcontinue": "20120905100000|1005", "continue": "||"}
    rsps.get(API, json=api_page(REVISIONS[:4], cont))
    rsps.get(API, json=api_page(REVISIONS[4:], None))
    return rsps


def history_json(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["history", *argv, "--format", "json"])
    captured = capsys.readouterr()
    assert captured.err == ""
    return status, json.loads(captured.out)


def blame(findings: list[dict], field: str = "introduced") -> dict[tuple, int]:
    return {(f["rule"], f["row"], f["column"]): f[field]["revid"] for f in findings}


def judged(findings: list[dict]) -> list[dict]:
    """Findings about the article, without the ``info`` line each table gets on how it was read
    (issue 10), which every audited revision carries."""
    return [f for f in findings if f["severity"] != "info"]


def edited(findings: list[dict]) -> list[dict]:
    """Findings in the rows the recorded edits touch (the base article has others of its own)."""
    return [f for f in findings if f["row"] in ("CORE Autosport", "Corvette Racing")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_live_history_blame(served, capsys, jobs):
    status, report = history_json(capsys, "--wiki", WIKI, "--title", TITLE, "--jobs", jobs)

    assert status == 1
    first, second = (c.request.params for c in served.calls)
    assert first["rvdir"] == "newer" and "rvcontinue" not in first
    assert second["rvcontinue"] == "20120905100000|1005"
    assert report["title"] == TITLE
    revisions = report["revisions"]
    assert revisions["walked"] == 9
    # the whole text is hashed (issue 10): prose edits are audited too, and only a text seen
    # before (1009, a protection's dummy revision) is skipped
    assert revisions["audited"] == 8
    assert revisions["skipped_unchanged"] == 1
    assert revisions["from_creation"] is True

    errors = edited(report["current"])
    assert blame(errors) == {
        ("impossible-points", "Corvette Racing", "LRP"): 1004,
        ("total-mismatch", "Corvette Racing", "Total"): 1004,
        ("total-mismatch", "CORE Autosport", "Total"): 1007,  # broken again after the fix
    }
    core = next(f for f in errors if f["row"] == "CORE Autosport")
    assert core["introduced"] == {
        "revid": 1007,
        "timestamp": "2012-09-07T10:00:00Z",
        "user": "Grace",
        "comment": "PC team totals again",
        "url": "https://en.wikipedia.org/w/index.php?oldid=1007",
    }
    assert "205" in core["message"]
    others = [f for f in report["current"] if f not in errors]
    assert others and {f["introduced"]["revid"] for f in others} == {1001}

    [fixed] = edited(report["fixed"])
    assert (fixed["rule"], fixed["row"]) == ("total-mismatch", "CORE Autosport")
    assert fixed["introduced"]["revid"] == 1003 and fixed["introduced"]["user"] == "Carol"
    assert fixed["fixed"]["revid"] == 1005 and fixed["fixed"]["user"] == "Erin"
    assert "207" in fixed["message"]


def test_live_history_text_report(served, capsys):
    assert main(["history", "--wiki", WIKI, "--title", TITLE, "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "9 revisions" in out and "8 audited, 1 skipped (text seen before)" in out
    assert "introduced by revision 1004 (2012-09-04T10:00:00Z, Dave)" in out
    assert "fixed by revision 1005 (2012-09-05T10:00:00Z, Erin)" in out


def test_current_lines_are_the_newest_revisions_own(served, capsys):
    # 1009 reused 1008's audit (the same text); its lines are 1009's, and they match.
    _, report = history_json(capsys, "--wiki", WIKI, "--title", TITLE, "--jobs", "1")
    newest = REVISIONS[-1]["text"].splitlines()
    core = next(f for f in report["current"] if f["row"] == "CORE Autosport")
    assert "CORE Autosport" in newest[core["line"] - 1]


def test_article_url_and_limit(rsps, no_waiting, capsys):
    rsps.get(API, json=api_page(REVISIONS[:3], {"rvcontinue": "x|1004", "continue": "||"}))
    url = f"{WIKI}/wiki/{TITLE.replace(' ', '_')}"
    status, report = history_json(capsys, url, "--limit", "3", "--since", "2012-09-01")
    params = rsps.calls[0].request.params
    assert params["rvlimit"] == "3" and params["rvstart"] == "2012-09-01T00:00:00Z"
    assert status == 1
    assert report["revisions"]["walked"] == 3
    assert blame(edited(report["current"])) == {("total-mismatch", "CORE Autosport", "Total"): 1003}


def test_dump_history(capsys):
    status, report = history_json(capsys, "--dump", str(HISTORY_DATA / "dump.xml"), "--jobs", "1")

    assert status == 1
    assert report["title"] == "2099 Example Series"
    assert report["revisions"]["walked"] == 6
    [blanked] = report["revisions"]["unauditable"]
    assert blanked["revid"] == 2003 and "no tables found" in blanked["reason"]
    [gamma] = judged(report["current"])
    assert blame([gamma]) == {("total-mismatch", "Gamma Team", "Total"): 2006}
    assert gamma["introduced"]["user"] == "Mia"
    # The blanking and its revert (2004) neither fixed nor re-introduced Beta's total.
    assert blame(report["fixed"]) == {("total-mismatch", "Beta Motorsport", "Total"): 2002}
    assert blame(report["fixed"], "fixed") == {("total-mismatch", "Beta Motorsport", "Total"): 2005}


def test_dump_with_since_marks_blame_as_at_or_before(capsys):
    _, report = history_json(
        capsys, "--dump", str(HISTORY_DATA / "dump.xml"), "--since", "2099-07-04", "--jobs", "1"
    )
    assert report["revisions"]["from_creation"] is False
    assert blame(report["fixed"]) == {("total-mismatch", "Beta Motorsport", "Total"): 2004}
    assert report["fixed"][0]["introduced_at_or_before"] is True
    assert judged(report["current"])[0]["introduced_at_or_before"] is False


def test_dump_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<not-a-dump/>")
    for argv in (["--dump", str(bad)], ["--dump", str(tmp_path / "none.xml")]):
        assert main(["history", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert main(["history", "--dump", str(HISTORY_DATA / "dump.xml"), "--title", "Nope"]) == 2
    assert "no page 'Nope'" in capsys.readouterr().err


def test_missing_page_history(rsps, no_waiting, capsys):
    rsps.get(API, json={"query": {"pages": [{"ns": 0, "title": "X", "missing": True}]}})
    assert main(["history", "--wiki", WIKI, "--title", "X"]) == 2
    assert "no such page" in capsys.readouterr().err


# ------------------------------------------------------------------------------- units


def test_text_hash_sees_every_edit_and_only_a_text_seen_before_matches():
    # Issue 10: the whole text is hashed (prose states the scoring and explains findings, and
    # a multi-line cell continues on lines that do not start with "|"), so only an identical
    # text (a revert, a protection's dummy revision) reuses an audit.
    base = REVISIONS[0]["text"]
    assert table_hash(base) != table_hash(REVISIONS[1]["text"])  # prose edit
    assert table_hash(base) != table_hash(REVISIONS[2]["text"])  # a total changed
    assert table_hash(base) != table_hash(base.replace("====P1 standings====", "====P1===="))
    assert table_hash(REVISIONS[-1]["text"]) == table_hash(REVISIONS[-2]["text"])  # 1009
    wikitext = "{|\n! A !! B\n|-\n| [[Alpha\nRacing]] || 2\n|}\nProse.\n"
    assert table_hash(wikitext) != table_hash(wikitext.replace("Prose.", "Other prose."))
    assert table_hash(wikitext) != table_hash(wikitext.replace("Racing]]", "Motorsport]]"))
    assert table_hash(wikitext) != table_hash(wikitext.replace("| 2", "| 3"))


def revision(revid: int, text: str, parentid: int | None = None) -> Revision:
    return Revision(
        revid=revid,
        parentid=revid - 1 if parentid is None else parentid,
        title="T",
        timestamp=datetime(2012, 1, 1, tzinfo=UTC),
        user=f"u{revid}",
        comment="",
        text=text,
        url=f"https://x.org/w/index.php?oldid={revid}",
    )


def test_nothing_auditable_is_an_error_not_a_clean_history():
    from wikiaudit.scraper.errors import InputError

    with pytest.raises(InputError, match="none of the 2 revisions"):
        walk([revision(1, "prose"), revision(2, "more prose")], jobs=1)
    with pytest.raises(InputError, match="no revisions"):
        walk([], jobs=1)


def test_count_aware_runs():
    text = REVISIONS[2]["text"]  # CORE total wrong
    p1_driver = "| 2 | USA Chris Dyson | USA Dyson Racing Team | 24 | 16 | 18 | 16 | 16 | 16 | 22 | 16 | 18 | 24 | 186 |"  # noqa: E501
    assert text.count(p1_driver) == 1
    other = text.replace(p1_driver, p1_driver.replace("186 |", "187 |"))
    history = walk([revision(1, text, 0), revision(2, other), revision(3, text)], jobs=1)
    errors = [run for run in history.current if run.finding.row == "CORE Autosport"]
    assert [(r.finding.row, r.introduced.revid) for r in errors] == [("CORE Autosport", 1)]
    fixed = [(r.finding.row, r.introduced.revid, r.fixed.revid) for r in history.fixed]
    assert ("Chris Dyson", 2, 3) in fixed


def test_repeated_keys_are_separate_runs(monkeypatch):
    """Two findings with one key: the second one's run starts and ends on its own."""
    from wikiaudit import history
    from wikiaudit.history import Outcome, Seen

    def fake_audit(job, reuse=None):
        text = job[0]
        seen = Seen("total-mismatch", "T", "R", "Total", "error", "m", 1)
        return Outcome((seen,) * text.count("X"))

    monkeypatch.setattr(history, "audit_text", fake_audit)
    texts = ["| X", "| X X", "| X X", "| X", "| X X"]
    result = walk([revision(i + 1, t, 0 if i == 0 else None) for i, t in enumerate(texts)], jobs=1)
    assert [run.introduced.revid for run in result.current] == [1, 5]
    assert [(run.introduced.revid, run.fixed.revid) for run in result.fixed] == [(2, 4)]
    assert result.audited == 2 and result.skipped == 3


def test_runs_fixed_together_keep_the_order_they_opened_in(monkeypatch):
    """Not a set's order, which changes with string hashing from one process to the next, so a
    run resumed from ``--db`` lists them as one walk does."""
    from wikiaudit import history
    from wikiaudit.history import Outcome, Seen

    rows = [f"row {n}" for n in range(12)]

    def fake_audit(job, reuse=None):
        found = [Seen("total-mismatch", "T", row, "Total", "error", "m", 1) for row in rows]
        return Outcome(tuple(found) if job[0].startswith("| broken") else ())

    monkeypatch.setattr(history, "audit_text", fake_audit)
    texts = ["| clean", "| broken", "| clean again"]
    result = walk([revision(i + 1, t, 0 if i == 0 else None) for i, t in enumerate(texts)], jobs=1)
    assert [run.finding.row for run in result.fixed] == rows


def test_history_reports_what_the_rule_selection_asks(tmp_path, monkeypatch, capsys):
    """The config file and ``--select``/``--ignore``/``--severity`` shape the blame as they
    shape ``audit``: a CI job's settings hold for its history walk too."""
    monkeypatch.chdir(tmp_path)
    dump = ["--dump", str(HISTORY_DATA / "dump.xml"), "--jobs", "1"]
    (tmp_path / ".wikiaudit.toml").write_text('ignore = ["total-mismatch"]\n')
    status, report = history_json(capsys, *dump)
    assert status == 0
    assert not [f for f in report["current"] + report["fixed"] if f["rule"] == "total-mismatch"]

    (tmp_path / ".wikiaudit.toml").write_text(
        'fail-on = "warning"\n[severity]\ntotal-mismatch = "warning"\n'
    )
    status, report = history_json(capsys, *dump)
    [gamma] = [f for f in report["current"] if f["rule"] == "total-mismatch"]
    assert gamma["severity"] == "warning" and gamma["row"] == "Gamma Team"
    assert status == 1  # the config's fail-on: warning
    status, _ = history_json(capsys, *dump, "--fail-on", "error")
    assert status == 0  # the command line's fail-on over the config's

    status, report = history_json(capsys, *dump, "--no-config", "--select", "total-mismatch")
    assert {f["rule"] for f in report["current"] + report["fixed"]} == {"total-mismatch"}
    assert status == 1

    assert main(["history", *dump, "--select", "no-such-rule"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-rule" in err
