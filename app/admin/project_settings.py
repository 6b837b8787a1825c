"""A project's settings as the pages show and take them: each with its effective value and where it comes from.

The settings are those of `factspan projects configure` (and `agreement routing`); they live in different
domains, so this module gathers them and writes them through the texts service (which records the audit entry).
"""
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.agreement.routing import ACTIONS as ROUTING_ACTIONS, METRICS as ROUTING_METRICS, SETTINGS_KEY as ROUTING_KEY
from app.agreement.routing import routing_settings
from app.annotations.assignments import QUEUE_ORDER_SETTING
from app.errors import Invalid
from app.review.workflow import signoff_required
from app.suggestions.service import SHOW_SETTING as SHOW_SUGGESTIONS, shows_suggestions
from app.texts.models import Project
from app.texts.service import adjudication_settings, update_project_settings

POLICIES = ("majority", "unanimous")
QUEUE_ORDERS = ("import", "uncertainty")


@dataclass(frozen=True)
class SettingView:
    key: str
    label: str
    value: str
    source: str  # "project", "schema" or "default"
    explanation: str


def _source(project: Project, key: str) -> str:
    return "project" if key in project.settings else "default"


def describe_settings(project: Project) -> list[SettingView]:
    """Every setting with the value in force, whether the project set it, and a sentence on what it does."""
    adjudication = adjudication_settings(project)
    own_adjudication = project.settings.get("adjudication", {})
    routing = routing_settings(project)
    signoff = signoff_required(project)
    return [
        SettingView("annotators_per_text", "Annotators per text", str(project.annotators_per_text), "project",
                    f"Assigning gives each text up to {project.annotators_per_text} annotator(s), least-loaded first."),
        SettingView("adjudication_policy", "Adjudication policy", adjudication["policy"], adjudication["policy_source"],
                    "Majority: a span most annotators marked alike is accepted before a reviewer looks; unanimous: "
                    "only spans every annotator marked alike are." + (
                        " Taken from the schema file until the project sets its own."
                        if adjudication["policy_source"] == "schema" else "")),
        SettingView("min_annotators", "Fewest annotators for a vote", str(adjudication["min_annotators"]),
                    "project" if "min_annotators" in own_adjudication else "default",
                    f"A text with fewer than {adjudication['min_annotators']} submitted annotations is left to a "
                    "reviewer instead of settled by the policy."),
        SettingView("routing", "Low-agreement routing",
                    "off" if routing is None else f"{routing['action']} below {routing['threshold']:g} "
                                                  f"({routing['metric']})",
                    _source(project, ROUTING_KEY),
                    "Off: nothing happens when annotators disagree." if routing is None else
                    ("A fully submitted text whose agreement is below the threshold gets one more annotator."
                     if routing["action"] == "add_annotator" else
                     "A fully submitted text whose agreement is below the threshold is flagged for reviewers.")),
        SettingView("show_gold_to_annotators", "Show gold to annotators",
                    "yes" if project.settings.get("show_gold_to_annotators") else "no",
                    _source(project, "show_gold_to_annotators"),
                    "Annotators may compare their spans with the gold of adjudicated texts." if
                    project.settings.get("show_gold_to_annotators") else
                    "Annotators never see the gold (off unless the project turns it on)."),
        SettingView("show_suggestions", "Show suggestions", "yes" if shows_suggestions(project) else "no",
                    _source(project, SHOW_SUGGESTIONS),
                    "Suggestions, once someone imports or runs them, are drawn on the annotation page." if
                    shows_suggestions(project) else "Suggestions are hidden, for a blind baseline."),
        SettingView("queue_order", "Next-text order", project.settings.get(QUEUE_ORDER_SETTING, "import"),
                    _source(project, QUEUE_ORDER_SETTING),
                    "Each annotator gets the texts the latest suggester run was least sure of first." if
                    project.settings.get(QUEUE_ORDER_SETTING) == "uncertainty" else
                    "Each annotator gets texts in import order (drafts first)."),
        SettingView("review_signoff", "Review sign-off", "yes" if signoff else "no", _source(project, "review_signoff"),
                    "A second editor signs a verdict off before it is published (on unless the project turns it off)."
                    if signoff else "A verdict's author may publish it without a second editor."),
    ]


