"""Where things are in the course folder, and the course's settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import autograder
from autograder.course.settings import LATE_POLICIES

ROOT = Path(autograder.ROOT)
SOURCE = ROOT / "source"
LABS = ROOT / "labs"
SOLUTIONS = ROOT / "solutions"
EXAMPLES = ROOT / "tests" / "submissions"
"""The bundled example submissions, a folder per lab (see ``submissions.py``)."""

# Planted in every answer (solution) and every hidden-test block of source/: found anywhere a
# student can see (labs/, the student wheel, feedback), it proves a leak. Tests count them.
CANARY_SOLUTION = "dllabs-canary-solution-3f9c1e"
CANARY_HIDDEN = "dllabs-canary-hidden-test-8b27d4"


@dataclass(frozen=True)
class Settings:
    """``[tool.dllabs]`` of pyproject.toml: the one place a fork of the course edits.

    ``due``: each lab's due date (``[tool.dllabs.due]``), timezone-aware; a lab absent has none.
    ``late``: the late policy (``[tool.dllabs.late]``: ``policy`` none, zero or percent, ``percent_per_day``,
    ``cap``) as the ``GradingSettings`` fields it sets (``late``, ``late_percent_per_day``, ``late_cap``).
    ``language``: the edition ``build`` writes into labs/ and solutions/ (``course/editions.py``).
    ``editions``: the editions ``publish`` writes side by side: ``language``'s at ``labs/``, each other one at
    ``<lang>/labs/`` (``[tool.dllabs] editions = ["fr", "en"]``; ``language`` alone by default)."""

    repository: str
    branch: str
    due: dict[str, datetime] = field(default_factory=dict)
    late: dict[str, object] = field(default_factory=dict)
    language: str = "en"
    editions: tuple[str, ...] = ("en",)

    @property
    def colab_base(self) -> str:
        """``https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH``."""
        slug = self.repository.rstrip("/").removesuffix(".git").split("github.com/")[-1]
        return f"https://colab.research.google.com/github/{slug}/blob/{self.branch}"

    @property
    def pip_spec(self) -> str:
        """What Colab's ``pip install`` takes to install the student package."""
        return f"dllabs @ git+{self.repository.rstrip('/')}@{self.branch}"


def settings(root: Path = ROOT) -> Settings:
    """``root``'s ``[tool.dllabs]``, every value parsed; a bad due date raises ValueError (one line)."""
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["dllabs"]
    labs = lab_names(root)
    due = {}
    for lab, value in table.get("due", {}).items():
        if lab not in labs:
            raise ValueError(f"pyproject.toml [tool.dllabs.due] {lab}: not a lab of source/ "
                             f"(the labs: {', '.join(labs)})")
        due[lab] = due_date(value, f"[tool.dllabs.due] {lab}")
    from autograder.course.editions import LANGUAGES

    language = table.get("language", "en")
    if language not in LANGUAGES:
        raise ValueError(f"pyproject.toml [tool.dllabs] language = {language!r}: one of {', '.join(LANGUAGES)}")
    editions = table.get("editions", [language])
    if not isinstance(editions, list) or not set(editions) <= set(LANGUAGES) or language not in editions:
        raise ValueError(f"pyproject.toml [tool.dllabs] editions = {editions!r}: a list of {', '.join(LANGUAGES)} "
                         f"that holds the course's language ({language!r})")
    return Settings(repository=table["repository"], branch=table.get("branch", "main"), due=due,
                    late=late_policy(table.get("late", {})), language=language,
                    editions=(language, *sorted(set(editions) - {language}, key=LANGUAGES.index)))


def late_policy(table: dict) -> dict[str, object]:
    """``[tool.dllabs.late]`` as ``GradingSettings`` fields; ValueError (one line) on a wrong one."""
    known = {"policy": "late", "percent_per_day": "late_percent_per_day", "cap": "late_cap"}
    wrong = sorted(set(table) - set(known))
    policy = table.get("policy", "none")
    numbers = {k: table[k] for k in ("percent_per_day", "cap") if k in table}
    if wrong or policy not in LATE_POLICIES or any(
            not isinstance(v, (int, float)) or not 0 <= v <= 100 for v in numbers.values()):
        raise ValueError(f"pyproject.toml [tool.dllabs.late] = {table!r}: expected policy = \"none\", \"zero\" or "
                         "\"percent\", and for percent percent_per_day and cap between 0 and 100")
    return {known[k]: (float(v) if k in numbers else v) for k, v in table.items()}


def due_date(value: object, key: str = "due date") -> datetime:
    """An ISO 8601 date or date-time (a string, or TOML's own date and date-time) as an aware datetime:
    a date alone means the end of that day (23:59:59), a time without an offset this machine's local time."""
    try:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = datetime.fromisoformat(value)
        if not isinstance(value, datetime) and isinstance(value, date):
            value = datetime.combine(value, time(23, 59, 59))
        if not isinstance(value, datetime):
            raise TypeError
    except (TypeError, ValueError):
        raise ValueError(f"pyproject.toml {key} = {value!r}: expected an ISO 8601 date or date-time, "
                         "e.g. \"2026-09-21T23:59:00+02:00\" or \"2026-09-21\" (the end of that day)") from None
    return value if value.tzinfo else value.astimezone()


def submission_folders(course: Path, lab: str, student: str | None = None) -> list[Path]:
    """``submitted/<student>/<lab>`` of every student (or of ``student``), sorted."""
    folders = sorted(p for p in (course / "submitted").glob(f"*/{lab}") if p.is_dir())
    return [f for f in folders if f.parent.name == student] if student else folders


def checks_module(lab: str) -> str:
    """The short name of ``lab``'s checks and references (``lab1_backprop`` -> ``lab1``): ``dllabs.checks.lab1``,
    ``autograder.references.lab1``, ``recorded/lab1.pt``."""
    return lab.split("_")[0]


def lab_names(root: Path = ROOT) -> list[str]:
    """Every lab, in order: the folders of source/ that hold a notebook of their name."""
    return sorted(p.parent.name for p in (root / "source").glob("*/*.ipynb") if p.stem == p.parent.name)
