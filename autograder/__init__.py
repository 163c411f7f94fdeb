"""Instructor side of the course: build the labs, grade them with nbgrader, report.

Run it as ``python -m autograder --help`` from the course's root folder.
"""
