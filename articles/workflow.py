"""Who may do what to a story. The admin calls these; nothing else decides."""

from django.utils import timezone

from articles.models import Article

WORKING_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


def can_publish(user):
    """Editors (and superusers) publish, schedule and unpublish."""
    return user.has_perm("articles.publish_article")


def can_edit(user, article):
    """Journalists edit stories still being worked on; editors edit any story."""
    if not user.has_perm("articles.change_article"):
        return False
    return can_publish(user) or article.status in WORKING_STATUSES


def allowed_statuses(user):
    """The statuses this user may give a story."""
    if can_publish(user):
        return list(Article.Status)
    return list(WORKING_STATUSES)


def note_change(article, *, was_live, changed):
    """A change to a story readers could already see moves its “updated” time."""
    if was_live and changed:
        article.modified_at = timezone.now()
        Article.objects.filter(pk=article.pk).update(modified_at=article.modified_at)
