"""Trigram indexes for the people directory's search, on PostgreSQL.

The directory finds people by part of a name, job title or organisation (``icontains``), which Django writes as
``UPPER(column::text) LIKE UPPER('%word%')``. A plain index cannot serve a pattern with a leading wildcard; a
GIN index of trigrams over that same expression can, so a search reads the index rather than every person.
The initials are matched exactly (``iexact``: ``UPPER(initials::text) = UPPER('word')``), which a trigram index
serves too (PostgreSQL 14 and later). With every condition of the search indexed, PostgreSQL combines the
indexes (a BitmapOr) instead of reading the whole table. The indexes are on the expression Django generates,
so they are kept here rather than in the models' Meta.
SQLite (development, the first test pass) has no such index and searches as before: this migration does
nothing there.
"""

from django.db import migrations

#: (model, field) pairs searched by ``boards.selectors.people_search``: ``icontains``, and ``iexact`` for initials.
SEARCHED = [
    ("Person", "first_name"),
    ("Person", "last_name"),
    ("Person", "initials"),
    ("Person", "job_title"),
    ("Organisation", "name"),
]


def _indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for model_name, field in SEARCHED:
        model = apps.get_model("boards", model_name)
        table = model._meta.db_table
        column = model._meta.get_field(field).column
        yield f"{table}_{column}_upper_trgm", quote(table), quote(column)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in _indexes(apps, schema_editor):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
            f"ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in _indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("boards", "0014_business_plans_progress")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False)]
