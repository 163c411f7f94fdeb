"""Where things are in the course folder, and the course's settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
LABS = ROOT / "labs"
SOLUTIONS = ROOT / "solutions"

# Planted in every answer (solution) and every hidden-test block of source/: found anywhere a
# student can see (labs/, the student wheel, feedback), it proves a leak. Tests count them.
CANARY_SOLUTION = "dllabs-canary-solution-3f9c1e"
CANARY_HIDDEN = "dllabs-canary-hidden-test-8b27d4"


@dataclass(frozen=True)
class Settings:
    """``[tool.dllabs]`` of pyproject.toml: the one place a fork of the course edits."""

    repository: str
    branch: str

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
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["dllabs"]
    return Settings(repository=table["repository"], branch=table.get("branch", "main"))


def submission_folders(course: Path, lab: str, student: str | None = None) -> list[Path]:
    """``submitted/<student>/<lab>`` of every student (or of ``student``), sorted."""
    folders = sorted(p for p in (course / "submitted").glob(f"*/{lab}") if p.is_dir())
    return [f for f in folders if f.parent.name == student] if student else folders


def lab_names(root: Path = ROOT) -> list[str]:
    """Every lab, in order: the folders of source/ that hold a notebook of their name."""
    return sorted(p.parent.name for p in (root / "source").glob("*/*.ipynb") if p.stem == p.parent.name)
