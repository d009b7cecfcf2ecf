"""Renderers for assessments: Rich tables, Markdown, JSON."""
