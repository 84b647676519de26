"""Invented seasons in layouts other than the 2012 one, each with the exact findings expected.

Every article here is built from data (``tests/invented.py``): a positions or points matrix whose
totals are computed from the season's scoring, so a clean article must audit with no error and a
value broken on purpose must give exactly one finding, at its cell, naming the reading behind it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from tests.invented import (
    Driver,
    audited,
    calendar,
    errors,
    findings,
    matrix,
    person,
    points_table,
    score,
    section,
    table,
)

F1 = [9, 6, 4, 3, 2, 1]
MODERN = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]


def season(
    scale: list[int], rows: int, rounds: int, seed: int, bonus: dict[str, int] | None = None
) -> list[Driver]:
    """``rows`` drivers with random results over ``rounds`` races, totals computed, ranked."""
    rng = random.Random(seed)
    drivers = []
    for index in range(rows):
        cells = [
            rng.choice(["Ret", "DNS", ""]) if rng.random() < 0.15 else str(rng.randint(1, 15))
            for _ in range(rounds)
        ]
        driver = Driver(person(index), cells)
        if bonus:
            driver.bold = {i for i, c in enumerate(cells) if c.isdigit() and rng.random() < 0.15}
        driver.total = str(score(driver, scale, bonus))
        drivers.append(driver)
    drivers.sort(key=lambda d: -int(d.total or 0))
    return drivers


def article(*parts: str) -> str:
    return "'''The 2099 Invented Series''' was a season.\n\n" + "".join(parts)


def reading_of(result, title: str):
    """The one ``table-read`` line of the standings called ``title``."""
    [line] = [
        f for f in findings(result, "table-read") if f.table == title and "standings" in f.message
    ]
    return line


def only_error(text: str):
    result = audited(text)
    [error] = errors(result)
    return result, error


# --- positions matrices ------------------------------------------------------------------------


def test_clean_positions_matrix_reports_only_its_reading() -> None:
    drivers = season(F1, 12, 7, seed=1)
    text = article(
        section("Calendar", calendar(7)),
        section("Scoring", points_table(F1)),
        section("Drivers", matrix(drivers, 7)),
    )
    result = audited(text)
    assert errors(result) == [] and findings(result, "positions-total-mismatch") == []
    reading = reading_of(result, "Drivers")
    assert "positions scored 9-6-4-3-2-1 from the article's points table" in reading.message
    assert "12 of 12 rows reconcile" in reading.message


def test_broken_total_is_one_error_at_the_total_cell() -> None:
    drivers = season(F1, 12, 7, seed=2)
    drivers[4].total = str(int(drivers[4].total or 0) + 2)
    text = article(
        section("Calendar", calendar(7)),
        section("Scoring", points_table(F1)),
        section("Drivers", matrix(drivers, 7)),
    )
    _, error = only_error(text)
    assert (error.rule, error.row, error.column) == (
        "positions-total-mismatch",
        drivers[4].name,
        "Total",
    )
    assert error.published == drivers[4].total
    assert error.expected == str(int(drivers[4].total) - 2)
    assert "11 of 12 rows reconcile" in error.message
    assert text.splitlines()[error.line - 1].count(drivers[4].name) == 1


def test_scale_stated_only_in_prose() -> None:
    scale = [10, 6, 4, 3, 2, 1]
    drivers = season(scale, 10, 6, seed=3)
    drivers[0].total = str(int(drivers[0].total or 0) - 1)
    prose = (
        "Points were awarded on a 10–6–4–3–2–1 basis to the first six finishers in each race.\n\n"
    )
    text = article(section("Calendar", calendar(6)), section("Drivers", prose + matrix(drivers, 6)))
    _result, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", drivers[0].name)
    assert "from the article's text" in error.message


def test_scale_solved_from_the_table_when_the_article_states_none() -> None:
    drivers = season(MODERN, 24, 9, seed=4)
    text = article(section("Calendar", calendar(9)), section("Drivers", matrix(drivers, 9)))
    result = audited(text)
    assert errors(result) == []
    reading = reading_of(result, "Drivers")
    assert "25-18-15-12-10-8-6-4-2-1, a scale solved from this table" in reading.message

    drivers[6].total = str(int(drivers[6].total or 0) + 5)
    text = article(section("Calendar", calendar(9)), section("Drivers", matrix(drivers, 9)))
    _, error = only_error(text)
    assert (error.rule, error.row, error.published) == (
        "positions-total-mismatch",
        drivers[6].name,
        drivers[6].total,
    )


def test_a_scale_that_cannot_be_solved_is_one_info_not_errors() -> None:
    rng = random.Random(5)
    drivers = season(MODERN, 12, 6, seed=5)
    for driver in drivers:  # totals from some scoring the article never states
        driver.total = str(rng.randint(0, 120))
    drivers.sort(key=lambda d: -int(d.total or 0))
    text = article(section("Calendar", calendar(6)), section("Drivers", matrix(drivers, 6)))
    result = audited(text)
    assert errors(result) == []
    [unfit] = findings(result, "table-unfit")
    assert unfit.table == "Drivers" and "no row judged" in unfit.message


def test_best_results_rule_stated_in_prose() -> None:
    drivers = season(F1, 10, 7, seed=6)
    for driver in drivers:
        values = sorted(
            (F1[int(c) - 1] for c in driver.cells if c.isdigit() and int(c) <= 6), reverse=True
        )
        driver.total = str(sum(values[:4]))
    drivers.sort(key=lambda d: -int(d.total or 0))
    prose = "Only the best 4 results counted towards the championship.\n\n"
    text = article(
        section("Calendar", calendar(7)),
        section("Scoring", points_table(F1)),
        section("Drivers", prose + matrix(drivers, 7)),
    )
    result = audited(text)
    assert errors(result) == []
    reading = reading_of(result, "Drivers")
    assert "best 4" in reading.message

    broken = max(drivers, key=lambda d: sum(c.isdigit() and int(c) <= 6 for c in d.cells))
    broken.total = str(sum(F1[int(c) - 1] for c in broken.cells if c.isdigit() and int(c) <= 6))
    text = article(
        section("Calendar", calendar(7)),
        section("Scoring", points_table(F1)),
        section("Drivers", prose + matrix(drivers, 7)),
    )
    if broken.total == str(score(broken, F1)) and int(broken.total) > 0:
        result = audited(text)
        wrong = findings(result, "positions-total-mismatch")
        assert [f.row for f in wrong] in ([broken.name], [])


def test_bonus_point_for_pole_from_a_list_and_a_legend() -> None:
    bonus = {"bold": 1}
    drivers = season(F1, 10, 6, seed=7, bonus=bonus)
    prose = "Points were awarded as follows:\n* 1 point for pole position\n\n"
    legend = table(["Colour", "Result"], [["Bold", "Pole position"], ["Gold", "Winner"]])
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", points_table(F1) + prose),
        section("Drivers", matrix(drivers, 6) + legend),
    )
    result = audited(text)
    assert errors(result) == []
    reading = reading_of(result, "Drivers")
    assert "bold +1" in reading.message
    poled = next(d for d in drivers if d.bold)
    poled.total = str(int(poled.total or 0) - 1)  # the pole point left out
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", points_table(F1) + prose),
        section("Drivers", matrix(drivers, 6) + legend),
    )
    _, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", poled.name)


def test_two_classes_in_one_table_are_read_apart() -> None:
    main = season(F1, 9, 6, seed=8)
    trophy = season(F1, 6, 6, seed=9)
    for driver in trophy:  # scored on class positions the table does not show
        driver.total = str(random.Random(driver.name).randint(1, 40))
    trophy.sort(key=lambda d: -int(d.total or 0))
    main[2].total = str(int(main[2].total or 0) + 3)
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", points_table(F1)),
        section("Standings", matrix([*main, *trophy], 6, sections={9: "Class Trophy"})),
    )
    result, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", main[2].name)
    [unfit] = findings(result, "table-unfit")
    assert unfit.table == "Standings [Class Trophy]"


# --- points matrices ---------------------------------------------------------------------------


def points_rows(rows: int, rounds: int, seed: int) -> list[Driver]:
    rng = random.Random(seed)
    drivers = []
    for index in range(rows):
        cells = [rng.choice(["", "—", str(rng.choice(MODERN))]) for _ in range(rounds)]
        total = sum(int(c) for c in cells if c.isdigit())
        drivers.append(Driver(person(index), cells, total=str(total)))
    drivers.sort(key=lambda d: -int(d.total or 0))
    return drivers


def test_points_matrix_wrong_total_found_and_blank_cells_are_missing_data() -> None:
    drivers = points_rows(9, 8, seed=10)
    drivers[5].total = str(int(drivers[5].total or 0) + 10)
    text = article(section("Calendar", calendar(8)), section("Riders", matrix(drivers, 8)))
    _, error = only_error(text)
    assert (error.rule, error.row, error.column) == ("total-mismatch", drivers[5].name, "Total")
    assert error.expected == str(int(drivers[5].total) - 10)


@pytest.mark.parametrize(
    ("value", "rule", "severity"),
    [("1O", "not-a-number", "error"), ("abc", "not-a-number", "warning")],
)
def test_text_in_a_sparse_column_is_reported_at_its_cell(
    value: str, rule: str, severity: str
) -> None:
    drivers = points_rows(9, 8, seed=11)
    target = drivers[3]
    column = next(i for i, c in enumerate(target.cells) if not c.isdigit())
    target.cells[column] = value
    other = drivers[6]
    other.total = str(int(other.total or 0) + 4)  # a second, independent wrong total
    text = article(section("Calendar", calendar(8)), section("Riders", matrix(drivers, 8)))
    result = audited(text)
    [cell] = findings(result, rule)
    assert (cell.row, cell.column, cell.published, cell.severity.value) == (
        target.name,
        f"{['ALP', 'BRA', 'CAS', 'DUN', 'EAS', 'FOR', 'GLE', 'HAR'][column]}",
        value,
        severity,
    )
    [total] = findings(result, "total-mismatch")
    assert total.row == other.name  # the text cell removed nothing else from the check


def test_lone_small_table_is_not_judged_but_borrows_support_from_its_siblings() -> None:
    small = points_rows(3, 5, seed=12)
    small[1].total = str(int(small[1].total or 0) + 1)
    alone = article(
        section("Calendar", calendar(5)), section("Teams", matrix(small, 5, name="Team"))
    )
    result = audited(alone)
    assert errors(result) == []
    assert "at least 5 needed" in findings(result, "table-unfit")[0].message

    big = points_rows(10, 5, seed=13)
    both = article(
        section("Calendar", calendar(5)),
        section("Drivers", matrix(big, 5)),
        section("Teams", matrix(small, 5, name="Team")),
    )
    _, error = only_error(both)
    assert (error.rule, error.table, error.row) == ("total-mismatch", "Teams", small[1].name)


@pytest.mark.parametrize(("broken", "judged"), [(1, True), (2, False)])
def test_the_support_threshold_at_five_rows(broken: int, judged: bool) -> None:
    drivers = points_rows(5, 6, seed=14)
    for driver in drivers[:broken]:
        driver.total = str(int(driver.total or 0) + 7)
    result = audited(
        article(section("Calendar", calendar(6)), section("Riders", matrix(drivers, 6)))
    )
    assert len(findings(result, "total-mismatch")) == (broken if judged else 0)
    assert bool(findings(result, "table-unfit")) is not judged


def test_teams_that_add_up_their_cars_are_not_best_car_errors() -> None:
    rng = random.Random(15)
    teams, drivers = [], []
    for index in range(6):
        team = f"Team {person(index + 40).split()[1]}"
        cars = []
        for car in range(2):
            cells = [str(rng.choice(MODERN)) for _ in range(5)]
            cars.append(Driver(person(index * 2 + car), cells, team=f"{team}"))
        for car in cars:
            car.total = str(sum(int(c) for c in car.cells))
        team_cells = [
            str(int(a) + int(b)) for a, b in zip(cars[0].cells, cars[1].cells, strict=True)
        ]
        teams.append(Driver(team, team_cells, total=str(sum(int(c) for c in team_cells))))
        drivers += cars
    teams.sort(key=lambda d: -int(d.total or 0))
    drivers.sort(key=lambda d: -int(d.total or 0))
    text = article(
        section("Calendar", calendar(5)),
        section("Drivers", matrix(drivers, 5, team_column=True)),
        section("Teams", matrix(teams, 5, name="Team")),
    )
    result = audited(text)
    assert findings(result, "team-best-car", "duplicate-team-score") == []
    assert errors(result) == []
    reading = reading_of(result, "Teams")
    assert "a team scores its all cars" in reading.message


# --- race classifications --------------------------------------------------------------------


MOTO = [25, 20, 16, 13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


def classification(rows: int, paid: dict[int, str] | None = None, laps_led: bool = False) -> str:
    header = ["Pos", "No", "Rider", "Manufacturer", "Laps", "Time/Retired", "Grid"]
    header += ["Laps Led"] if laps_led else []
    header += ["Points"]
    body = []
    for position in range(1, rows + 1):
        points = str(MOTO[position - 1]) if position <= len(MOTO) else ""
        points = (paid or {}).get(position, points)
        row = [str(position), str(position + 10), person(position), "Yamaha", "25", "+1.0", "3"]
        row += ["2"] if laps_led else []
        body.append([*row, points])
    return table(header, body)


def test_classifications_of_one_meeting_share_their_scale() -> None:
    text = article(
        section("500cc classification", classification(18)),
        section("250cc classification", classification(18, paid={5: "12"})),
        section("125cc classification", classification(18)),
    )
    _, error = only_error(text)
    assert (error.rule, error.table, error.row, error.published, error.expected) == (
        "classification-points",
        "250cc classification",
        person(5),
        "12",
        "11",
    )


def test_a_bonus_column_allows_points_above_the_scale() -> None:
    text = article(
        section("500cc classification", classification(18)),
        section("250cc classification", classification(18, paid={1: "26"}, laps_led=True)),
        section("125cc classification", classification(18)),
    )
    assert errors(audited(text)) == []


# --- cross-table and whole-page behaviour ------------------------------------------------------


def season_with_winners(seed: int) -> tuple[list[Driver], list[str]]:
    """Six races, each with a winner (a driver placed first), totals scored, ranked; and the
    winners' names race by race."""
    drivers = season(F1, 10, 6, seed=seed)
    winners = []
    for column in range(6):
        winner = next((d for d in drivers if d.cells[column] == "1"), None)
        if winner is None:
            winner = drivers[column]
            winner.cells[column] = "1"
        winners.append(winner.name)
    for driver in drivers:
        driver.total = str(score(driver, F1))
    drivers.sort(key=lambda d: -int(d.total or 0))
    return drivers, winners


