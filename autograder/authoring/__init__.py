"""The instructor's tools around grading: build the notebooks from ``source/``, the graded API's
docs, the expected figures, the student release and its publication, the leak checks."""
