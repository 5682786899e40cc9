"""The newsroom's records, split by concern: records (sections, people, places),
organisations (and the roles people hold in them), media (images and renditions), content
(stories and notes), kept (a story's related stories and rendered page parts), credits
(bylines and quotes), history (workflow steps, revisions and old addresses)
and desk (boilerplate patterns for the checks)."""

from articles.models.content import (
    Article,
    ArticleQuerySet,
    Correction,
    CorrectionQuerySet,
)
from articles.models.credits import Byline, Quote
from articles.models.desk import BoilerplatePattern
from articles.models.history import ArticleSlugHistory, Revision, StatusChange
from articles.models.kept import RelatedStory, StoryPage
from articles.models.media import Image, Rendition, rendition_path
from articles.models.organisations import Organisation, Role, RoleQuerySet
from articles.models.records import Person, Place, Section, SectionManager

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSlugHistory",
    "BoilerplatePattern",
    "Byline",
    "Correction",
    "CorrectionQuerySet",
    "Image",
    "Organisation",
    "Person",
    "Place",
    "Quote",
    "RelatedStory",
    "Rendition",
    "Revision",
    "Role",
    "RoleQuerySet",
    "Section",
    "SectionManager",
    "StatusChange",
    "StoryPage",
    "rendition_path",
]
