"""The student's and the instructor's day in a real browser (headless Chromium, Selenium):
a student runs a fresh lab in JupyterLab, fills in two functions, saves, and the grader
gives the points the page promised; an instructor grades a theory question by hand in
formgrader, and the export and a re-run of ``grade`` keep that score.

Screenshots of the key states are written to ``.artifacts/browser/``.
"""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest

from autograder.engine import coordinator

from autograder.records import commands

from autograder.records import report

from autograder.course import submissions
from autograder.course.layout import LABS, ROOT, SOLUTIONS
from browser import NotebookPage, chrome, jupyter_lab, screenshot, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]
LAB = "lab1_backprop"
EXAMPLES = ROOT / "tests" / "submissions" / LAB


def grade_ids(nb: nbformat.NotebookNode) -> list[str | None]:
    return [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_a_student_runs_a_fresh_lab_fills_two_functions_and_gets_the_points_the_page_promised(tmp_path):
    from selenium.webdriver.common.by import By

    folder = tmp_path / "student"
    folder.mkdir()
    shutil.copy(LABS / LAB / f"{LAB}.ipynb", folder)
    nb = nbformat.read(folder / f"{LAB}.ipynb", as_version=4)
    ids = grade_ids(nb)
    tests = [i for i, c in enumerate(nb.cells) if (ids[i] or "").startswith("test_")]
    solved = submissions.answer_cells(nbformat.read(SOLUTIONS / LAB / f"{LAB}.ipynb", as_version=4))
    wrong = submissions.parse(EXAMPLES / "wrong_backward_sum_not_mean.py")

    with jupyter_lab(folder) as base, chrome() as d:
        page = NotebookPage(d, base, f"{LAB}.ipynb", len(nb.cells))
        page.menu("Run", "Run All Cells")
        last = len(nb.cells) - 1
        wait_for(lambda: "Visible tests passed" in page.output(last), 300, "Run All to reach the summary")
        page.wait_idle(120)
        page.scroll_to(tests[0] - 1)
        screenshot(d, "student-1-run-all-fresh-lab")
        assert page.stderr_or_error_outputs() == []  # no traceback wall, no pink stderr box
        for i in tests:
            assert "not implemented yet" in page.output(i), (ids[i], page.output(i))
        assert f"Visible tests passed: 0/{len(tests)}" in page.output(last)

        for name, code in [("init_params", solved["init_params"].source), ("backward", wrong.cells["backward"])]:
            answer, test = ids.index(name), ids.index(f"test_{name}")
            page.type_into(answer, code)
            page.run(answer, count=test - answer + 1)
        assert "\u2713 init_params" in page.output(ids.index("test_init_params"))
        backward_says = page.output(ids.index("test_backward"))
        assert "\u2717 backward" in backward_says and wrong.message in backward_says
        page.scroll_to(ids.index("test_backward") - 1)
        screenshot(d, "student-2-backward-names-the-mistake")
        page.run(last)
        summary = page.output(last)
        assert f"Visible tests passed: 1/{len(tests)}" in summary and wrong.message in summary
        page.scroll_to(last - 1)
        screenshot(d, "student-3-summary")
        page.save()

        # tqdm.auto draws a progress widget in JupyterLab (ipywidgets), not a stream of text lines
        page.type_into(last, "from tqdm.auto import tqdm\nfor _ in tqdm(range(3), desc='epochs'):\n    pass")
        page.run(last)
        widgets = ".jp-OutputArea .widget-progress, .jp-OutputArea .jupyter-widgets"
        wait_for(lambda: d.find_elements(By.CSS_SELECTOR, widgets), 30, "tqdm's progress bar as a widget")
        assert "epochs" in page.output(last) and page.stderr_or_error_outputs() == []
        screenshot(d, "student-4-tqdm-widget")

    saved = nbformat.read(folder / f"{LAB}.ipynb", as_version=4)
    course = tmp_path / "course"
    commands.prepare_course(course, [LAB])
    commands.submit(course, LAB, "browser_student", saved)
    coordinator.grade(course, LAB, jobs=1, progress=False)
    cells = commands.cell_scores(course, LAB, "browser_student")
    earned = {g for g, c in cells.items() if g.startswith("test_") and c.score == c.max_score}
    assert earned == {"test_init_params"}, {g: c.output[-200:] for g, c in cells.items() if g.startswith("test_")}


FORMGRADER_CONFIG = """c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "dllabs"
c.Exchange.root = {exchange!r}
"""


def manual_score(course, student: str, grade_id: str) -> tuple[float | None, str | None]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(grade_id, LAB, LAB, student)
        comment = gb.find_comment(grade_id, LAB, LAB, student)
        return grade.manual_score, comment.manual_comment


def exported_total(course, tmp_path) -> float:
    report.export(course, tmp_path / "grades.csv")
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    return float(rows["ada"][LAB])


def test_an_instructor_grades_a_question_by_hand_in_formgrader_and_export_and_regrading_keep_it(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    course = tmp_path / "course"
    commands.prepare_course(course, [LAB])
    nb = submissions.make_notebook(LABS / LAB / f"{LAB}.ipynb", SOLUTIONS / LAB / f"{LAB}.ipynb",
                                   submissions.parse(EXAMPLES / "solution.py"))
    q01 = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "q01")
    q01.source = "The train set fits the weights and the test set measures the error."
    commands.submit(course, LAB, "ada", nb)
    coordinator.grade(course, LAB, jobs=1, progress=False)
    auto = exported_total(course, tmp_path)
    config = FORMGRADER_CONFIG.format(root=str(course), exchange=str(tmp_path / "exchange"))
    (course / "nbgrader_config.py").write_text(config)

    with jupyter_lab(course) as base, chrome() as d:
        url, token = base.split("|")
        d.get(f"{url}/lab?token={token}")  # logs the browser in (the formgrader's API calls need the cookie)
        wait_for(lambda: d.find_elements(By.CSS_SELECTOR, ".jp-LabShell"), 60, "JupyterLab")
        d.get(f"{url}/formgrader/gradebook/{LAB}/{LAB}")
        rows = wait_for(lambda: [r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr") if "Submission" in r.text], 60,
                        "the lab's submissions in formgrader")
        # the auto score, before any manual grade
        assert len(rows) == 1 and f"{auto:g} / " in rows[0].text, rows[0].text
        screenshot(d, "instructor-1-formgrader-submissions")
        rows[0].find_element(By.CSS_SELECTOR, "a").click()
        score = wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "input#q01.score"), 60, "q01's score box")[0]
        page = d.find_element(By.TAG_NAME, "body").text
        assert page.count("Model answer and rubric") >= 10 and "Full marks:" in page and "Half marks:" in page
        assert "The train set fits the weights" in page
        score.clear()
        score.send_keys("0.5", Keys.TAB)
        comment = d.find_element(By.CSS_SELECTOR, "textarea#q01-comment")
        comment.send_keys("Right idea; the validation set is missing.", Keys.TAB)
        wait_for(lambda: manual_score(course, "ada", "q01") == (0.5, "Right idea; the validation set is missing."), 30,
                 "formgrader to save the score and the comment")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", score)
        screenshot(d, "instructor-2-q01-graded-by-hand-beside-its-rubric")

    assert exported_total(course, tmp_path) == auto + 0.5
    coordinator.grade(course, LAB, jobs=1, force=True, progress=False)  # graded again: the hand-given score stays
    assert manual_score(course, "ada", "q01") == (0.5, "Right idea; the validation set is missing.")
    assert exported_total(course, tmp_path) == auto + 0.5