def test_calendar_winner_not_shown_winning() -> None:
    drivers, winners = season_with_winners(seed=16)

    def written() -> str:  # the article as the drivers stand now
        return article(
            section("Calendar", calendar(6, winners)),
            section("Scoring", points_table(F1)),
            section("Drivers", matrix(drivers, 6)),
        )

    clean = written()
    assert errors(audited(clean)) == []
    winner = next(d for d in drivers if d.name == winners[2])
    winner.cells[2] = "2"  # the standings now say second, the calendar says he won
    winner.total = str(score(winner, F1))
    drivers.sort(key=lambda d: -int(d.total or 0))
    broken = written()
    result = audited(broken)
    [error] = findings(result, "winner-position")
    assert (error.row, error.column, error.published, error.expected) == (
        winner.name,
        "CAS",
        "2",
        "1",
    )


def test_a_page_with_no_season_table_is_an_input_error(tmp_path, capsys) -> None:
    """A wrong --title or --form in CI must not go green: nothing audited exits 2."""
    from wikiaudit.cli import main

    path = tmp_path / "broadcasting.wikitext"
    path.write_text(
        section("Broadcasting", table(["Network", "Commentator"], [["ABC", "A. Person"]])),
        encoding="utf-8",
    )
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no season table could be checked" in err


