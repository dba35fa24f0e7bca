"""Admin login throttling (django-axes): real login POSTs, the 429 page, the cool-off, and who is not affected."""
import re
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory

from ldn_site.login_throttle import client_ip

LOGIN = "/admin/login/?next=/admin/"
WRONG = "Please enter the correct username and password"


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import User

    User.objects.create_user("eda", "eda@example.org", "right-pass-phrase", is_staff=True)
    User.objects.create_user("sam", "sam@example.org", "sams-pass-phrase", is_staff=True)


def attempt(client, password, username="eda", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail_five_times(client, username="eda", **extra):
    for number in range(1, 5):
        response = attempt(client, f"guess-{number}", username, **extra)
        assert response.status_code == 200 and WRONG in response.content.decode(), number
    # The fifth failure is the last one allowed: it already answers with the lockout page.
    assert attempt(client, "guess-5", username, **extra).status_code == 429


def logged_in(client):
    return client.get("/admin/").status_code == 200


def wait(minutes):
    """Let time pass for the recorded failures (as the clock would)."""
    from axes.models import AccessAttempt
    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_sixth_attempt_gets_the_429_page_saying_when_and_what_to_do(client, staff):
    fail_five_times(client)
    response = attempt(client, "guess-6")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert "<h1>Too many attempts to log in</h1>" in page
    assert "The password was wrong 5 times for “eda”, so logging in from this device is paused for 15 minutes." in page
    assert re.search(r"Try again after \d\d:\d\d UTC</strong> \(in 15 minutes\)", page)
    assert "Forgotten your password? Ask the person who looks after staff accounts" in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page  # the site's own page


def test_the_right_password_during_the_lockout_is_still_refused(client, staff):
    fail_five_times(client)
    wait(minutes=14)
    assert attempt(client, "right-pass-phrase").status_code == 429
    assert not logged_in(client)


def test_after_the_cool_off_the_right_password_works(client, staff):
    fail_five_times(client)
    wait(minutes=15)
    response = attempt(client, "right-pass-phrase")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)


def test_other_staff_on_the_same_connection_are_not_affected(client, staff):
    fail_five_times(client)
    other = Client()
    assert attempt(other, "sams-pass-phrase", username="sam").status_code == 302
    assert logged_in(other)


