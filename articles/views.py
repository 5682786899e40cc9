from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from articles.models import Article


def home(request):
    articles = Article.objects.published().select_related("section", "lead_image")
    articles = articles.prefetch_related("lead_image__renditions")[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, year, month, day, slug):
    articles = Article.objects.viewable_by(request.user).for_page()
    article = get_object_or_404(articles, slug=slug)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    context = {"article": article, "is_preview": not article.is_live, "now": timezone.now()}
    return render(request, "articles/article_detail.html", context)
