"""Schema files become stored versions; a changed file is a new revision; old annotations keep theirs."""
import re
import shutil

import pytest

from app.annotation_schemas.file_format import SchemaFileError
from app.annotation_schemas.service import latest_schema_version, load_schema_folder
from tests.factories import REPO, make_assignment, make_project, make_text, make_user


@pytest.fixture
def schema_folder(tmp_path):
    shutil.copy(REPO / "annotation_schemas" / "fact_opinion.yaml", tmp_path / "fact_opinion.yaml")
    return tmp_path


def test_loading_twice_stores_one_version(session, schema_folder):
    first = load_schema_folder(session, schema_folder)
    second = load_schema_folder(session, schema_folder)
    assert [loaded.created for loaded in first] == [True]
    assert [loaded.created for loaded in second] == [False]
    assert first[0].version.id == second[0].version.id


def test_changed_file_becomes_a_new_revision_and_old_sets_keep_theirs(session, schema_folder):
    project = make_project(session, annotation_schema_version=load_schema_folder(session, schema_folder)[0].version)
    assignment = make_assignment(session, text=make_text(session, project), annotator=make_user(session))
    old_version_id = assignment.annotation_set.annotation_schema_version_id
    path = schema_folder / "fact_opinion.yaml"
    content = re.sub(r'(?m)^version: "[^"]+"', 'version: "1.2.0"', path.read_text(), count=1)
    path.write_text(content.replace("changelog:\n", 'changelog:\n  - {version: "1.2.0", date: 2026-12-01, changes: "More hints."}\n', 1))
    [loaded] = load_schema_folder(session, schema_folder)
    assert loaded.created and loaded.version.revision == 2 and loaded.version.version == "1.2.0"
    assert latest_schema_version(session, "fact_opinion").id == loaded.version.id
    assert assignment.annotation_set.annotation_schema_version_id == old_version_id
    assert project.annotation_schema_version_id == old_version_id


def test_invalid_file_is_refused_naming_file_and_field(session, schema_folder):
    (schema_folder / "broken.yaml").write_text("schema_id: broken\nversion: '1'\nlabels: []\n")
    with pytest.raises(SchemaFileError) as error:
        load_schema_folder(session, schema_folder)
    assert "broken.yaml" in str(error.value) and "labels" in str(error.value)


def test_api_lists_versions_and_serves_one(client, session):
    from tests.factories import bearer, make_schema_version

    version = make_schema_version(session)
    headers = bearer(session, make_user(session))
    listed = client.get("/api/v1/annotation-schemas", headers=headers).json
    assert [(v["schema_id"], v["revision"]) for v in listed] == [("fact_opinion", version.revision)]
    detail = client.get(f"/api/v1/annotation-schemas/{version.id}", headers=headers).json
    assert [label["id"] for label in detail["document"]["labels"]] == ["sourced_readout", "author_inference",
                                                                      "unverifiable_claim"]
    assert client.get("/api/v1/annotation-schemas/999999", headers=headers).status_code == 404