def _int(form: Mapping[str, str], key: str) -> int:
    try:
        value = int(form.get(key, ""))
    except ValueError:
        value = 0
    if value < 1:
        raise Invalid(f"{key.replace('_', ' ').capitalize()} must be a whole number of at least 1.",
                      errors={key: ["At least 1."]})
    return value


def settings_from_form(form: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
    """(annotators per text, settings) from the project form; a blank policy keeps the schema's.

    :raises Invalid: a value outside its choices, or a routing without a threshold.
    """
    policy = form.get("adjudication_policy", "")
    if policy and policy not in POLICIES:
        raise Invalid(f"Unknown adjudication policy '{policy}'.", errors={"adjudication_policy": ["Unknown."]})
    adjudication: dict[str, Any] = {"min_annotators": _int(form, "min_annotators")}
    if policy:
        adjudication["policy"] = policy
    queue_order = form.get("queue_order", "import")
    if queue_order not in QUEUE_ORDERS:
        raise Invalid(f"Unknown queue order '{queue_order}'.", errors={"queue_order": ["Unknown."]})
    settings: dict[str, Any] = {
        "adjudication": adjudication,
        "show_gold_to_annotators": form.get("show_gold_to_annotators") == "1",
        SHOW_SUGGESTIONS: form.get(SHOW_SUGGESTIONS) == "1",
        QUEUE_ORDER_SETTING: queue_order,
        "review_signoff": form.get("review_signoff") == "1",
        ROUTING_KEY: _routing(form),
    }
    return _int(form, "annotators_per_text"), settings


def _routing(form: Mapping[str, str]) -> dict[str, Any] | None:
    action = form.get("routing_action", "off")
    if action == "off":
        return None
    metric = form.get("routing_metric", "char_alpha_nominal")
    if action not in ROUTING_ACTIONS or metric not in ROUTING_METRICS:
        raise Invalid("Unknown routing action or metric.", errors={"routing_action": ["Unknown."]})
    try:
        threshold = float(form.get("routing_threshold", ""))
    except ValueError:
        threshold = math.nan
    if not math.isfinite(threshold):
        raise Invalid("Routing needs a threshold, a number such as 0.5.", errors={"routing_threshold": ["A number."]})
    return {"threshold": threshold, "metric": metric, "action": action}


def save_project_settings(session: Session, *, project: Project, form: Mapping[str, str],
                          actor_id: int | None) -> Project:
    """Apply the project form's settings (recorded in the audit log by the texts service)."""
    annotators_per_text, settings = settings_from_form(form)
    return update_project_settings(session, project=project, changes=settings,
                                   annotators_per_text=annotators_per_text, actor_id=actor_id)


def form_values(project: Project | None, form: Mapping[str, str]) -> dict[str, str]:
    """What the settings form shows: the submitted form after a refusal, else the project's values (or the
    defaults for a new project)."""
    if form:
        return {key: form.get(key, "") for key in FORM_KEYS}
    if project is None:
        return {"annotators_per_text": "3", "adjudication_policy": "", "min_annotators": "2", "routing_action": "off",
                "routing_threshold": "", "routing_metric": "char_alpha_nominal", "show_gold_to_annotators": "",
                SHOW_SUGGESTIONS: "1", QUEUE_ORDER_SETTING: "import", "review_signoff": "1"}
    adjudication = adjudication_settings(project)
    routing = routing_settings(project) or {}
    return {
        "annotators_per_text": str(project.annotators_per_text),
        "adjudication_policy": project.settings.get("adjudication", {}).get("policy", ""),
        "min_annotators": str(adjudication["min_annotators"]),
        "routing_action": routing.get("action", "off"),
        "routing_threshold": f"{routing['threshold']:g}" if routing else "",
        "routing_metric": routing.get("metric", "char_alpha_nominal"),
        "show_gold_to_annotators": "1" if project.settings.get("show_gold_to_annotators") else "",
        SHOW_SUGGESTIONS: "1" if shows_suggestions(project) else "",
        QUEUE_ORDER_SETTING: project.settings.get(QUEUE_ORDER_SETTING, "import"),
        "review_signoff": "1" if signoff_required(project) else "",
    }


FORM_KEYS = ("annotators_per_text", "adjudication_policy", "min_annotators", "routing_action", "routing_threshold",
             "routing_metric", "show_gold_to_annotators", SHOW_SUGGESTIONS, QUEUE_ORDER_SETTING, "review_signoff")