def test_a_finding_points_at_its_cell_line_in_one_cell_per_line_wikitext() -> None:
    drivers = points_rows(8, 4, seed=17)
    drivers[2].total = str(int(drivers[2].total or 0) + 1)
    rows = []
    for position, driver in enumerate(drivers, start=1):
        rows.append(
            "|-\n| " + "\n| ".join([str(position), driver.name, *driver.cells, driver.total or "0"])
        )
    body = '{| class="wikitable"\n! Pos !! Rider !! ALP !! BRA !! CAS !! DUN !! Points\n'
    text = article(
        section("Calendar", calendar(4)), section("Riders", body + "\n".join(rows) + "\n|}\n")
    )
    _, error = only_error(text)
    lines = text.splitlines()
    assert lines[error.line - 1] == f"| {drivers[2].total}"
    assert lines[error.line - 1 - 7] == "|-"  # the row starts 7 lines above its total


Superscript = Callable[[random.Random, int], tuple[int | None, int]]
"""(the rng, the race) -> (the superscript to print or None, the points it is worth)."""


def superscript_season(seed: int, superscript: Superscript) -> list[Driver]:
    """Twelve drivers over six races scored 25-18-…, each race cell perhaps with a
    superscript worth what ``superscript`` says; totals computed, ranked."""
    rng = random.Random(seed)
    rows = []
    for index in range(12):
        cells, total = [], 0
        for race in range(6):
            position = rng.randint(1, 12)
            total += MODERN[position - 1] if position <= len(MODERN) else 0
            shown, worth = superscript(rng, race)
            total += worth
            cells.append(str(position) + (f"<sup>{shown}</sup>" if shown is not None else ""))
        rows.append(Driver(person(index), cells, total=str(total)))
    rows.sort(key=lambda d: -int(d.total or 0))
    return rows


def test_superscript_points_are_a_candidate_bonus() -> None:
    def stage_points(rng: random.Random, race: int) -> tuple[int | None, int]:
        if rng.random() >= 0.25:
            return None, 0
        stage = rng.randint(1, 3)
        return stage, stage

    rows = superscript_season(18, stage_points)
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", points_table(MODERN)),
        section("Drivers", matrix(rows, 6)),
    )
    result = audited(text)
    assert errors(result) == []
    assert "superscript points added" in reading_of(result, "Drivers").message


def test_a_season_whose_race_classification_pays_points_gives_the_scale() -> None:
    """No points table and no sentence: the season's race classification pays 25-20-16...,
    which scores the positions matrix (too few rows to solve the scale from it alone)."""
    drivers = season(MOTO, 7, 4, seed=19)
    drivers[1].total = str(int(drivers[1].total or 0) + 3)
    text = article(
        section("Calendar", calendar(4)),
        section("Round 1 classification", classification(16)),
        section("Riders' standings", matrix(drivers, 4)),
    )
    _result, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", drivers[1].name)
    assert "the points the article's race classifications pay" in error.message


def test_a_penalty_column_adjusts_the_total() -> None:
    drivers = season(F1, 8, 5, seed=20)
    penalised = drivers[2]
    rows = []
    for position, driver in enumerate(drivers, start=1):
        penalty = "−5" if driver is penalised else ""
        total = int(driver.total or 0) - (5 if driver is penalised else 0)
        rows.append([str(position), driver.name, *driver.cells, penalty, str(total)])
    header = ["Pos", "Driver", "ALP", "BRA", "CAS", "DUN", "EAS", "Pen.", "Points"]
    text = article(
        section("Calendar", calendar(5)),
        section("Scoring", points_table(F1)),
        section("Drivers", table(header, rows)),
    )
    result = audited(text)
    assert errors(result) == []
    assert "8 of 8 rows reconcile" in reading_of(result, "Drivers").message


