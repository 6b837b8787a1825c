"""The top bar each role sees: one table, so the pages and the crawl test agree on it."""
from dataclasses import dataclass

from flask import Flask
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: tuple[str, ...]  # who sees the link; admins see every link


NAV_ITEMS = (
    NavItem("My work", "home.index", ("annotator",)),
    NavItem("Next text", "annotations.next_text", ("annotator",)),
    NavItem("Projects", "projects.projects_page", ("reviewer",)),
    NavItem("Agreement", "home.agreement_projects", ("reviewer",)),
    NavItem("Adjudication", "home.adjudication_projects", ("reviewer",)),
    NavItem("Review queue", "home.review_projects", ("editor",)),
    NavItem("Gold", "home.gold_projects", ("reviewer", "editor")),
    NavItem("Guidelines", "home.guidelines", ("annotator", "reviewer", "editor")),
    NavItem("Jobs", "jobs.list_jobs", ("reviewer", "editor")),
    NavItem("Users", "admin.users_page", ()),
    NavItem("Schemas", "home.schemas_page", ()),
    NavItem("Audit log", "audit.audit_log", ()),
)


def nav_items_for(role: str) -> list[NavItem]:
    """The links of the role's top bar, in order (admins get all of them)."""
    if role == "admin":
        return [item for item in NAV_ITEMS if item.endpoint != "home.index"]
    return [item for item in NAV_ITEMS if role in item.roles]


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def navigation() -> dict:
        if not current_user.is_authenticated:
            return {"nav_items": []}
        return {"nav_items": nav_items_for(current_user.role)}
