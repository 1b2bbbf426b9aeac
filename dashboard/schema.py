"""The record's schema, read from ``datapackage.json``: the one place where columns are declared.

The validator, the tables, the filters and the docs take their columns, enums, patterns and
limits from here, so a new column or enum value is written once, in datapackage.json. Beside
Frictionless's own properties, a field may carry:

- ``x-requiredFor``: the kinds of row for which the field must be filled in;
- ``x-onlyFor``: the only kinds of row that may fill it in;
- ``x-items``: a list cell, its ``separator`` and the ``enum`` each item is taken from;
- ``x-expected``: how a message words what the field's pattern expects;
- ``x-terms``: on ``president``, each president's term as ``[first day, last day]`` (as far
  as the record goes: Pezeshkian's first year);
- ``x-visitsUntil``: on ``president``, a later last day for the visits of a president whose
  visitors came on after his term (Raisi's: the condolence visits after his death);
- ``x-default``: the value a curator's new row starts with;
- ``x-kinds``: on ``president``, the kinds of row recorded for each president (a view that
  counts another kind for him says it is not recorded);
- ``x-levels``: on ``president``, the only levels of visit recorded for a president, where the
  record holds some levels only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from dashboard import paths


@dataclass(frozen=True)
class Field:
    """One column of a table, as datapackage.json declares it."""

    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        """Return the column's name."""
        return str(self.descriptor["name"])

    @property
    def type(self) -> str:
        """Return the Table Schema type (string, integer, date, boolean, number)."""
        return str(self.descriptor.get("type", "string"))

    @property
    def constraints(self) -> dict[str, Any]:
        """Return the field's constraints (empty when it has none)."""
        return dict(self.descriptor.get("constraints", {}))

    @property
    def required(self) -> bool:
        """Return whether every row must fill the field in."""
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> tuple[str, ...]:
        """Return the values the field may take (empty when any value is allowed)."""
        return tuple(self.constraints.get("enum", ()))

    @property
    def items(self) -> tuple[str, ...]:
        """Return the values each item of a list cell may take (empty for a plain field)."""
        return tuple(self.descriptor.get("x-items", {}).get("enum", ()))

    @property
    def required_for(self) -> tuple[str, ...]:
        """Return the kinds of row that must fill the field in."""
        return tuple(self.descriptor.get("x-requiredFor", ()))

    @property
    def only_for(self) -> tuple[str, ...]:
        """Return the kinds of row that alone may fill the field in (empty: any)."""
        return tuple(self.descriptor.get("x-onlyFor", ()))

    @property
    def default(self) -> str | None:
        """Return the value a new row starts with (``x-default``), or None."""
        value = self.descriptor.get("x-default")
        return None if value is None else str(value)

    @property
    def max_length(self) -> int | None:
        """Return the longest text the field may hold, in characters."""
        value = self.constraints.get("maxLength")
        return None if value is None else int(value)

    @property
    def is_text(self) -> bool:
        """Return whether the cell is free text (not a number, date or boolean)."""
        return self.type == "string"


@dataclass(frozen=True)
class TableSchema:
    """The fields of one resource of the data package, in the order of its canonical file."""

    name: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @cached_property
    def by_name(self) -> dict[str, Field]:
        """Return the fields by column name."""
        return {field.name: field for field in self.fields}

    @property
    def columns(self) -> tuple[str, ...]:
        """Return every column name, in canonical order."""
        return tuple(field.name for field in self.fields)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Return the columns that every row must fill in."""
        return tuple(field.name for field in self.fields if field.required)

    def enum(self, column: str) -> tuple[str, ...]:
        """Return a column's allowed values, or its list items' allowed values."""
        field = self.by_name[column]
        return field.enum or field.items

    @cached_property
    def frictionless_fields(self) -> dict[str, Any]:
        """Return the Frictionless fields that read and check this table's cells, by name."""
        from frictionless import Schema

        schema = Schema.from_descriptor(
            {"fields": [_frictionless_field(field) for field in self.fields]}
        )
        return {field.name: field for field in schema.fields}


def _frictionless_field(field: Field) -> dict[str, Any]:
    """Return a field's descriptor without this project's own ``x-`` properties."""
    return {key: value for key, value in field.descriptor.items() if not key.startswith("x-")}


def tables_of(package: dict[str, Any]) -> dict[str, TableSchema]:
    """Return the table schemas of a data package's descriptor by resource name."""
    return {
        resource["name"]: TableSchema(
            name=resource["name"],
            fields=tuple(Field(field) for field in resource["schema"]["fields"]),
            primary_key=tuple(resource["schema"].get("primaryKey", ())),
        )
        for resource in package["resources"]
    }


DESCRIPTOR = json.loads(paths.DATA_PACKAGE.read_text(encoding="utf-8"))
PACKAGE = tables_of(DESCRIPTOR)
# The day the record was last published (the package's ``created``): the page's date of it.
CREATED = dt.date.fromisoformat(str(DESCRIPTOR["created"])[:10])
EVENTS = PACKAGE["events"]
CLAIMS = PACKAGE["claims"]
# Each president's term, first and last day, in the order of the schema's values.
TERMS: dict[str, tuple[dt.date, dt.date]] = {
    name: (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    for name, (first, last) in EVENTS.by_name["president"].descriptor["x-terms"].items()
}
# The last day of a president's visits, where they run on after his term.
VISITS_UNTIL: dict[str, dt.date] = {
    name: dt.date.fromisoformat(last)
    for name, last in EVENTS.by_name["president"].descriptor.get("x-visitsUntil", {}).items()
}
# The levels of visit the record holds for a president whose visits are partly recorded.
RECORDED_LEVELS: dict[str, tuple[str, ...]] = {
    name: tuple(levels)
    for name, levels in EVENTS.by_name["president"].descriptor.get("x-levels", {}).items()
}
# The kinds of row the record holds for each president, so far.
RECORDED_KINDS: dict[str, tuple[str, ...]] = {
    name: tuple(kinds) for name, kinds in EVENTS.by_name["president"].descriptor["x-kinds"].items()
}


def title_of(column: str) -> str:
    """Return how the page names an events column: its title in the schema (``Start date``)."""
    field = EVENTS.by_name.get(column)
    return str(field.descriptor.get("title", column)) if field else column
