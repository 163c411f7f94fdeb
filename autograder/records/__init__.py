"""nbgrader's commands and what they record: the one runner of nbgrader commands (``commands``), its
configuration for grading, the gradebook, collecting an LMS download, feedback and export."""
