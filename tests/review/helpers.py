"""The seed project after a gold release, with the two test readouts as its sources."""
import hashlib
import json

from app.bootstrap import initialize
from app.gold.importing import import_annotations
from app.gold.releases import release_gold
from app.review.sources import add_source
from app.texts.models import Project
from tests.factories import REPO, make_user
from tests.review.readouts import CHINESE_READOUT, RUSSIAN_READOUT, SEED_TEXT, seed_gold_spans

SEED_PROJECT = "Seed project"


def gold_line(text: str, spans: list[dict], external_id: str = "seed") -> str:
    return json.dumps({"id": external_id, "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest(),
                       "spans": spans, "meta": {}}, ensure_ascii=False)


def seed_project(session) -> Project:
    initialize(session, schemas_dir=REPO / "annotation_schemas", seed_dir=REPO / "seed_texts",
               project_name=SEED_PROJECT, demo=False)
    from app.texts.service import require_project

    return require_project(session, SEED_PROJECT)


def released_seed_project(session, *, release: str = "v1") -> Project:
    """The seed project whose seed text has the reference gold, frozen as `release`."""
    project = seed_project(session)
    report = import_annotations(session, project=project, lines=[gold_line(SEED_TEXT, seed_gold_spans())],
                                as_gold=True)
    assert not report.rejected, report.rejected
    release_gold(session, project=project, name=release, user=None)
    return project


def add_readouts(session, project: Project, user=None):
    """The Russian and Chinese test readouts as the project's sources."""
    user = user or make_user(session, "editor")
    russian = add_source(session, project=project, title="Readout of the call (test version)", content=RUSSIAN_READOUT,
                         linked_values=["russian_readout"], user=user, publisher="Kremlin (test)",
                         url="https://example.org/kremlin-readout")
    chinese = add_source(session, project=project, title="Chinese readout (test version)", content=CHINESE_READOUT,
                         linked_values=["chinese_readout"], user=user, publisher="Foreign Ministry (test)",
                         url="https://example.org/mfa-readout")
    return russian, chinese
