"""``audit history --db``: a second run walks only the new revisions, and blames as one walk.

The live history is the recorded one (``tests/data/history/revisions.json``, nine revisions of
the flattened fixture, the last a protection's dummy revision with the text of the one before);
the dump is the invented article of ``tests/data/history/dump.xml`` (a blanking and its revert).
Which revisions a run audits is seen by wrapping ``history.audit_text``: a worker's job carries
the revision's permanent link.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import responses

from tests.helpers import API, HISTORY_DATA, WIKI, answer, load_history, recorded_rev
from wikiaudit import history, history_store
from wikiaudit.cli import main

TITLE, REVISIONS = load_history()


def api_answer(revs: list[dict]) -> dict:
    return answer(*map(recorded_rev, revs), title=TITLE)


@pytest.fixture
def audited(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The revisions each run audits, in order (``--jobs 1`` audits in this process)."""
    seen: list[int] = []
    audit = history.audit_text

    def counting(job, reuse=None):
        seen.append(int(re.search(r"oldid=(\d+)|revision (\d+)", job[1]).group(1)))
        return audit(job, reuse)

    monkeypatch.setattr(history, "audit_text", counting)
    return seen


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    status = main(["history", *argv, "--jobs", "1", "--format", "json"])
    captured = capsys.readouterr()
    assert captured.err == "" and status == 1
    return json.loads(captured.out)


def same_blame(resumed: dict, full: dict) -> None:
    """Everything but where the revisions came from."""
    assert resumed["revisions"].pop("from_store") > 0 and full["revisions"].pop("from_store") == 0
    assert resumed == full


LIVE = ("--wiki", WIKI, "--title", TITLE)


def test_a_second_live_run_fetches_and_audits_only_the_new_revisions(
    rsps: responses.RequestsMock, no_waiting: list[float], tmp_path: Path, capsys, audited
) -> None:
    db = str(tmp_path / "wiki.sqlite")
    rsps.get(API, json=api_answer(REVISIONS[:5]))
    first = report(capsys, *LIVE, "--db", db, "--limit", "5")
    assert first["revisions"]["walked"] == 5 and audited == [1001, 1002, 1003, 1004, 1005]

    # the wiki answers from the last stored revision's time on: that revision and the new ones
    audited.clear()
    rsps.get(API, json=api_answer(REVISIONS[4:]))
    resumed = report(capsys, *LIVE, "--db", db)
    asked = rsps.calls[-1].request.params
    assert asked["rvstart"] == REVISIONS[4]["timestamp"] and "rvlimit" in asked
    # 1009 repeats 1008's text: walked without an audit, then audited for its own lines
    assert audited == [1006, 1007, 1008, 1009]
    assert resumed["revisions"]["walked"] == 9 and resumed["revisions"]["from_store"] == 5

    rsps.get(API, json=api_answer(REVISIONS))
    full = report(capsys, *LIVE)
    same_blame(resumed, full)
    # the blame crosses the runs: broken in the first, fixed in the first, broken in the second
    core = [f for f in full["current"] if f["row"] == "CORE Autosport"]
    assert [f["introduced"]["revid"] for f in core] == [1007]
    assert [(f["introduced"]["revid"], f["fixed"]["revid"]) for f in full["fixed"]] == [
        (1003, 1005)
    ]

    # nothing new: nothing audited, the same report
    audited.clear()
    rsps.get(API, json=api_answer(REVISIONS[8:]))
    again = report(capsys, *LIVE, "--db", db)
    assert audited == [] and again["revisions"].pop("from_store") == 9
    assert again == resumed


def test_a_second_dump_run_walks_only_the_new_revisions(tmp_path: Path, capsys, audited) -> None:
    db, dump = str(tmp_path / "wiki.sqlite"), str(HISTORY_DATA / "dump.xml")
    report(capsys, "--dump", dump, "--db", db, "--limit", "3")
    assert audited == [2001, 2002, 2003]
    audited.clear()
    resumed = report(capsys, "--dump", dump, "--db", db)
    # 2004 reverts the blanking to 2002's text and 2005 goes back to 2001's: both audited before
    assert audited == [2006]
    same_blame(resumed, report(capsys, "--dump", dump))
    assert [r["revid"] for r in resumed["revisions"]["unauditable"]] == [2003]  # stored as such

    with sqlite3.connect(db) as connection:  # the shared store file: its tables and ours
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        stored = connection.execute(
            "SELECT revid, digest FROM history_revisions ORDER BY seq"
        ).fetchall()
    assert {"pages", "findings", "history_walks", "history_revisions"} <= tables
    assert [revid for revid, _ in stored] == [2001, 2002, 2003, 2004, 2005, 2006]
    assert stored[1][1] == stored[3][1]  # the revert shares the text (and outcome) of 2002


def test_a_walk_stored_by_other_code_is_walked_again(
    tmp_path: Path, capsys, audited, monkeypatch
) -> None:
    db, dump = str(tmp_path / "wiki.sqlite"), str(HISTORY_DATA / "dump.xml")
    report(capsys, "--dump", dump, "--db", db, "--limit", "3")
    monkeypatch.setattr(history_store, "audit_fingerprint", lambda: "a later wikiaudit")
    audited.clear()
    again = report(capsys, "--dump", dump, "--db", db)
    assert audited == [2001, 2002, 2003, 2006]  # every distinct text, from the start
    assert again["revisions"]["from_store"] == 0 and again["revisions"]["walked"] == 6
    audited.clear()
    assert report(capsys, "--dump", dump, "--db", db)["revisions"]["from_store"] == 6
    assert audited == []  # stored anew, under the new code's fingerprint


def test_db_must_not_be_the_output(tmp_path: Path, capsys) -> None:
    db = tmp_path / "wiki.sqlite"
    argv = ["history", "--dump", str(HISTORY_DATA / "dump.xml"), "--db", str(db), "-o", str(db)]
    assert main(argv) == 2 and not db.exists()  # refused before the store is made
    assert capsys.readouterr().err.count("\n") == 1
    assert main([*argv[:-2], "--jobs", "1"]) == 1 and db.exists()
    capsys.readouterr()
    assert main(argv) == 2  # and once it is
    assert "reads" in capsys.readouterr().err


def test_a_walk_stored_under_another_rule_selection_is_walked_again(
    tmp_path, audited, capsys, monkeypatch
):
    """Stored findings are what the code reported under the selection in force then: a run
    with another selection must not replay them."""
    monkeypatch.chdir(tmp_path)
    dump = ["--dump", str(HISTORY_DATA / "dump.xml"), "--db", str(tmp_path / "w.sqlite")]
    report(capsys, *dump)
    first = len(audited)
    status = main(["history", *dump, "--jobs", "1", "-f", "json", "--ignore", "total-mismatch"])
    ignored = json.loads(capsys.readouterr().out)
    assert status == 0 and len(audited) == 2 * first  # every text audited again
    assert not [f for f in ignored["current"] + ignored["fixed"] if f["rule"] == "total-mismatch"]
    main(["history", *dump, "--jobs", "1", "-f", "json", "--ignore", "total-mismatch"])
    capsys.readouterr()
    assert len(audited) == 2 * first  # the same selection again: nothing new to audit
