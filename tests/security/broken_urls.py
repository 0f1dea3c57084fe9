"""A URLconf with a view that fails with an ordinary bug, under the project's error handler."""

from django.urls import path


def broken(request):
    raise ZeroDivisionError


urlpatterns = [path("broken/", broken)]
handler500 = "oversight.views.server_error"