def test_positions_restarting_at_one_are_a_second_class_not_an_order_error() -> None:
    first = points_rows(6, 4, seed=21)
    second = points_rows(5, 4, seed=22)
    rows = [
        [str(n), d.name, *d.cells, d.total or "0"]
        for block in (first, second)
        for n, d in enumerate(block, start=1)
    ]
    text = article(
        section("Calendar", calendar(4)),
        section("Riders", table(["Pos", "Rider", "ALP", "BRA", "CAS", "DUN", "Points"], rows)),
    )
    assert findings(audited(text), "position-order", "total-order") == []


def test_feature_and_sprint_races_each_with_their_band() -> None:
    """A points table of two rows (feature race, sprint race) and two races per meeting: the
    first race of each meeting pays the first band, the second the second."""
    feature, sprint = [10, 8, 6, 5, 4, 3, 2, 1], [6, 5, 4, 3, 2, 1]
    points = table(
        ["Race", "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th"],
        [["Feature race", *map(str, feature)], ["Sprint race", *map(str, sprint), "", ""]],
    )
    rng = random.Random(23)
    rows = []
    for index in range(10):
        cells = [str(rng.randint(1, 10)) for _ in range(6)]
        total = sum(
            (feature if column % 2 == 0 else sprint)[int(c) - 1]
            if int(c) <= len(feature if column % 2 == 0 else sprint)
            else 0
            for column, c in enumerate(cells)
        )
        rows.append([person(index), *cells, str(total)])
    rows.sort(key=lambda r: -int(r[-1]))
    ranked = [[str(n), *row] for n, row in enumerate(rows, start=1)]
    header = ["Pos", "Driver", "ALP", "ALP", "BRA", "BRA", "CAS", "CAS", "Points"]
    text = article(section("Scoring", points), section("Drivers", table(header, ranked)))
    result = audited(text)
    assert errors(result) == []
    assert "one band per race of a meeting" in reading_of(result, "Drivers").message


def fastest_lap_season(seed: int) -> list[Driver]:
    """Formula One since 2019: one point for the fastest lap (italic), paid only to a top-ten
    finisher; every race has one fastest lap, and some go to a driver outside the points."""
    rng = random.Random(seed)
    drivers = [Driver(person(i), []) for i in range(14)]
    for _ in range(8):
        order = rng.sample(range(14), 14)
        fastest = rng.choice(order[:12])  # sometimes 11th or 12th: no point for it
        for position, index in enumerate(order, start=1):
            drivers[index].cells.append(str(position))
            if index == fastest:
                drivers[index].italic.add(len(drivers[index].cells) - 1)
    for driver in drivers:
        points = score(driver, MODERN)
        points += sum(1 for i in driver.italic if int(driver.cells[i]) <= len(MODERN))
        driver.total = str(points)
    drivers.sort(key=lambda d: -int(d.total or 0))
    return drivers


def test_a_fastest_lap_point_paid_only_to_a_points_finisher() -> None:
    drivers = fastest_lap_season(seed=31)
    unpaid = [d for d in drivers if any(int(d.cells[i]) > len(MODERN) for i in d.italic)]
    assert unpaid  # the season holds the case the reading must explain
    prose = "One point was awarded for the fastest lap, if the driver finished in the top ten.\n"
    legend = table(["Key", "Meaning"], [["Italics", "Fastest lap"]])
    parts = (section("Calendar", calendar(8)), section("Scoring", points_table(MODERN) + prose))
    result = audited(article(*parts, section("Drivers", matrix(drivers, 8) + legend)))
    assert errors(result) == []
    reading = reading_of(result, "Drivers").message
    assert "italic +1 (to a points finisher)" in reading and "14 of 14 rows" in reading
    wrong = unpaid[0]
    wrong.total = str(int(wrong.total or 0) + 1)  # the unpaid point counted after all
    _, error = only_error(article(*parts, section("Drivers", matrix(drivers, 8) + legend)))
    assert (error.rule, error.row) == ("positions-total-mismatch", wrong.name)


def test_superscripts_read_as_sprint_positions_scored_by_the_sprint_row() -> None:
    """Formula One since 2022: a superscript is the sprint's finishing position, scored by the
    points table's Sprint row (8-7-...-1), not a number of points to add."""
    sprint = [8, 7, 6, 5, 4, 3, 2, 1]

    def sprint_position(rng: random.Random, race: int) -> tuple[int | None, int]:
        if race not in (1, 4):  # sprint weekends only
            return None, 0
        placed = rng.randint(1, 10)
        return (placed, sprint[placed - 1]) if placed <= len(sprint) else (None, 0)

    rows = superscript_season(32, sprint_position)
    header = ["Position", *(f"{p}" for p in range(1, 11))]
    scoring = table(header, [["Race", *map(str, MODERN)], ["Sprint", *map(str, sprint), "", ""]])
    parts = (section("Calendar", calendar(6)), section("Scoring", scoring))
    result = audited(article(*parts, section("Drivers", matrix(rows, 6))))
    assert errors(result) == []
    assert "superscripts as Sprint positions (8-7-6-5-4-3-2-1)" in (
        reading_of(result, "Drivers").message
    )
    rows[3].total = str(int(rows[3].total or 0) + 2)
    _, error = only_error(article(*parts, section("Drivers", matrix(rows, 6))))
    assert (error.rule, error.row) == ("positions-total-mismatch", rows[3].name)


def test_a_group_header_over_round_codes_is_not_part_of_the_codes() -> None:
    """A two-row header (a group cell over the round codes) in one table, plain codes in the
    other: the same rounds, no ``round-code-mismatch``; a real swap is still found."""
    drivers = season(F1, 8, 5, seed=33)
    group = (
        '{| class="wikitable"\n! rowspan="2" | Pos !! rowspan="2" | Driver !! colspan="5" | '
        'Points after round !! rowspan="2" | Total\n|-\n! ALP !! BRA !! CAS !! DUN !! EAS\n'
    )
    rows = "".join(
        f"|-\n| {n} || {d.name} || {' || '.join(d.cells)} || {d.total}\n"
        for n, d in enumerate(drivers, start=1)
    )
    parts = (
        section("Calendar", calendar(5)),
        section("Scoring", points_table(F1)),
        section("Drivers", matrix(drivers, 5)),
    )
    result = audited(article(*parts, section("Progression", group + rows + "|}\n")))
    assert findings(result, "round-code-mismatch") == []
    numbered = group.replace("ALP !! BRA !! CAS !! DUN !! EAS", "1 !! 2 !! 3 !! 4 !! 5")
    result = audited(article(*parts, section("Progression", numbered + rows + "|}\n")))
    assert findings(result, "round-code-mismatch") == []  # numbers say nothing against codes
    swapped = group.replace("ALP !! BRA", "BRA !! ALP")
    result = audited(article(*parts, section("Progression", swapped + rows + "|}\n")))
    assert {f.published for f in findings(result, "round-code-mismatch")} == {"BRA", "ALP"}


