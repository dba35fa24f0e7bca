"""WSGI entry point (gunicorn ldn_site.wsgi): cached public pages first (pagecache/wsgi.py), then Django."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldn_site.settings")

from pagecache.wsgi import CachedPages  # noqa: E402 (needs the settings module named first)

application = CachedPages(get_wsgi_application())
