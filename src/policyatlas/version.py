"""The version of policyatlas (one place; the package and every generator read it)."""

__version__ = "0.1.0"
