"""The newsroom's records, split by concern: records (sections, people, places), media
(images and renditions), content (stories, bylines, quotes, notes) and history (workflow
steps and revisions)."""

from articles.models.content import (
    Article,
    ArticleQuerySet,
    ArticleSlugHistory,
    Byline,
    Correction,
    CorrectionQuerySet,
    Quote,
)
from articles.models.history import Revision, StatusChange
from articles.models.media import Image, Rendition, rendition_path
from articles.models.records import Person, Place, Section, SectionManager

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSlugHistory",
    "Byline",
    "Correction",
    "CorrectionQuerySet",
    "Image",
    "Person",
    "Place",
    "Quote",
    "Rendition",
    "Revision",
    "Section",
    "SectionManager",
    "StatusChange",
    "rendition_path",
]