def test_rounds_of_two_races_and_of_one_under_group_headers_match_the_calendar() -> None:
    """Supercars: three rounds of two races and one of one, each round a spanned group over
    its races (``R1``...``R7``): seven race columns for a four-round calendar."""
    rows = points_rows(6, 7, seed=34)
    body = "".join(
        f"|-\n| {n} || {d.name} || {' || '.join(d.cells)} || {d.total}\n"
        for n, d in enumerate(rows, start=1)
    )
    races = "! " + " !! ".join(f"R{i}" for i in range(1, 8)) + "\n"
    grouped = (
        '{| class="wikitable"\n! rowspan="2" | Pos !! rowspan="2" | Driver !! '
        'colspan="2" | ALP !! colspan="2" | BRA !! colspan="2" | CAS !! DUN !! '
        'rowspan="2" | Points\n|-\n' + races + body + "|}\n"
    )
    flat = (
        '{| class="wikitable"\n! Pos !! Driver !! ' + races[2:-1] + " !! Points\n" + body + "|}\n"
    )
    for standings, warned in ((grouped, False), (flat, True)):
        result = audited(article(section("Calendar", calendar(4)), section("Drivers", standings)))
        assert bool(findings(result, "rounds-vs-calendar")) is warned
        assert errors(result) == []


def test_a_team_listed_once_per_car_is_not_a_duplicate_name() -> None:
    """WEC and IMSA team tables give each car its row (``Ferrari AF Corse`` #50 and #51): one
    name per car number is not a name listed twice; the same car twice still is."""
    rows = points_rows(6, 4, seed=35)
    teams = ["Ferrari AF Corse", "Ferrari AF Corse", "Team WRT", "Jota", "Iron Dames", "Proton"]
    cars = ["50", "51", "41", "28", "85", "77"]
    body = [
        [str(n), team, f"#{car}", *d.cells, d.total or "0"]
        for n, (team, car, d) in enumerate(zip(teams, cars, rows, strict=True), start=1)
    ]
    header = ["Pos", "Team", "Car", *["ALP", "BRA", "CAS", "DUN"], "Points"]
    parts = (section("Calendar", calendar(4)),)
    result = audited(article(*parts, section("Teams", table(header, body))))
    assert findings(result, "table-schema") == [] and errors(result) == []
    body[1][2] = "#50"  # the same car listed twice
    result = audited(article(*parts, section("Teams", table(header, body))))
    twice = findings(result, "table-schema")
    assert {f.row for f in twice} == {"Ferrari AF Corse"}
    assert all("appears more than once" in f.message for f in twice)


def test_points_printed_before_the_race_columns() -> None:
    """``Pos | Driver | Pts | ALP BRA …``: the races after the total are read, and a wrong
    total found; statistics after a total (wins, poles) are not races."""
    rows = points_rows(8, 5, seed=36)
    rows[2].total = str(int(rows[2].total or 0) + 4)
    tracks = ["ALP", "BRA", "CAS", "DUN", "EAS"]
    body = [[str(n), d.name, d.total or "0", *d.cells] for n, d in enumerate(rows, start=1)]
    result = audited(
        article(
            section("Calendar", calendar(5)),
            section("Drivers", table(["Pos", "Driver", "Pts", *tracks], body)),
        )
    )
    [error] = errors(result)
    assert (error.rule, error.row, error.column) == ("total-mismatch", rows[2].name, "Total")
    stats = [[str(n), d.name, d.total or "0", "1", "2"] for n, d in enumerate(rows, start=1)]
    result = audited(
        article(
            section("Calendar", calendar(5)),
            section("Drivers", table(["Pos", "Driver", "Pts", "Wins", "Poles"], stats)),
        )
    )
    assert "totals" in reading_of(result, "Drivers").message and errors(result) == []


def test_a_race_the_prose_names_as_paying_double() -> None:
    """ "Double points were awarded at the CAS Grand Prix": that round's positions count twice;
    an article that does not say so reads the same table as unfit, not as errors."""
    drivers = season(F1, 10, 5, seed=37)
    for driver in drivers:
        cell = driver.cells[2]
        if cell.isdigit() and int(cell) <= len(F1):
            driver.total = str(int(driver.total or 0) + F1[int(cell) - 1])
    drivers.sort(key=lambda d: -int(d.total or 0))
    prose = "Double points were awarded at the CAS Grand Prix.\n\n"
    parts = (section("Calendar", calendar(5)), section("Scoring", points_table(F1) + prose))
    result = audited(article(*parts, section("Drivers", matrix(drivers, 5))))
    assert errors(result) == []
    assert "CAS Grand Prix double" in reading_of(result, "Drivers").message
    silent = (section("Calendar", calendar(5)), section("Scoring", points_table(F1)))
    result = audited(article(*silent, section("Drivers", matrix(drivers, 5))))
    assert errors(result) == [] and findings(result, "table-unfit")


def test_fewer_round_columns_than_the_calendar_is_information() -> None:
    """A class that ran four of six meetings prints four columns: said, not warned; more
    columns than rounds (and no grouping) is still a warning."""
    rows = points_rows(6, 4, seed=38)
    few = audited(article(section("Calendar", calendar(6)), section("Drivers", matrix(rows, 4))))
    [finding] = findings(few, "rounds-vs-calendar")
    assert finding.severity.value == "info" and (finding.published, finding.expected) == ("4", "6")
    more = points_rows(6, 5, seed=38)
    result = audited(article(section("Calendar", calendar(3)), section("Drivers", matrix(more, 5))))
    [finding] = findings(result, "rounds-vs-calendar")
    assert finding.severity.value == "warning"


def test_a_gross_total_column_and_a_nations_grand_prix_column() -> None:
    """``Total | Dropped | Pts``: the gross total is no race; a column headed ``NAT`` whose cells
    are results is the Nations Grand Prix, not a nationality."""
    rows = points_rows(8, 4, seed=39)
    header = ["Pos", "Driver", "ALP", "BRA", "NAT", "DUN", "Total", "Dropped", "Pts"]
    body = [
        [str(n), d.name, *d.cells, d.total or "0", "0", d.total or "0"]
        for n, d in enumerate(rows, start=1)
    ]
    result = audited(
        article(section("Calendar", calendar(4)), section("Drivers", table(header, body)))
    )
    assert errors(result) == [] and findings(result, "rounds-vs-calendar") == []
    assert "8 of 8 rows reconcile" in reading_of(result, "Drivers").message


