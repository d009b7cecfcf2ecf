"""Typed inputs: the inventory of an organisation and its AI systems, and the fact catalogue."""
