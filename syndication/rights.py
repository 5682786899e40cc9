"""What a partner's key may take: the one home of that rule. The API's lists and single
stories and the webhooks' choice of whom to tell all go through `syndicable()`."""

from django.utils import timezone


def syndicable(articles, key, *, at=None):
    """The stories of `articles` that `key` may take at `at` (default now):

    - published and live, or, for a key that takes embargoed copy, published with a time
      still to come (ArticleQuerySet.published() and scheduled(): the same two rules as
      the reader site, so a draft or a pulled story reaches no partner);
    - in one of the key's sections (a story without a section goes to no one);
    - allowed by its licence: our own journalism, or copy whose source (an agency or
      publication, Article.source) lets partners take its stories
      (ArticleQuerySet.licensed_for_partners(), Organisation.may_resyndicate).
    """
    at = at or timezone.now()
    visible = articles.published(at)
    if key.allows_embargoed:
        visible = visible | articles.scheduled(at)
    visible = visible.licensed_for_partners()
    return visible.filter(section__in=[section.pk for section in key.sections.all()])


def is_embargoed(article, *, at=None):
    """Whether `article` is not yet live: what its document's embargo time says."""
    return article.published_at is not None and article.published_at > (at or timezone.now())
