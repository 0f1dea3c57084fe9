"""The application's URLs plus two floor pages, mounted only under benchmarks.settings:

* /__bench__/floor: no database work and no template, through the same middleware stack;
* /__bench__/base: the site's base template rendered with no data (anonymous visitor)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from oversight.urls import urlpatterns as app_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


def base_template(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("__bench__/floor", floor),
    path("__bench__/base", base_template),
    *app_urlpatterns,
]
