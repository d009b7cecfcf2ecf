"""Evaluation: compile rules for a date, evaluate one inventory (with traces) or a batch."""
