"""User-facing errors: each problem names where it is (file, line, field) and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    fix: str | None = None

    def where(self) -> str:
        parts = [p for p in (self.file, str(self.line) if self.line else None) if p]
        return ":".join(parts)

    def render(self) -> str:
        head = self.where()
        text = f"{head}: " if head else ""
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.fix:
            text += f" -> fix: {self.fix}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "field": self.field,
                "message": self.message, "fix": self.fix}  # fmt: skip


class UserError(Exception):
    """An error caused by the user's input; rendered without a traceback, exit code 2."""

    exit_code = 2

    def __init__(self, title: str, problems: list[Problem] | None = None) -> None:
        super().__init__(title)
        self.title = title
        self.problems = problems or []

    def render(self) -> str:
        lines = [self.title]
        lines += [f"  {p.render()}" for p in self.problems]
        return "\n".join(lines)
