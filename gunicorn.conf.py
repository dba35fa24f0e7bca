"""gunicorn settings for `make serve`: production behind a TLS-terminating proxy on this machine.

gunicorn reads this file by itself when started from the project folder.
"""
import os
import sys

from ldn_site import environment

# gunicorn is the production server; DJANGO_ENV=development must be asked for explicitly.
os.environ.setdefault("DJANGO_ENV", "production")
try:
    environment.refuse_unsafe_production()
except environment.ConfigurationError as error:
    # Say what to set once, here, rather than as a traceback from every worker.
    sys.exit(str(error))

wsgi_app = "ldn_site.wsgi:application"

# Only the proxy on this machine can reach the app (and so set X-Forwarded-Proto, which Django
# trusts). BIND_ADDRESS is for a proxy on another machine: a private address, never a public one.
bind = f"{environment.env_str('BIND_ADDRESS') or '127.0.0.1'}:{environment.env_int('PORT', 8000, minimum=1)}"

# Sync workers, not threads: the render time budget (articles/limits.py) is an alarm signal, which
# only the main thread gets. WEB_CONCURRENCY overrides the count (the variable hosting platforms set).
workers = environment.web_concurrency()
timeout = environment.env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = 1000
max_requests_jitter = 100
# Load Django once in the master and fork workers from it: with cached pages answering ~1,500
# requests a second, max_requests recycles a worker every second or so, and a worker importing
# Django afresh each time cost a core (benchmarks/throughput.py). Nothing opens a database or Redis
# connection at import time, so the forked workers share none. A code change needs a restart.
preload_app = True

# The proxies whose X-Forwarded-* headers are believed (gunicorn's own variable and default).
forwarded_allow_ips = environment.env_str("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

accesslog = "-"  # stdout, for the service manager's journal
errorlog = "-"  # stderr
# The visitor's address as the proxy saw it, and the time taken in milliseconds.
access_log_format = '%({x-forwarded-for}i)s via %(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# gunicornc's socket lives in the home folder, one path for every instance on the machine;
# nothing here uses it, and two servers on one machine would fight over it.
control_socket_disable = True
