from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse

from articles.tag_suggestions import suggest_tags


class TagSuggestionViews:
    """Mixed into ArticleAdmin: existing tags for the story form's tag field, as JSON."""

    def tag_urls(self):
        return [
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            )
        ]

    def tag_suggestions_view(self, request):
        # Whoever may write a story may see the tags it could carry.
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return JsonResponse({"tags": suggest_tags(request.GET.get("q", ""))})

    def offer_tag_suggestions(self, form_class):
        """Point the form's tag field at the suggestions (static/js/admin_tags.js)."""
        field = form_class.base_fields.get("tags")
        if field is not None:
            field.widget.attrs.update(
                {
                    "data-suggestions": reverse("admin:articles_article_tag_suggestions"),
                    "autocomplete": "off",
                }
            )
        return form_class
