"""`python -m ldn_site.environment` refuses the gaps issue 14 found: wildcard hosts and proxies, weak keys, placeholders."""
import secrets
import subprocess
import sys

import pytest

from ldn_site import environment

GOOD = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "ldn.example.org"}


def problems(**changes):
    return " ".join(environment.production_problems({**GOOD, **changes}))


def test_a_good_production_configuration_passes():
    assert environment.production_problems(GOOD) == []


@pytest.mark.parametrize("changes,message", [
    ({"DJANGO_ALLOWED_HOSTS": ".org"}, "DJANGO_ALLOWED_HOSTS contains .org: a leading dot accepts every name"),
    ({"DJANGO_ALLOWED_HOSTS": "ldn.example.org,.example.org"}, "contains .example.org"),
    ({"FORWARDED_ALLOW_IPS": "*"}, "FORWARDED_ALLOW_IPS contains '*'"),
    ({"DJANGO_SECRET_KEY": "abcde" * 12}, "DJANGO_SECRET_KEY looks guessable: about 139 bits"),
    ({"DATABASE_URL": "postgres://ldn:CHANGE-ME@127.0.0.1:5432/ldn"}, "placeholder password (CHANGE-ME)"),
    ({"SITE_URL": "http://ldn.example.org"}, "SITE_URL='http://ldn.example.org' is not an https:// address"),
])
def test_each_gap_is_refused_naming_the_variable(changes, message):
    assert message in problems(**changes)


def test_a_real_database_password_passes():
    assert problems(DATABASE_URL="postgres://ldn:" + secrets.token_urlsafe(16) + "@127.0.0.1:5432/ldn") == ""


def test_the_command_prints_the_refusal():
    env = {**GOOD, "DJANGO_ALLOWED_HOSTS": ".org", "FORWARDED_ALLOW_IPS": "*", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "ldn_site.environment"], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "leading dot" in result.stderr and "FORWARDED_ALLOW_IPS contains '*'" in result.stderr
