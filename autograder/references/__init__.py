"""The answers the checks compare with where torch has no operation to compare with: one module per
lab, on the grader's side only (never in the student release).

``dllabs.checks._references`` loads ``autograder.references.<lab>`` where grading runs and, in a
student release, replays what these functions returned for the visible tests' problems
(``record.py`` records it when the instructor publishes). Each function is named after the
graded function it stands for and states its shapes; known wrong variants, used by the
checks' messages, are options of the same function.
"""
