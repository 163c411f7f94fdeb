"""The instructor's solution, unchanged.

expect: none
"""
