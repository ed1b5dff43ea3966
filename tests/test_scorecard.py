"""The board's scorecard: published figures read, benchmarked, checked and written (format.md section 7).

The CSVs are written in the Department for Education's published shape by tests/published_csv.py (several
councils, two regions, symbols for the council and a neighbour, a reporting year and a financial year).
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import run
from published_csv import COUNCIL, NEIGHBOURS, PROGRESS, STANDARD, STRATEGY, eet_csv, placements_csv, write_folder

from cpstrat.analysis import scorecard
from cpstrat.checks.run import check
from cpstrat.format import published


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_folder(tmp_path / "dudley")


def codes(result, severity=None) -> list[str]:
    return [d.code for d in result.diagnostics if severity is None or d.severity == severity]


def only(result, code):
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, result.diagnostics
    return found[0]


# -- reading the published files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("period, identifier, label", [
    ("202324", "Financial year", "2023-24"), ("2024", "Reporting year", "2024"),
    ("202324", "Academic year", "2023/24"), ("2024", "Calendar year", "2024"),
    ("2024", "Week 12", "2024 Week 12")])
def test_periods_read_as_readers_write_them(period, identifier, label):
    assert published.period(period, identifier).label == label


def test_periods_sort_by_year():
    years = [published.period(p, "Financial year") for p in ("202324", "201920", "202021")]
    assert [p.label for p in sorted(years)] == ["2019-20", "2020-21", "2023-24"]


@pytest.mark.parametrize("symbol, word", [("c", "suppressed"), ("x", "not available"), ("z", "not applicable"),
                                          ("low", "fewer than 0.5"), ("k", "fewer than 0.5"),
                                          ("u", "low reliability"), (":", "not available"), ("", "not published")])
def test_every_symbol_is_a_word_never_a_number(tmp_path, symbol, word):
    text = placements_csv().replace("Dudley,Three or more placements,100,12\n",
                                    f"Dudley,Three or more placements,100,{symbol}\n", 1)
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    query = published.Query("percentage", (("placement_stability", "Three or more placements"),))
    table = published.read(path, "p.csv", [query], [COUNCIL])
    cells = [c for by in table.figures[query].local.values() for c in by.values()]
    symbols = [c for c in cells if c.value is None]
    assert symbols and all(c.word for c in symbols)
    assert word in {c.word for c in symbols}


def test_the_figures_of_the_latest_period(folder):
    sc = scorecard.build(check(folder).strategy)
    moves, eet = sc.cards
    r = moves.latest
    assert r.period.label == "2024"
    assert [moves.text(r.council), moves.text(r.england), moves.text(r.region)] == ["9%", "11%", "10%"]
    # 12 and 8 and 11 (2024: Sandwell's is x, not available): never a zero, never averaged
    assert r.neighbours.text("%") == "10.7%, 3 of 4 neighbours"
    assert r.rank_text == "2nd of 4"  # lower is better: 8 is first
    assert r.status == scorecard.MET
    assert moves.council_name == "Dudley" and moves.region_name == "West Midlands"
    r = eet.latest
    assert r.period.label == "2023-24"
    assert [eet.text(r.council), eet.text(r.england), eet.text(r.region)] == ["48%", "56%", "55%"]
    assert r.neighbours.text("%") == "52.3%, 3 of 4 neighbours"  # Walsall's is c, suppressed
    assert r.rank_text == "4th of 4"
    assert r.change_text("%") == "Worse: down from 52% to 48%"
    assert r.status == scorecard.NOT_MET


def test_a_suppressed_figure_is_said_and_never_ranked_or_compared(folder):
    moves = scorecard.build(check(folder).strategy).cards[0]
    suppressed = moves.rows[1]
    assert moves.text(suppressed.council) == "suppressed"
    assert suppressed.rank is None and suppressed.rank_text == "Not ranked (no figure)"
    assert suppressed.change_text("%") == "Cannot compare (this period suppressed)"
    assert moves.rows[2].change_text("%") == "Cannot compare (the period before suppressed)"
    assert suppressed.status == scorecard.NO_FIGURE


def test_change_in_words_follows_polarity(folder):
    eet = scorecard.build(check(folder).strategy).cards[1]
    assert eet.rows[1].change_text("%") == "Better: up from 50% to 52%"  # higher is better
    assert published.direction(12, 9, "lower-is-better") == "better"
    assert published.direction(9, 12, "lower-is-better") == "worse"
    assert published.direction(9, 9, "lower-is-better") == "no change"


@pytest.mark.parametrize("polarity", ["higher-is-better", "lower-is-better"])
def test_rank_and_mean_agree_with_a_plain_count(polarity):
    rng = random.Random(polarity)
    for _ in range(300):
        council = rng.choice([None, *range(20)])
        others = [rng.choice([None, *range(20)]) for _ in range(rng.randint(0, 6))]
        numbers = [o for o in others if o is not None]
        rank, ranked = scorecard._rank(council, numbers, polarity)
        if council is None:
            assert rank is None
            continue
        pool = sorted([council, *numbers], reverse=polarity == "higher-is-better")
        assert rank == pool.index(council) + 1 and ranked == len(pool)


# -- the differential test of the streaming reader ------------------------------------------------------------------

def _plain_read(path: Path, column: str, filters: dict, council: str):
    """The same figures by the obvious route: csv.DictReader over every row."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if any(row[k] != v for k, v in filters.items()):
                continue
            where = {"National": "england", "Local authority": row["new_la_code"]}.get(row["geographic_level"])
            if where is None or (where != "england" and where != council):
                continue
            out[(row["time_period"], where)] = row[column]
    return out