def test_shared_drives_split_their_points_where_the_article_says_so() -> None:
    """1950s Formula One: two drivers sharing a car each got half its points (``4†``); with
    the article saying so the halved total is consistent, without it an error."""
    drivers = season(F1, 10, 6, seed=40)
    sharer = next(d for d in drivers[2:] if any(c.isdigit() and int(c) <= 4 for c in d.cells))
    index = next(i for i, c in enumerate(sharer.cells) if c.isdigit() and int(c) <= 4)
    sharer.total = f"{int(sharer.total or 0) - F1[int(sharer.cells[index]) - 1] / 2:g}"
    sharer.cells[index] += "†"
    prose = "Points from shared drives were divided equally between the drivers sharing the car.\n"
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", points_table(F1) + prose),
        section("Drivers", matrix(drivers, 6)),
    )
    result = audited(text)
    assert errors(result) == []
    assert "shared drives split" in reading_of(result, "Drivers").message
    _, error = only_error(text.replace(prose, ""))
    assert (error.rule, error.row) == ("positions-total-mismatch", sharer.name)


def test_a_race_paying_stage_points_and_every_place_further_back() -> None:
    """A stock-car race: finishing points 40-35-34-…, every car further back 5 points, and
    stage points (10-9-…-1, stated in the text) paid on top to the stage leaders."""
    finishing = [40, 35, 34, 33, 32, 31, 30, 29, 28, 27]
    prose = (
        "Points were awarded on a 40–35–34–33–32–31–30–29–28–27 basis, with every car further "
        "back also receiving 5 points. Each of the two stages paid 10–9–8–7–6–5–4–3–2–1 points "
        "to its top ten.\n\n"
    )
    paid = {1: "59", 2: "54", 3: "41", 12: "5", 14: "5", 16: "0"}
    header = ["Pos", "No", "Driver", "Laps", "Status", "Points"]
    body = [
        [
            str(p),
            str(p + 10),
            person(p),
            "200",
            "Running",
            paid.get(p, str(finishing[p - 1]) if p <= len(finishing) else "5"),
        ]
        for p in range(1, 17)
    ]
    text = article(section("Background", prose), section("Race results", table(header, body)))
    result = audited(text)
    assert errors(result) == []
    reading = next(f for f in findings(result, "table-read") if "classification" in f.message)
    assert "5 for every place further back" in reading.message
    body[4][-1] = "36"  # fifth paid 4 more than his place: a stage's seventh place, no error
    body[5][-1] = "30"  # sixth paid less than his place: an error whatever the stages paid
    [error] = errors(
        audited(article(section("Background", prose), section("Race", table(header, body))))
    )
    assert (error.rule, error.row, error.published) == ("classification-points", person(6), "30")


def test_an_additional_point_for_the_fastest_lap_written_in_words() -> None:
    prose = (
        "Points were awarded on a 25–18–15–12–10–8–6–4–2–1 basis, plus an additional point "
        "for setting the fastest lap.\n\n"
    )
    header = ["Pos", "No", "Driver", "Laps", "Points"]
    body = [
        [str(p), str(p), person(p), "71", str(MODERN[p - 1] + (p == 1)) if p <= 10 else ""]
        for p in range(1, 15)
    ]
    result = audited(article(section("Background", prose), section("Race", table(header, body))))
    assert errors(result) == []
    silent = prose.replace(", plus an additional point for setting the fastest lap", "")
    [error] = errors(
        audited(article(section("Background", silent), section("Race", table(header, body))))
    )
    assert (error.row, error.published, error.expected) == (person(1), "26", "25")


def test_totals_past_what_the_races_could_give_are_a_reset_not_errors() -> None:
    """A stock-car playoff: the leaders' totals are reset to 2,000 plus bonuses, far past what
    winning every race gives. Two or more such rows are left out of the reading (and said so);
    one alone is a digit typed twice, an error."""
    rows = points_rows(10, 6, seed=41)
    for driver, base in zip(rows[:3], (5040, 5021, 2033), strict=True):
        driver.total = str(base)
    result = audited(article(section("Calendar", calendar(6)), section("Drivers", matrix(rows, 6))))
    assert errors(result) == []
    reading = reading_of(result, "Drivers").message
    assert "3 rows with totals past what every race won could give" in reading
    assert "7 of 7 rows reconcile" in reading
    typo = points_rows(10, 6, seed=41)
    typo[4].total = (typo[4].total or "0") + "0"  # 86 written 860
    _, error = only_error(
        article(section("Calendar", calendar(6)), section("Drivers", matrix(typo, 6)))
    )
    assert (error.rule, error.row) == ("total-mismatch", typo[4].name)


def test_a_mark_the_text_does_not_price_is_solved_from_the_table() -> None:
    """A legend says ``*`` is "led the most laps" but gives no value; every marked row is two
    points over its positions: the value is solved (2) from the rows that reconcile exactly."""
    bonus = {"bold": 2}
    drivers = season(F1, 12, 6, seed=42, bonus=bonus)
    for driver in drivers:  # the generator marks pole in bold; this series marks laps led with *
        driver.cells = [f"{c}*" if i in driver.bold else c for i, c in enumerate(driver.cells)]
        driver.bold = set()
    marked = [d for d in drivers if any(c.endswith("*") for c in d.cells)]
    assert len(marked) >= 3
    legend = table(["Key", "Meaning"], [["*", "Led the most laps"]])
    parts = (section("Calendar", calendar(6)), section("Scoring", points_table(F1)))
    result = audited(article(*parts, section("Drivers", matrix(drivers, 6) + legend)))
    assert errors(result) == []
    assert "* +2 (mark value solved from the table)" in reading_of(result, "Drivers").message
    marked[0].total = str(int(marked[0].total or 0) + 1)
    _, error = only_error(article(*parts, section("Drivers", matrix(drivers, 6) + legend)))
    assert (error.rule, error.row) == ("positions-total-mismatch", marked[0].name)


