"""Each lab's graded functions' contracts as data (``CONTRACTS``: grade_id -> ``_harness.Contract``),
held by the hidden tests on generated problems with ``labN.check_contract(name, fn)``."""
