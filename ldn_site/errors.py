"""Friendly error pages that never depend on the database."""
from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that could touch the database or fail again.
    from django.template import loader
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("500.html").render())