def test_the_same_account_from_another_address_is_not_locked_out(client, staff):
    """Someone guessing a password elsewhere cannot lock a member of staff out of their own account."""
    fail_five_times(client, HTTP_X_FORWARDED_FOR="198.51.100.7")
    at_the_clinic = Client()
    response = attempt(at_the_clinic, "right-pass-phrase", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert response.status_code == 302
    assert logged_in(at_the_clinic)


def test_a_made_up_forwarded_address_does_not_escape_the_count(client, staff):
    # Straight to the app server (not through the proxy): X-Forwarded-For is ignored.
    for number in range(5):
        attempt(client, "guess", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert attempt(client, "right-pass-phrase", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    # Through the proxy, entries the client wrote before the proxy's own are ignored.
    for number in range(5):
        attempt(client, "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 198.51.100.7")
    assert attempt(client, "right-pass-phrase", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7").status_code == 429


def test_a_hostile_username_is_shown_as_text_on_the_429_page(client, staff):
    name = '<script>alert(1)</script>'
    for _ in range(5):
        attempt(client, "guess", username=name)
    page = attempt(client, "guess", username=name).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("192.0.2.9", "203.0.113.5", "192.0.2.9"),
        ("10.1.2.3", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_client_address_believes_only_trusted_proxies(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# Floods (issue 14) -------------------------------------------------------------------------------

def test_made_up_usernames_from_one_address_lock_that_address(client, staff, settings):
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 1000  # the lockout, not the rate limit, is under test
    for number in range(19):
        assert attempt(client, "guess", f"nobody{number}").status_code == 200, number
    locked = attempt(client, "guess", "nobody19")
    assert locked.status_code == 429
    assert "Passwords were wrong 20 times from this address, for any username" in locked.content.decode()
    assert attempt(client, "right-pass-phrase").status_code == 429  # eda, from the same address
    assert attempt(Client(REMOTE_ADDR="10.0.0.9"), "right-pass-phrase").status_code == 302  # elsewhere


def test_the_rate_limit_answers_before_any_password_is_checked(client, staff, settings, django_assert_num_queries):
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 3
    for number in range(3):
        assert attempt(client, "guess", f"nobody{number}").status_code == 200
    with django_assert_num_queries(0):  # no session, no axes row, no user looked up, nothing hashed
        refused = attempt(client, "right-pass-phrase")
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    assert "too many attempts to log in from this address in the last minute" in refused.content.decode()
    assert attempt(Client(REMOTE_ADDR="10.0.0.9"), "right-pass-phrase").status_code == 302


def test_the_whole_site_has_a_login_rate_too(staff, settings):
    settings.LOGIN_POSTS_PER_MINUTE = 2
    answers = [attempt(Client(REMOTE_ADDR=f"10.0.1.{n}"), "guess").status_code for n in range(3)]
    assert answers == [200, 200, 429]


def test_password_change_is_throttled_per_person(client, staff, settings):
    settings.PASSWORD_CHANGES_PER_USER_PER_HOUR = 3
    assert attempt(client, "right-pass-phrase").status_code == 302
    wrong = {"old_password": "not-it", "new_password1": "n3w-pass-phrase!", "new_password2": "n3w-pass-phrase!"}
    answers = [client.post("/admin/password_change/", wrong).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert "Your password has been tried too many times in the last hour" in client.post("/admin/password_change/", wrong).content.decode()


def test_workers_counting_alone_each_allow_their_share(client, staff, settings):
    # Production without Redis: each of five gunicorn workers counts in its own memory, so this one
    # allows 2 of the address's 10 a minute (the five together: 10, not 50).
    settings.LOGIN_LIMIT_PROCESSES = 5
    answers = [attempt(client, "guess", f"nobody{number}").status_code for number in range(3)]
    assert answers == [200, 200, 429]


def test_production_without_redis_shares_the_limits_among_the_workers():
    import subprocess
    import sys

    from django.conf import settings

    from tests.conftest import production_secret_key, site_environ

    def processes(**variables):
        env = site_environ(DJANGO_ENV="production", DJANGO_SECRET_KEY=production_secret_key(), DJANGO_ALLOWED_HOSTS="ldn.example.org",
                           DJANGO_SETTINGS_MODULE="ldn_site.settings", WEB_CONCURRENCY="5", **variables)
        code = "import django; django.setup(); from django.conf import settings; print(settings.LOGIN_LIMIT_PROCESSES)"
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
        return out.stdout.split()[-1:] or out.stderr[-500:]

    assert processes() == ["5"]
    assert processes(REDIS_URL="redis://127.0.0.1:6379/0") == ["1"]  # shared, exact counts


# Before Django (issue 14): gunicorn runs ldn_site.wsgi, where LoginFloodGate answers refusals ---------

@pytest.fixture
def through_wsgi():
    """Requests through the WSGI application gunicorn runs (a fresh one, built after the test's settings).

    Returns call(method, path, data=None, **environ) -> (status line, headers, body). Django's test
    client would skip the WSGI layer under test; like it, this keeps the test's database connection
    open between requests (request_started would close it inside the test's transaction).
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from ldn_site import wsgi

    apps = {}
    reached = []

    def django(environ, start_response):
        reached.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return apps["django"](environ, start_response)

    def call(method, path, data=None, **extra):
        if not apps:
            apps["django"], apps["site"] = WSGIHandler(), wsgi.build(django)
        factory = RequestFactory()
        request = factory.post(path, data or {}, **extra) if method == "POST" else factory.get(path, **extra)
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers

        # Around each call, as the test client does (it connects them again after each of its own
        # requests, so once for the whole test is not enough: PostgreSQL's connection was closed).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = apps["site"](request.environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return seen["status"], seen["headers"], body

    call.reached = reached
    return call


def wsgi_log_in(call, password, username="eda", **extra):
    """A login POST as a browser sends it: the form's CSRF cookie and token first."""
    _, headers, form = call("GET", "/admin/login/", **extra)
    cookie = next(value for name, value in headers if name == "Set-Cookie" and "csrftoken=" in value)
    cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1).decode()
    data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    return call("POST", LOGIN, data, HTTP_COOKIE=f"csrftoken={cookie}", **extra)


def without_retry_after(headers):
    return [(name, value) for name, value in headers if name != "Retry-After"]


SECURITY_HEADERS = {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                    "Cross-Origin-Opener-Policy"}


def test_a_refusal_before_django_is_the_page_and_headers_django_sends(client, staff, settings, through_wsgi):
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 2
    for _ in range(2):
        attempt(client, "guess", REMOTE_ADDR="192.0.2.1")
    by_middleware = attempt(client, "guess", REMOTE_ADDR="192.0.2.1")  # as every refusal was answered before
    assert by_middleware.status_code == 429

    for _ in range(2):
        assert wsgi_log_in(through_wsgi, "guess", REMOTE_ADDR="192.0.2.2")[0].startswith("200 ")
    refusals = [through_wsgi("POST", LOGIN, {"username": "eda", "password": "guess"}, REMOTE_ADDR="192.0.2.2")
                for _ in range(3)]
    for status, headers, body in refusals:
        assert status == "429 Too Many Requests"
        assert body == by_middleware.content
        assert without_retry_after(headers) == without_retry_after(by_middleware.items())
        assert 1 <= int(dict(headers)["Retry-After"]) <= 60
        assert SECURITY_HEADERS <= dict(headers).keys()
        assert b"too many attempts to log in from this address in the last minute" in body
    # Only the first refusal went through Django; the two after it were answered before it.
    assert through_wsgi.reached.count(("POST", "/admin/login/")) == 2 + 1


def test_a_refusal_over_https_before_django_carries_hsts_as_django_does(staff, settings, through_wsgi):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 0
    post = {"username": "eda", "password": "guess"}
    plain = [through_wsgi("POST", LOGIN, post) for _ in range(2)]
    secure = [through_wsgi("POST", LOGIN, post, HTTP_X_FORWARDED_PROTO="https") for _ in range(2)]
    assert all(status.startswith("429 ") for status, _, _ in plain + secure)
    assert all("Strict-Transport-Security" not in dict(headers) for _, headers, _ in plain)
    assert all(dict(headers)["Strict-Transport-Security"] == "max-age=3600" for _, headers, _ in secure)


def test_the_limits_before_django_count_per_address_and_for_the_site(staff, settings, through_wsgi):
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 2
    settings.LOGIN_POSTS_PER_MINUTE = 3

    def answer(address):
        status, _, body = wsgi_log_in(through_wsgi, "guess", HTTP_X_FORWARDED_FOR=address)
        return status[:3], b"from this address" in body, b"to this site" in body

    # Counted once each, not again by the middleware: the address's third POST is the first refused.
    assert [answer("198.51.100.1") for _ in range(3)] == [("200", False, False)] * 2 + [("429", True, False)]
    assert answer("198.51.100.2") == ("200", False, False)  # another address: the site's third
    assert answer("198.51.100.3") == ("429", False, True)  # the site's limit, from a fresh address


def test_public_pages_and_the_login_form_still_work_through_the_gate(staff, settings, through_wsgi):
    settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 1
    assert wsgi_log_in(through_wsgi, "guess")[0].startswith("200 ")
    assert wsgi_log_in(through_wsgi, "guess")[0].startswith("429 ")
    assert through_wsgi("GET", "/")[0].startswith("200 ")
    assert through_wsgi("GET", "/admin/login/")[0].startswith("200 ")  # the form itself is never counted
    status, headers, _ = wsgi_log_in(through_wsgi, "right-pass-phrase", REMOTE_ADDR="10.0.0.9")
    assert status.startswith("302 ") and dict(headers)["Location"] == "/admin/"


# django-axes' writes on SQLite under a flood (issue 14) ---------------------------------------------

FLOOD_WORKER = r"""
import sys, time
from collections import Counter
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.test import Client

number, posts, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
# Every POST reaches django-axes, as from many addresses past the rate limit's share.
settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = settings.LOGIN_POSTS_PER_MINUTE = 10**6
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.ALLOWED_HOSTS = ["testserver"]
client = Client(raise_request_exception=False)
(folder / f"ready-{number}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)
answers = Counter()
for post in range(posts):
    response = client.post("/admin/login/?next=/admin/", {"username": f"nobody-{number}-{post}", "password": "guess"},
                           REMOTE_ADDR="192.0.2.1")
    answers[response.status_code] += 1
print(dict(answers))
"""


@pytest.mark.server
def test_a_login_flood_on_sqlite_is_answered_without_database_is_locked(tmp_path):
    """Six processes (as gunicorn's workers) record failed logins in one SQLite file at once.

    django-axes reads, then writes, inside a transaction; with SQLite's deferred transactions the
    second writer was refused at once with "database is locked" (36 of 240 POSTs in six processes
    answered 500 here, 503 in production), instead of waiting its turn.
    """
    import ast
    import subprocess
    import sys

    from django.conf import settings as django_settings

    from tests.conftest import site_environ

    env = site_environ(SQLITE_PATH=str(tmp_path / "flood.sqlite3"), DJANGO_SETTINGS_MODULE="ldn_site.settings")
    migrate = "import django; django.setup(); from django.core.management import call_command; " \
              "[call_command('migrate', app, verbosity=0) for app in ('auth', 'axes', 'sessions')]"
    subprocess.run([sys.executable, "-c", migrate], env=env, cwd=django_settings.BASE_DIR, check=True, timeout=120)
    workers = [subprocess.Popen([sys.executable, "-c", FLOOD_WORKER, str(n), "40", str(tmp_path)], env=env,
                                cwd=django_settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
               for n in range(6)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < len(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()
    answers = Counter()
    for worker in workers:
        answers.update(ast.literal_eval(worker.communicate(timeout=300)[0].strip().splitlines()[-1]))
    assert sum(answers.values()) == 240
    # The login form again (wrong password) or the lockout page; never an error.
    assert set(answers) <= {200, 429}, answers
