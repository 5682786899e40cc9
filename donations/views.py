from django.http import Http404


def donate(request):
    raise Http404


def pledge(request, slug):
    raise Http404


def thanks(request, reference):
    raise Http404


def appeal_seen(request):
    raise Http404
