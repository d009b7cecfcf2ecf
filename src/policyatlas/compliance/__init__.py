"""Compliance views over an assessment: the unified programme and the calendar."""
