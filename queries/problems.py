"""Problems with user input: where (file, row, column), what value, and why — in Danish or English.

Every validator in the data layer (catalogue, imports, forms) reports a list of `Problem`s and
raises `InputError` with all of them at once, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from queries.texts import LANGUAGES, t, t_or


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    code: str
    value: Any = None
    params: dict = field(default_factory=dict)

    def form(self, lang: str = "da") -> str | None:
        """The name of the form (e.g. 'runde') in the user's language, when `file` is a form with
        texts `problem.form.<file>`; None for a real file, whose name is shown as it is."""
        key = f"problem.form.{self.file}"
        return t_or(key, lang, None)

    def field(self, lang: str = "da") -> str | None:
        """The column as the user knows it: a form's field label (`problem.field.<form>.<column>`),
        else the column name verbatim (a file's header)."""
        if self.column is None:
            return None
        key = f"problem.field.{self.file}.{self.column}"
        return t_or(key, lang, self.column)

    def where(self, lang: str = "da") -> str:
        form = self.form(lang)
        if form is not None:
            if self.column is None:
                return form
            return t("problem.where_field", lang, file=form, column=self.field(lang))
        if self.column is None:
            return t("problem.where_file", lang, file=self.file)
        if self.row is None:
            return t("problem.where_norow", lang, file=self.file, column=self.column)
        return t("problem.where", lang, file=self.file, row=self.row, column=self.column)

    def reason(self, lang: str = "da") -> str:
        return t(self.code, lang, **{k: v.text(lang) if isinstance(v, Choices) else v for k, v in self.params.items()})

    def message(self, lang: str = "da") -> str:
        value = "" if self.value is None else t("problem.value", lang, value=_short(self.value))
        return f"{self.where(lang)}{value}: {self.reason(lang)}"

    def as_row(self, lang: str = "da") -> dict:
        return {
            "file": self.form(lang) or self.file,
            "row": self.row,
            "column": self.field(lang),
            "value": None if self.value is None else _short(self.value),
            "reason": self.reason(lang),
        }


@dataclass(frozen=True)
class Choices:
    """A problem parameter listing what may be written, by text keys: shown in the reader's language,
    lower case ("alle, indsatsgruppe, …" / "all, treatment group, …") when the problem is shown."""

    keys: tuple[str, ...]

    def text(self, lang: str = "da") -> str:
        return ", ".join(t(k, lang).lower() for k in self.keys)


def counted(key: str, n: int, lang: str = "da", **params) -> str:
    """A text about n problems with the right number: `key + ".one"` when n == 1 and that text
    exists ("The file has 1 error"), else `key` ("… has 3 errors")."""
    one = f"{key}.one"
    return t(one if n == 1 and one in LANGUAGES.get(lang, {}) else key, lang, n=n, **params)


class InputError(Exception):
    """Raised with every problem found; the store has not been touched."""

    def __init__(self, problems: list[Problem], summary_key: str = "err.catalogue_failed"):
        self.problems = list(problems)
        self.summary_key = summary_key
        super().__init__(self.message("en"))

    def message(self, lang: str = "da") -> str:
        head = counted(self.summary_key, len(self.problems), lang)
        return "\n".join([head] + [f"- {p.message(lang)}" for p in self.problems])


def _short(value: Any, width: int = 60) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