def generated_csv(path: Path, rows: int, seed: int) -> None:
    """A file of many councils, periods and filter values, with symbols and values scattered."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(STANDARD + ["measure", "number", "percentage"])
        for i in range(rows):
            period = str(2015 + i % 9)
            level = rng.choice(["National", "Regional", "Local authority", "Local authority"])
            code = f"E0{rng.randint(6000000, 6000040)}"
            value = rng.choice(["c", "x", "low", "", str(rng.randint(0, 100)), f"{rng.random() * 100:.1f}"])
            w.writerow([period, "Reporting year", level, "E92000001", "England", "E12000005", "West Midlands",
                        "", code if level == "Local authority" else "", "Somewhere",
                        rng.choice(["A", "B"]), "5", value])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_streaming_reader_gives_what_a_plain_dictreader_pass_gives(tmp_path, seed):
    path = tmp_path / "big.csv"
    generated_csv(path, 20_000, seed)
    council = "E06000020"
    query = published.Query("percentage", (("measure", "A"),))
    table = published.read(path, "big.csv", [query], [council])
    plain = _plain_read(path, "percentage", {"measure": "A"}, council)
    figures = table.figures[query]
    got = {(p.time_period, "england"): c for p, c in figures.national.items()}
    got.update({(p.time_period, code): c for p, by in figures.local.items() for code, c in by.items()})
    assert set(got) == set(plain)
    for key, text in plain.items():
        cell = got[key]
        if text.strip() in published.symbols():
            assert cell.value is None and cell.symbol == text.strip()
        else:
            assert cell.value == float(text)


def million_row_csv(path: Path) -> dict:
    """A million rows in the published shape (25 financial years of 40,000 rows: England, nine regions and
    150 councils, each with 50 measures and 5 age groups), written by repeating one period's block so that the
    suite can afford it; the rows the test asks for are written apart, with figures (or symbols) that differ by
    period. Returns those figures: {(time_period, place): text}."""
    regions = [(f"E1200000{i}", f"Region {i}") for i in range(1, 10)]
    councils = [(f"E08{i:06d}", f"Council {i}", regions[i % 9]) for i in range(150)]
    places = ([("National", "", "", "")] + [("Regional", code, name, "") for code, name in regions]
              + [("Local authority", region, rname, code) for code, _, (region, rname) in councils])
    asked = {"E08000007", "E08000020", "E08000021", "E08000022", ""}  # the council, neighbours, England
    lines = []
    for level, region, rname, code in places:
        for measure in range(50):
            for age in ("Under 1", "1 to 4", "5 to 15", "16 and over", "Total"):
                if measure == 3 and age == "Total" and code in asked and level != "Regional":
                    continue  # written per period below
                lines.append(f"@P@,Financial year,{level},E92000001,England,{region},{rname},,{code},"
                             f"{'Council' if code else ''},Measure {measure},{age},{(measure * 7) % 101}.5\n")
    block = "".join(lines)
    expected: dict = {}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(STANDARD) + ",placement_measure,age_group,percentage\n")
        for n in range(25):
            period = f"{1999 + n}{(2000 + n) % 100:02d}"
            handle.write(block.replace("@P@", period))
            for code in sorted(asked):
                text = "c" if (n, code) == (24, "E08000021") else "x" if (n, code) == (3, "E08000007") \
                    else f"{n + len(code) % 7}.{n % 10}"
                level = "Local authority" if code else "National"
                handle.write(f"{period},Financial year,{level},E92000001,England,{'E12000008' if code else ''},"
                             f"{'Region 8' if code else ''},,{code},,Measure 3,Total,{text}\n")
                expected[(period, code or "england")] = text
    return expected


def test_a_million_row_file_is_read_in_one_pass_with_every_asked_figure(tmp_path):
    path = tmp_path / "million.csv"
    expected = million_row_csv(path)
    assert sum(1 for _ in open(path, "rb")) == 1_000_000 + 1  # the header and a million rows
    query = published.Query("percentage", (("placement_measure", "Measure 3"), ("age_group", "Total")))
    table = published.read(path, "million.csv", [query], ["E08000007", "E08000020", "E08000021", "E08000022"])
    figures = published.for_council(table, query, "E08000007", ["E08000020", "E08000021", "E08000022"])
    assert [p.label for p in figures.periods][:2] == ["1999-00", "2000-01"] and len(figures.periods) == 25
    for p in figures.periods:
        cells = {"england": figures.england[p], "E08000007": figures.council[p], **figures.neighbours[p]}
        for place, cell in cells.items():
            text = expected[(p.time_period, place)]
            if text in ("c", "x"):
                assert cell.value is None and cell.symbol == text  # a symbol, never a number
            else:
                assert cell.value == float(text), (p.label, place)
    last = figures.periods[-1]
    assert figures.neighbours[last]["E08000021"].word  # suppressed, in words
    assert figures.council[figures.periods[3]].value is None
    path.unlink()  # 116 MB: not kept among pytest's last runs


# -- check: the model, and bad input named ---------------------------------------------------------------------------

def test_the_folder_checks_with_the_missing_commentary_warning_only(folder):
    result = check(folder)
    assert not result.errors, result.errors
    warning = only(result, "CP195")
    assert warning.severity == "warning"
    assert "eet-19-21" in warning.message and "worse than in 2022-23" in warning.message
    assert "off target" in warning.message
    assert warning.file.endswith("2024-10-01.yaml") and warning.line == 7  # the commentary key


def test_commentary_on_the_indicator_quietens_the_warning(tmp_path):
    progress = PROGRESS + "  eet-19-21: Two large cohorts left education at 19.\n"
    result = check(write_folder(tmp_path / "f", progress=progress))
    assert "CP195" not in codes(result)


def test_commentary_naming_no_indicator_is_an_error(tmp_path):
    progress = PROGRESS + "  eet-19-22: A typo.\n"
    result = check(write_folder(tmp_path / "f", progress=progress))
    d = only(result, "CP102")
    assert "eet-19-22" in d.message and "did you mean 'eet-19-21'" in d.message


def test_a_missing_column_names_the_file_the_header_line_and_the_column(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("column: percentage",
                                                                          "column: percentge", 1)))
    d = only(result, "CP190")
    assert d.file.endswith("placement-stability.csv") and d.line == 1
    assert "'percentge'" in d.message and "did you mean 'percentage'" in d.message
    assert "time_period,time_identifier" in d.hint  # the header line itself


def test_a_missing_filter_column_is_named_too(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("{placement_stability:",
                                                                          "{placement_stabilty:")))
    d = only(result, "CP190")
    assert "filter column 'placement_stabilty'" in d.message and "did you mean 'placement_stability'" in d.message


def test_a_council_code_with_no_row_is_named(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("la_code: E08000027",
                                                                          "la_code: E08000072")))
    found = [d for d in result.diagnostics if d.code == "CP192"]
    assert found and all("'E08000072'" in d.message and "(did you mean 'E080000" in d.message for d in found)
    assert "E08000001, E08000025, E08000027" in found[0].hint  # the council codes the file has
    assert found[0].file.endswith("strategy.yaml") and found[0].line == 6


def test_a_neighbour_code_with_no_row_is_named(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("E08000030, E08000031",
                                                                          "E08000030, E08009999")))
    d = [d for d in result.diagnostics if d.code == "CP192"][0]
    assert "statistical neighbour 'E08009999'" in d.message and d.line == 7


def test_a_filter_value_with_no_row_is_named(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("Three or more placements",
                                                                          "Three or more placement")))
    d = only(result, "CP193")
    assert "'Three or more placement'" in d.message and "did you mean 'Three or more placements'" in d.message
    assert d.file.endswith("strategy.yaml") and d.line == 18


@pytest.mark.parametrize("content, words, line", [
    (b"PK\x03\x04\x00\x00binary", "not CSV text", 1),
    (b"", "no header line", 1),
    (b"region,value\nWest Midlands,3\n", "not the header of a published statistics file", 1),
])
def test_a_file_that_is_not_a_published_csv_is_one_clear_error(tmp_path, content, words, line):
    folder = write_folder(tmp_path / "f")
    (folder / "data" / "placement-stability.csv").write_bytes(content)
    result = check(folder)
    d = only(result, "CP190")
    assert words in d.message and d.line == line and d.file.endswith("placement-stability.csv")


def test_a_ragged_row_is_named_by_its_line(tmp_path):
    lines = placements_csv().splitlines(keepends=True)
    lines[5] = lines[5].rstrip("\n") + ",extra\n"
    folder = write_folder(tmp_path / "f", placements="".join(lines))
    d = only(check(folder), "CP190")
    assert d.line == 6 and "line 6 has 14 cells where the header has 13" in d.message


def test_a_file_over_the_size_budget_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(placements_csv(), encoding="utf-8")
    with pytest.raises(published.Unreadable, match="larger than the"):
        published.read(path, "p.csv", [published.Query("percentage")], [COUNCIL], max_bytes=100)


def test_a_word_in_an_indicator_column_is_named_by_its_line(tmp_path):
    folder = write_folder(tmp_path / "f", placements=placements_csv().replace(",100,12\n", ",100,twelve\n", 1))
    d = only(check(folder), "CP190")
    assert "'twelve'" in d.message and d.line > 1


def test_a_data_file_outside_the_folder_is_refused(tmp_path):
    result = check(write_folder(tmp_path / "f", strategy=STRATEGY.replace("file: data/placement-stability.csv",
                                                                          "file: ../secret.csv")))
    assert "CP191" in codes(result)


def test_catalogue_indicators_take_their_name_and_an_unknown_one_is_named(tmp_path):
    strategy = check(write_folder(tmp_path / "a")).strategy
    eet = next(i for i in strategy.indicators if i.id == "eet-19-21")
    assert eet.name == "Care leavers aged 19 to 21 in education, employment or training"
    assert eet.polarity == "higher-is-better" and eet.definition
    result = check(write_folder(tmp_path / "b", strategy=STRATEGY.replace("care-leavers-eet-19-21",
                                                                          "care-leavers-eet-19-12")))
    d = only(result, "CP196")
    assert "did you mean 'care-leavers-eet-19-21'" in d.message


def test_every_catalogue_entry_is_complete():
    for key, entry in published.catalogue().items():
        assert {"name", "definition", "unit", "polarity", "release", "column", "filters", "confirmed"} <= set(entry)
        assert entry["polarity"] in ("higher-is-better", "lower-is-better"), key


def test_a_text_comparator_is_held(folder):
    strategy = check(folder).strategy
    assert strategy.indicators[0].comparators == {"Ofsted": "In line with similar councils"}


def test_data_without_benchmarks_is_an_error(tmp_path):
    text = STRATEGY.replace("benchmarks:\n  la_code: E08000027\n", "benchmarks:\n  neighbours_source: x\n")
    result = check(write_folder(tmp_path / "f", strategy=text))
    found = [d for d in result.diagnostics if d.code == "CP194"]
    assert [d.message.split("'")[1] for d in found] == ["moves-3plus", "eet-19-21"]  # each, at its data:
    assert found[0].line == 15


def test_an_indicator_with_no_name_and_no_catalogue_is_named(tmp_path):
    text = STRATEGY.replace("    name: Children in care with three or more placements in the year\n", "")
    d = only(check(write_folder(tmp_path / "f", strategy=text)), "CP197")
    assert "'moves-3plus'" in d.message and d.line == 10  # at its id


def test_data_with_no_column_and_no_catalogue_column_is_named(tmp_path):
    text = STRATEGY.replace("      column: percentage\n", "", 1)
    d = only(check(write_folder(tmp_path / "f", strategy=text)), "CP198")
    assert "'moves-3plus'" in d.message and "data/placement-stability.csv" in d.message


# -- the documents ---------------------------------------------------------------------------------------------------

def build(folder: Path, out: Path, *args) -> str:
    result = run("build", folder, "-o", out, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_scorecard_in_word(folder, tmp_path):
    build(folder, tmp_path, "--document", "scorecard", "--format", "docx")
    path = tmp_path / "dudley-scorecard.docx"
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    # the headlines open it, each its own list paragraph
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:2] == ["Performance scorecard", "Headlines"]
    items = [text for style, text in paragraphs if "List" in style]
    assert items[:2] == ["Placement stability is better than England and our neighbours.",
                         "Fewer care leavers are in education, employment or training than last year."]
    text = "\n".join(t for _, t in paragraphs)
    assert "Commentary: Fewer moves since the in-house fostering drive began." in text
    assert "Commentary: No commentary given." in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"10.7%, 3 of 4 neighbours", "2nd of 4", "Worse: down from 52% to 48%", "suppressed",
            "In line with similar councils", "Target not met (target 55% by 31 March 2027)"} <= cells
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("word/charts/chart")]
        assert len(charts) == 2  # a native chart per indicator
        xml = z.read(charts[0]).decode()
    assert "Dudley" in xml and "England" in xml and "Neighbours' mean" in xml and "Target 9%" in xml
    lint = run("lint-docx", path)  # headings, table headers, alt text, title and language
    assert lint.returncode == 0 and "passes" in lint.stdout, lint.stdout + lint.stderr


def test_the_scorecard_in_markdown_and_html(folder, tmp_path):
    build(folder, tmp_path, "--document", "scorecard", "--format", "md,html")
    md = (tmp_path / "dudley-scorecard.md").read_text("utf-8")
    assert md.index("## Headlines") < md.index("## Indicators")
    assert "- Placement stability is better than England and our neighbours.\n" in md
    assert "| Statistical neighbours (mean) | 10\\.7%, 3 of 4 neighbours |" in md
    html = (tmp_path / "dudley-scorecard.html").read_text("utf-8")
    assert html.count("<svg") == 2 and html.count('role="img"') == 2
    assert "<li>Fewer care leavers are in education, employment or training than last year.</li>" in html
    assert 'class="status-off-track">Target not met' in html  # words, with a colour that repeats them


def test_the_data_only_report_has_no_empty_action_sections(folder, tmp_path):
    build(folder, tmp_path, "--format", "docx,md,html")
    report = tmp_path / "dudley-progress-report-2024-10-01"
    texts = [report.with_suffix(".md").read_text("utf-8"), report.with_suffix(".html").read_text("utf-8"),
             "\n".join(p.text for p in docx.Document(str(report.with_suffix(".docx"))).paragraphs)
             + "\n".join(c.text for t in docx.Document(str(report.with_suffix(".docx"))).tables
                         for row in t.rows for c in row.cells)]
    for text in texts:
        for empty in ("It has 0 actions", "Total", "No action is listed under this heading", "0 actions",
                      "No action is overdue"):
            assert empty not in text
        assert "Fewer moves since the in-house fostering drive began." in text  # the same indicator section
        assert "2nd of 4" in text
    assert texts[1].count("<svg") == 2  # the HTML board report has the charts too
    for suffix in (".md", ".html"):  # the plan says once that there are no actions, not under each principle
        plan = (tmp_path / f"dudley-action-plan{suffix}").read_text("utf-8")
        assert "No action serves this principle yet." not in plan and "This strategy sets no actions" in plan
    plan = "\n".join(p.text for p in docx.Document(str(tmp_path / "dudley-action-plan.docx")).paragraphs)
    assert "No action serves this principle yet." not in plan and "This strategy sets no actions." in plan
    assert "CPSTRATCHART" not in texts[1] and "CPSTRATCHART" not in texts[0]


def test_a_scorecard_of_a_strategy_without_published_figures_is_refused(tmp_path, small):
    result = run("build", small, "--document", "scorecard", "-o", tmp_path / "out")
    assert result.returncode == 2 and "CP199" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_bad_data_writes_nothing(tmp_path):
    folder = write_folder(tmp_path / "f", strategy=STRATEGY.replace("column: percentage", "column: percentge", 1))
    out = tmp_path / "out"
    result = run("build", folder, "--document", "scorecard", "-o", out)
    assert result.returncode == 1 and "CP190" in result.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_the_scorecard_as_pdf(folder, tmp_path):
    build(folder, tmp_path, "--document", "scorecard", "--format", "pdf")
    data = (tmp_path / "dudley-scorecard.pdf").read_bytes()
    assert data.startswith(b"%PDF")


def test_neighbours_and_council_codes_are_read_from_the_generated_csvs():
    reader = csv.reader(io.StringIO(eet_csv()))
    header = next(reader)
    assert header[:10] == STANDARD
    codes_seen = {row[8] for row in reader if row[2] == "Local authority"}
    assert {COUNCIL, *NEIGHBOURS} <= codes_seen


# -- the figures in the other outputs --------------------------------------------------------------------------------

def test_strict_makes_the_missing_commentary_an_error(folder, tmp_path):
    result = run("build", folder, "--document", "scorecard", "--strict", "-o", tmp_path / "out")
    assert result.returncode == 1 and "CP195" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_young_peoples_version_says_how_we_are_doing_in_plain_words(folder, tmp_path):
    build(folder, tmp_path, "--audience", "young-people", "--format", "docx,md,html")
    md = (tmp_path / "dudley-young-people.md").read_text("utf-8")
    assert "## How we are doing" in md
    assert ("Care leavers aged 19 to 21 in education, employment or training: 48% here in 2023-24, 56% across "
            "England. That is worse than across England. It got worse since 2022-23. We want to get to 55%: we are "
            "not there yet.") in md
    assert "9% here in 2024, 11% across England. That is better than across England." in md
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "dudley-young-people.docx")).paragraphs)
    assert "How we are doing" in text and "we have." in text
    assert ">How we are doing</h2>" in (tmp_path / "dudley-young-people.html").read_text("utf-8")


def test_a_suppressed_figure_in_plain_words(tmp_path):
    text = placements_csv().replace("Dudley,Three or more placements,100,9\n", "Dudley,Three or more placements,100,c\n")
    card = scorecard.build(check(write_folder(tmp_path / "f", placements=text)).strategy).cards[0]
    assert card.plain_words().startswith("Children in care with three or more placements in the year: our figure "
                                         "for 2024 is suppressed to keep children's details private.")


def test_diff_shows_a_changed_figure(folder, tmp_path):
    newer = tmp_path / "newer"
    shutil.copytree(folder, newer)
    csv_path = newer / "data" / "placement-stability.csv"
    text = csv_path.read_text("utf-8")
    assert "Dudley,Three or more placements,100,9\n" in text
    csv_path.write_text(text.replace("Dudley,Three or more placements,100,9\n",
                                     "Dudley,Three or more placements,100,10\n"), encoding="utf-8")
    result = run("diff", folder, newer)
    assert "figure 2024: 9% -> 10%" in result.stdout, result.stdout + result.stderr
    result = run("diff", folder, newer, "--format", "json")
    assert '"figure 2024"' in result.stdout


def test_diff_of_git_versions_reads_the_figures_committed_with_each(folder, tmp_path):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    csv_path = folder / "data" / "care-leavers.csv"
    csv_path.write_text(csv_path.read_text("utf-8").replace(
        "Dudley,\"In education, employment or training\",100,48\n",
        "Dudley,\"In education, employment or training\",100,51\n"), encoding="utf-8")
    git("commit", "-qam", "revised figures")
    result = run("diff", "HEAD~1:", "HEAD:", cwd=folder)
    assert "figure 2023-24: 48% -> 51%" in result.stdout, result.stdout + result.stderr


def test_compare_puts_councils_side_by_side_on_the_same_indicator(folder, tmp_path):
    other = write_folder(tmp_path / "birmingham", strategy=STRATEGY.replace("la_code: E08000027", "la_code: E08000025")
                         .replace("[E08000025, E08000028", "[E08000027, E08000028")
                         .replace("Dudley Metropolitan Borough Council", "Birmingham City Council"))
    result = run("compare", folder, other, "--format", "json")
    import json

    data = json.loads(result.stdout)
    figures = {s["council"]: s["published"]["care-leavers-eet-19-21"]["figure"] for s in data["strategies"]}
    assert figures == {"Dudley Metropolitan Borough Council": "48%", "Birmingham City Council": "53%"}
    md = run("compare", folder, other, "--format", "md").stdout
    assert "## Published indicators: each council's latest figure" in md
    assert "| 9% \\(2024\\) |" in md or "9% (2024)" in md


def test_the_excel_export_has_the_published_figures(folder, tmp_path):
    import openpyxl

    assert run("export-xlsx", folder, "-o", tmp_path / "plan.xlsx").returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Published figures"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Indicator id", "Indicator", "Period", "Council"]
    by = {(r[0], r[2]): r for r in rows[1:]}
    assert by["moves-3plus", "2023"][3] == "suppressed"  # a symbol as its word, never a number
    assert by["eet-19-21", "2023-24"][3:7] == [48, 56, 55, 52.3]
    assert by["eet-19-21", "2023-24"][9] == "Worse: down from 52% to 48%"


def test_the_illustrative_example_checks_clean_and_is_what_its_script_writes(tmp_path):
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    example = root / "examples" / "scorecard"
    result = check(example)
    assert result.diagnostics == []
    assert "not real data" in (example / "strategy.yaml").read_text("utf-8")
    spec = importlib.util.spec_from_file_location("make_example", root / "scripts" / "make_scorecard_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.FOLDER = tmp_path / "again"
    module.main()
    for name in ("strategy.yaml", "progress/2024-10-01.yaml", "data/placement-stability.csv", "data/care-leavers.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (example / name).read_bytes(), name
    out = tmp_path / "out"
    build(example, out, "--document", "scorecard", "--format", "docx,md,html")
    assert {"scorecard-scorecard.docx", "scorecard-scorecard.html", "scorecard-scorecard.md"} <= {
        p.name for p in out.glob("scorecard-scorecard.*")}


def test_a_line_past_the_budget_is_refused_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(published, "MAX_LINE", 2000)
    folder = write_folder(tmp_path / "f", placements=placements_csv() + "2024," + "9" * 5000 + "\n")
    d = only(check(folder), "CP190")
    assert "is longer than" in d.message and d.line == len(placements_csv().splitlines()) + 1


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    folder = write_folder(tmp_path / "f")
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(placements_csv(), encoding="utf-8")
    target = folder / "data" / "placement-stability.csv"
    target.unlink()
    target.symlink_to(outside)
    d = only(check(folder), "CP191")
    assert "outside the strategy folder" in d.message


def test_a_neighbour_named_twice_or_the_council_itself_counts_once(tmp_path):
    text = STRATEGY.replace("[E08000025, E08000028, E08000030, E08000031]",
                            "[E08000025, E08000025, E08000027, E08000028, E08000030, E08000031]")
    card = scorecard.build(check(write_folder(tmp_path / "f", strategy=text)).strategy).cards[0]
    assert card.latest.neighbours.text("%") == "10.7%, 3 of 4 neighbours" and card.latest.rank_text == "2nd of 4"


def test_without_a_polarity_nothing_is_ranked_or_called_better(tmp_path):
    text = STRATEGY.replace("    polarity: lower-is-better\n", "")
    result = check(write_folder(tmp_path / "f", strategy=text))
    card = scorecard.build(result.strategy).cards[0]
    assert card.latest.rank_text == "Not ranked (no polarity given)"
    assert card.latest.status == "Not judged (no polarity given)"  # 9 against a target of 9: which way?
    assert card.rows[1].change_text("%").startswith("Cannot compare")


def test_a_file_saved_on_windows_reads_the_same(tmp_path):
    text = eet_csv()
    folder = write_folder(tmp_path / "f")
    (folder / "data" / "care-leavers.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = check(folder)
    assert not result.errors
    eet = scorecard.build(result.strategy).cards[1]
    assert [eet.text(r.council) for r in eet.rows] == ["50%", "52%", "48%"]


def test_the_word_chart_and_the_html_chart_draw_the_figures_of_the_tables(folder, tmp_path):
    """Two renderings of one set of figures: the native chart's cached values, the SVG's description and
    the tables must agree, a symbol being a gap in both charts and a word in the tables."""
    import re

    from lxml import etree

    build(folder, tmp_path, "--document", "scorecard", "--format", "docx,html")
    card = scorecard.build(check(folder).strategy).cards[0]
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    with zipfile.ZipFile(tmp_path / "dudley-scorecard.docx") as z:
        root = etree.fromstring(z.read("word/charts/chart1.xml"))
    drawn = {}
    for ser in root.iter(f"{c}ser"):
        name = ser.find(f"{c}tx").find(f".//{c}v").text
        points = {int(pt.get("idx")): float(pt.find(f"{c}v").text) for pt in ser.find(f"{c}val").iter(f"{c}pt")}
        drawn[name] = [points.get(i) for i in range(len(card.rows))]
    assert drawn["Dudley"] == [r.council.value for r in card.rows] == [12.0, None, 9.0]
    assert drawn["England"] == [r.england.value for r in card.rows]
    assert drawn["Neighbours' mean"] == [round(r.neighbours.mean, 1) for r in card.rows]
    html = (tmp_path / "dudley-scorecard.html").read_text("utf-8")
    desc = re.search(r'<desc id="chart-1-desc">(.*?)</desc>', html).group(1)
    for r in card.rows:
        assert f"{r.period.label}: council {card.text(r.council)}, England {card.text(r.england)}" in desc
    assert "2023: council suppressed" in desc
