"""Every model table is archived or excluded by name, and the rows found are the project's."""
import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

import app.models  # noqa: F401  every model's table in the metadata
from app.archive.tables import EXCLUDED, SHARED_KEYS, UnclassifiedTable, archive_plan
from app.db import Base


def test_every_model_table_is_archived_or_excluded():
    archived = {entry.name for entry in archive_plan(Base.metadata)}
    assert archived | EXCLUDED.keys() == set(Base.metadata.tables)


def test_exclusions_and_shared_tables_name_real_tables():
    assert (EXCLUDED.keys() | SHARED_KEYS.keys()) <= set(Base.metadata.tables)


def test_parents_come_before_their_children():
    order = [entry.name for entry in archive_plan(Base.metadata)]
    for entry in archive_plan(Base.metadata):
        for fk in entry.table.foreign_keys:
            if fk.column.table.name in order:
                assert order.index(fk.column.table.name) <= order.index(entry.name), (entry.name, fk.column.table.name)


def _metadata_with(*extra: tuple[str, list]) -> MetaData:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    for name, columns in extra:
        Table(name, metadata, Column("id", Integer, primary_key=True), *columns)
    return metadata


def test_a_new_table_under_a_project_row_is_archived_without_being_listed():
    metadata = _metadata_with(("text_note", [Column("text_id", ForeignKey("text.id"), nullable=False)]))
    [entry] = [e for e in archive_plan(metadata) if e.name == "text_note"]
    assert (entry.kind, [str(fk.parent) for fk in entry.owner_keys]) == ("owned", ["text_note.text_id"])


def test_a_new_table_outside_any_project_stops_the_archive_until_it_is_excluded():
    metadata = _metadata_with(("audit_entry", [Column("user_id", ForeignKey("user.id"))]))
    with pytest.raises(UnclassifiedTable, match="audit_entry"):
        archive_plan(metadata)