def test_winners_from_a_results_table_laid_out_like_a_calendar() -> None:
    """Modern season articles: a calendar without winners, then ``Rnd | Grand Prix | Pole
    position | Winning driver | Report``: its winners are checked against the standings."""
    drivers, winners = season_with_winners(seed=43)
    results = table(
        ["Rnd", "Grand Prix", "Pole position", "Winning driver", "Report"],
        [
            [str(n), f"{track} Grand Prix", winners[(n) % 6], winners[n - 1], "Report"]
            for n, track in enumerate(["ALP", "BRA", "CAS", "DUN", "EAS", "FOR"], start=1)
        ],
    )

    def written() -> str:
        return article(
            section("Calendar", calendar(6)),
            section("Results", results),
            section("Scoring", points_table(F1)),
            section("Drivers", matrix(drivers, 6)),
        )

    result = audited(written())
    assert errors(result) == []
    assert [f for f in findings(result, "table-read") if "race winners by round" in f.message]
    winner = next(d for d in drivers if d.name == winners[3])
    winner.cells[3] = "2"
    winner.total = str(score(winner, F1))
    drivers.sort(key=lambda d: -int(d.total or 0))
    [error] = findings(audited(written()), "winner-position")
    assert (error.row, error.column, error.published) == (winner.name, "DUN", "2")


def test_a_cancelled_date_and_its_replacement_are_one_round() -> None:
    """Round 3 at CAS was cancelled and run at DUN instead, both rows numbered 3: three rounds,
    so the three columns match and the winners still line up."""
    drivers = season(F1, 8, 3, seed=44)
    rows = [
        ["1", "ALP Grand Prix", "ALP Ring", "May 1"],
        ["2", "BRA Grand Prix", "BRA Ring", "May 2"],
        ["3", "CAS Grand Prix", "CAS Ring", "Cancelled"],
        ["3", "DUN Grand Prix", "DUN Ring", "May 4"],
    ]
    cal = table(["Rnd", "Race", "Circuit", "Date"], rows)
    result = audited(
        article(
            section("Calendar", cal),
            section("Scoring", points_table(F1)),
            section("Drivers", matrix(drivers, 3)),
        )
    )
    assert findings(result, "rounds-vs-calendar") == [] and errors(result) == []
    assert "read as a calendar: 3 rounds" in " ".join(
        f.message for f in findings(result, "table-read")
    )


def test_a_venue_code_that_spells_a_label_is_a_round() -> None:
    """``CAR`` heads Cardiff's column, not a car: the table keeps all its rounds."""
    rows = points_rows(8, 3, seed=45)
    header = ["Pos", "Rider", "ALP", "CAR", "DUN", "Points"]
    body = [[str(n), d.name, *d.cells, d.total or "0"] for n, d in enumerate(rows, start=1)]
    result = audited(
        article(section("Calendar", calendar(3)), section("Riders", table(header, body)))
    )
    reading = reading_of(result, "Riders").message
    assert "8 of 8 rows reconcile" in reading and errors(result) == []
    assert findings(result, "rounds-vs-calendar") == []


@pytest.mark.parametrize(
    "scoring",
    [
        table(
            ["Position", "Points"],
            [[f"{p}{'st' if p == 1 else 'th'}", str(v)] for p, v in enumerate(F1, start=1)],
        ),
        table(["Pos.", "Points"], [[str(p), str(v)] for p, v in enumerate(F1, start=1)]),
        table(["Position", *(f"{p}th place" for p in range(1, 7))], [["Points", *map(str, F1)]]),
    ],
)
def test_points_tables_down_the_page_or_by_place(scoring: str) -> None:
    """``Position | Points`` read down, or ``1st place`` headers: the scale is read, so the
    positions are scored and a wrong total found."""
    drivers = season(F1, 8, 5, seed=46)
    drivers[3].total = str(int(drivers[3].total or 0) + 2)
    text = article(
        section("Calendar", calendar(5)),
        section("Scoring", scoring),
        section("Drivers", matrix(drivers, 5)),
    )
    _, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", drivers[3].name)


def test_an_entry_list_headed_race_drivers_is_read() -> None:
    """Formula One's ``Entrant | No. | Race drivers | Rounds`` entry list: read as the one
    headed ``Drivers`` is."""
    drivers = season(F1, 6, 3, seed=47)
    entries = table(
        ["Entrant", "No.", "Race drivers", "Rounds"],
        [["Alpha Team", str(n), d.name, "All"] for n, d in enumerate(drivers, start=1)],
    )
    result = audited(
        article(
            section("Calendar", calendar(3)),
            section("Entries", entries),
            section("Scoring", points_table(F1)),
            section("Drivers", matrix(drivers, 3)),
        )
    )
    [read] = [f for f in findings(result, "table-read") if f.table == "Entries"]
    assert "6 entries" in read.message


def test_a_penalty_column_headed_in_capitals_is_no_race() -> None:
    """``PEN`` is a penalty, not a venue's code: it adjusts the total and is read once."""
    drivers = season(F1, 8, 4, seed=48)
    rows = []
    for position, driver in enumerate(drivers, start=1):
        penalty = "−5" if position in (3, 5) else ""
        total = int(driver.total or 0) - (5 if penalty else 0)
        rows.append([str(position), driver.name, *driver.cells, penalty, str(total)])
    header = ["Pos", "Driver", "ALP", "BRA", "CAS", "DUN", "PEN", "Points"]
    result = audited(
        article(
            section("Calendar", calendar(4)),
            section("Scoring", points_table(F1)),
            section("Drivers", table(header, rows)),
        )
    )
    assert errors(result) == [] and findings(result, "rounds-vs-calendar") == []


def test_totals_past_reach_below_rows_within_it_are_typos() -> None:
    """Two totals with a digit typed twice, ranked below the leader: not a reset block at the
    top of the table, so both are errors."""
    rows = points_rows(12, 6, seed=49)
    for driver in rows[1:3]:
        driver.total = (driver.total or "0") + (driver.total or "0")[-1]
    result = audited(article(section("Calendar", calendar(6)), section("Drivers", matrix(rows, 6))))
    assert {(f.rule, f.row) for f in errors(result)} == {
        ("total-mismatch", rows[1].name),
        ("total-mismatch", rows[2].name),
    }


def test_a_sentence_denying_shared_points_excuses_nothing() -> None:
    drivers = season(F1, 10, 6, seed=40)
    sharer = next(d for d in drivers[2:] if any(c.isdigit() and int(c) <= 4 for c in d.cells))
    index = next(i for i, c in enumerate(sharer.cells) if c.isdigit() and int(c) <= 4)
    sharer.total = f"{int(sharer.total or 0) - F1[int(sharer.cells[index]) - 1] / 2:g}"
    prose = "Points were not split between drivers sharing a car.\n"
    _, error = only_error(
        article(
            section("Calendar", calendar(6)),
            section("Scoring", points_table(F1) + prose),
            section("Drivers", matrix(drivers, 6)),
        )
    )
    assert (error.rule, error.row) == ("positions-total-mismatch", sharer.name)


