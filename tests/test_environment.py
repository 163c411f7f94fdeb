"""environment.yml creates the same environment as pyproject's pinned `course` extra."""

import tomllib

import yaml

from autograder.course import ROOT


def test_environment_yml_pins_equal_pyproject_course_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    course = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["course"]
    assert sorted(pip) == sorted(course)
    assert all("==" in pin for pin in course)


def test_student_dependencies_are_ranges_that_keep_colabs_torch():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    torch_dep = next(d for d in deps if d.startswith("torch") and not d.startswith("torchvision"))
    assert "==" not in torch_dep and ">=" in torch_dep
