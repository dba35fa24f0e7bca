"""WSGI entry point (gunicorn ldn_site.wsgi): cached public pages first (pagecache/wsgi.py), then refused
login floods (LoginFloodGate in login_throttle.py), then Django."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldn_site.settings")
django_application = get_wsgi_application()  # sets Django up: the imports below need its apps

from ldn_site.login_throttle import LoginFloodGate  # noqa: E402
from pagecache.wsgi import CachedPages  # noqa: E402


def build(django=django_application):
    return CachedPages(LoginFloodGate(django))


application = build()