def test_a_half_points_race_overpaid_is_still_an_error() -> None:
    """The points table's own scale is no "other scale" to pay on top of its halved self."""
    header = ["Pos", "No", "Rider", "Manufacturer", "Laps", "Time/Retired", "Grid", "Points"]
    body = []
    for position in range(1, 19):
        paid = MOTO[position - 1] / 2 if position <= len(MOTO) else 0
        shown = f"{paid:g}" if paid else ""
        if position == 2:
            shown = "19"  # 10 is what half points give second (9 more: a whole scale value)
        body.append(
            [
                str(position),
                str(position + 10),
                person(position),
                "Yamaha",
                "12",
                "+1.0",
                "3",
                shown,
            ]
        )
    scale = points_table(MOTO)
    text = article(
        section("Scoring", scale + "\nThe race was stopped early and half points were awarded.\n"),
        section("Race classification", table(header, body)),
    )
    [error] = errors(audited(text))
    assert (error.rule, error.row, error.published) == ("classification-points", person(2), "19")


def test_a_postponed_round_with_both_its_dates_marked_stays_a_round() -> None:
    """Round 3 "May 3 (postponed)" and "August 9 (postponed from May 3)": both rows say
    postponed, so neither replaces the other; the round is kept once."""
    drivers = season(F1, 8, 4, seed=50)
    rows = [
        ["1", "ALP Grand Prix", "ALP Ring", "April 1"],
        ["2", "BRA Grand Prix", "BRA Ring", "April 20"],
        ["3", "CAS Grand Prix", "CAS Ring", "May 3 (postponed)"],
        ["3", "CAS Grand Prix", "CAS Ring", "August 9 (postponed from May 3)"],
        ["4", "DUN Grand Prix", "DUN Ring", "September 1"],
    ]
    result = audited(
        article(
            section("Calendar", table(["Rnd", "Race", "Circuit", "Date"], rows)),
            section("Scoring", points_table(F1)),
            section("Drivers", matrix(drivers, 4)),
        )
    )
    assert findings(result, "rounds-vs-calendar") == [] and errors(result) == []


def test_a_scale_written_with_and_keeps_its_last_value() -> None:
    drivers = season(F1, 10, 6, seed=51)
    drivers[4].total = str(int(drivers[4].total or 0) + 1)
    prose = "Points were awarded 9, 6, 4, 3, 2 and 1 to the first six finishers.\n\n"
    text = article(
        section("Calendar", calendar(6)),
        section("Scoring", prose),
        section("Drivers", matrix(drivers, 6)),
    )
    result, error = only_error(text)
    assert (error.rule, error.row) == ("positions-total-mismatch", drivers[4].name)
    assert "9-6-4-3-2-1 from the article's text" in reading_of(result, "Drivers").message


def test_races_named_as_paying_double_and_half_in_one_season() -> None:
    """CAS paid double and EAS, stopped early, half: both at once, from two sentences."""
    drivers = season(F1, 10, 5, seed=52)
    for driver in drivers:
        points = 0.0
        for index, cell in enumerate(driver.cells):
            if cell.isdigit() and int(cell) <= len(F1):
                points += F1[int(cell) - 1] * {2: 2.0, 4: 0.5}.get(index, 1.0)
        driver.total = f"{points:g}"
    drivers.sort(key=lambda d: -float(d.total or 0))
    prose = (
        "The CAS Grand Prix awarded double points. The EAS Grand Prix was stopped early, and "
        "half points were awarded.\n\n"
    )
    result = audited(
        article(
            section("Calendar", calendar(5)),
            section("Scoring", points_table(F1) + prose),
            section("Drivers", matrix(drivers, 5)),
        )
    )
    assert errors(result) == []
    reading = reading_of(result, "Drivers").message
    assert "CAS Grand Prix double" in reading and "EAS Grand Prix half" in reading


def test_points_of_a_race_named_as_double_are_possible_values() -> None:
    """A points matrix whose DUN winner holds 50 (25 doubled): a value the system gives there
    once the prose says DUN paid double; without the sentence it is impossible."""
    rng = random.Random(53)
    rows = []
    for index in range(8):
        cells = [str(rng.choice(MODERN)) for _ in range(3)] + ["50" if index == 0 else ""]
        rows.append(Driver(person(index), cells, total=str(sum(int(c) for c in cells if c))))
    rows.sort(key=lambda d: -int(d.total or 0))
    prose = "Double points were awarded at the DUN Grand Prix.\n\n"
    parts = (section("Calendar", calendar(4)),)
    said = audited(
        article(
            *parts,
            section("Scoring", points_table(MODERN) + prose),
            section("Drivers", matrix(rows, 4)),
        )
    )
    assert findings(said, "impossible-points") == []
    silent = audited(
        article(
            *parts, section("Scoring", points_table(MODERN)), section("Drivers", matrix(rows, 4))
        )
    )
    assert {f.column for f in findings(silent, "impossible-points")} == {"DUN"}


def test_a_fastest_lap_in_a_half_points_race_may_go_unpaid() -> None:
    """Formula One's 2021 Belgian Grand Prix paid half points and no fastest-lap point: the
    fastest lap's bonus in a race paying other than full points is not held against a total
    (paid, unpaid or halved), while a wrong total elsewhere is still found."""
    drivers = season(F1, 10, 5, seed=54)
    for race in range(5):
        fastest = (
            next(d for d in drivers if d.cells[race] == "1")
            if any(d.cells[race] == "1" for d in drivers)
            else drivers[race]
        )
        fastest.cells[race] = "1"
        fastest.italic.add(race)
    for driver in drivers:
        points = 0.0
        for index, cell in enumerate(driver.cells):
            if cell.isdigit() and int(cell) <= len(F1):
                points += F1[int(cell) - 1] * (0.5 if index == 2 else 1.0)
            if index in driver.italic and index != 2:
                points += 1
        driver.total = f"{points:g}"
    drivers.sort(key=lambda d: -float(d.total or 0))
    prose = (
        "One point was awarded for the fastest lap. The CAS Grand Prix was stopped early, and "
        "half points were awarded.\n\n"
    )
    legend = table(["Key", "Meaning"], [["Italics", "Fastest lap"]])
    parts = (section("Calendar", calendar(5)), section("Scoring", points_table(F1) + prose))
    result = audited(article(*parts, section("Drivers", matrix(drivers, 5) + legend)))
    assert errors(result) == []
    assert "CAS Grand Prix half" in reading_of(result, "Drivers").message
    wrong = drivers[-1]
    wrong.total = f"{float(wrong.total or 0) + 3:g}"
    _, error = only_error(article(*parts, section("Drivers", matrix(drivers, 5) + legend)))
    assert (error.rule, error.row) == ("positions-total-mismatch", wrong.name)
