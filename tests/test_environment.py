"""Configuration from the environment: typed values, and production refusing to start unsafely."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ldn_site import environment
from tests.conftest import production_secret_key, site_environ

ROOT = Path(__file__).resolve().parent.parent
GOOD_PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": production_secret_key(),
    "DJANGO_ALLOWED_HOSTS": "ldn.example.org",
}


def run(args, env):
    """Run a command from the project folder with only these site variables set."""
    return subprocess.run(args, cwd=ROOT, env=site_environ(**env), capture_output=True, text=True, timeout=120)


def test_a_yes_no_variable_with_another_word_names_the_variable_and_the_value():
    with pytest.raises(ImproperlyConfigured, match=r"DJANGO_DEBUG='maybe' is not a yes/no value: use true or false"):
        environment.env_bool("DJANGO_DEBUG", False, environ={"DJANGO_DEBUG": "maybe"})
    assert environment.env_bool("DJANGO_DEBUG", False, environ={"DJANGO_DEBUG": " Yes "}) is True
    assert environment.env_bool("DJANGO_DEBUG", True, environ={"DJANGO_DEBUG": "off"}) is False
    assert environment.env_bool("DJANGO_DEBUG", True, environ={"DJANGO_DEBUG": ""}) is True


def test_a_number_variable_that_is_not_a_number_names_the_variable_and_the_value():
    with pytest.raises(ImproperlyConfigured, match=r"IMAGE_MAX_WIDTH='wide' is not a whole number"):
        environment.env_int("IMAGE_MAX_WIDTH", 1600, environ={"IMAGE_MAX_WIDTH": "wide"})
    with pytest.raises(ImproperlyConfigured, match=r"WEB_CONCURRENCY='0' is too small: use 1 or more"):
        environment.env_int("WEB_CONCURRENCY", 3, minimum=1, environ={"WEB_CONCURRENCY": "0"})
    assert environment.env_int("IMAGE_MAX_WIDTH", 1600, environ={}) == 1600


def test_development_needs_no_variables():
    assert environment.production_problems({}) == []
    assert environment.debug({}) is True
    assert environment.allowed_hosts({}) == ["127.0.0.1", "localhost", "testserver"]


def test_an_unknown_environment_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"DJANGO_ENV='prod' is not one of: development, production"):
        environment.production_problems({"DJANGO_ENV": "prod"})


def test_production_lists_every_problem_at_once_with_what_to_set():
    problems = environment.production_problems({"DJANGO_ENV": "production", "DJANGO_DEBUG": "true"})
    assert len(problems) == 3
    assert "DJANGO_DEBUG is on: set DJANGO_DEBUG=false" in problems[0]
    assert "DJANGO_SECRET_KEY is not set" in problems[1] and "secrets.token_urlsafe(50)" in problems[1]
    assert "DJANGO_ALLOWED_HOSTS is empty: set it to the site's host names" in problems[2]


@pytest.mark.parametrize(
    "key, problem",
    [
        (environment.DEVELOPMENT_SECRET_KEY, "DJANGO_SECRET_KEY is the development key"),
        ("django-insecure-" + "x" * 60, "DJANGO_SECRET_KEY is the development key"),
        ("too-short", "DJANGO_SECRET_KEY is too short or too simple (9 characters)"),
        ("ab" * 40, "DJANGO_SECRET_KEY is too short or too simple"),
    ],
)
def test_production_refuses_a_development_or_weak_secret_key(key, problem):
    problems = environment.production_problems({**GOOD_PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert len(problems) == 1 and problem in problems[0]


def test_production_refuses_any_host():
    problems = environment.production_problems({**GOOD_PRODUCTION, "DJANGO_ALLOWED_HOSTS": "*"})
    assert problems == ["DJANGO_ALLOWED_HOSTS contains '*', which accepts any Host header: list the site's host names instead."]


def test_production_is_off_debug_by_default_and_has_no_problems_when_complete():
    assert environment.production_problems(GOOD_PRODUCTION) == []
    assert environment.debug(GOOD_PRODUCTION) is False


def test_database_url_chooses_postgresql_with_a_connect_timeout_and_persistent_connections():
    config = environment.database(
        {**GOOD_PRODUCTION, "DATABASE_URL": "postgres://ldn:pw@db.internal:5433/ldn"}, base_dir=ROOT
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.internal", 5433, "ldn", "ldn")
    assert config["OPTIONS"]["connect_timeout"] == 5
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_without_database_url_it_is_sqlite_at_sqlite_path():
    assert environment.database({}, base_dir=ROOT)["NAME"] == str(ROOT / "db.sqlite3")
    config = environment.database({"SQLITE_PATH": "/tmp/x.sqlite3"}, base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] == "/tmp/x.sqlite3"
    assert config["CONN_MAX_AGE"] == 0


def test_a_database_url_that_is_not_one_says_what_to_write():
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL is not a database address .*postgres://USER:PASSWORD@HOST:5432/NAME"):
        environment.database({"DATABASE_URL": "mysqlx://nowhere"}, base_dir=ROOT)


def test_manage_py_refuses_unsafe_production_with_the_message_and_no_traceback():
    result = run([sys.executable, "manage.py", "check"], {"DJANGO_ENV": "production", "DJANGO_DEBUG": "on"})
    assert result.returncode == 1
    assert result.stderr.startswith("Refusing to start in production (DJANGO_ENV=production) until this is fixed:")
    for variable in ["DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"]:
        assert f"  - {variable} " in result.stderr
    assert "Traceback" not in result.stderr


def test_python_m_environment_prints_the_problems_or_says_all_is_well():
    bad = run([sys.executable, "-m", "ldn_site.environment"], {"DJANGO_ENV": "production"})
    assert bad.returncode == 1 and "DJANGO_SECRET_KEY is not set" in bad.stderr
    good = run([sys.executable, "-m", "ldn_site.environment"], GOOD_PRODUCTION)
    assert good.returncode == 0, good.stderr
    assert good.stdout == "DJANGO_ENV=production: the configuration is complete.\n"


def test_deployment_checklist_is_clean_in_production_settings():
    """What `make check-deploy` runs: any warning from Django's deployment checks fails."""
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], GOOD_PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def variables_read_by_the_code():
    pattern = re.compile(r"""(?:(?:env_(?:str|bool|int|list)|environ\.get|environ\.setdefault|getenv)\(|environ\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
    sources = [*ROOT.glob("*.py"), *ROOT.glob("*/*.py"), *ROOT.glob("*/*/*.py")]
    found = set()
    for source in sources:
        if source.parts[len(ROOT.parts)] in {".venv", "tests", "node_modules", "benchmarks"}:  # benchmarks: knobs of `make bench`, not the site
            continue
        found |= set(pattern.findall(source.read_text()))
    return found - {"DJANGO_SETTINGS_MODULE"}


def test_env_example_lists_every_variable_the_code_reads_with_a_comment():
    lines = (ROOT / ".env.example").read_text().splitlines()
    assignment = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]+)=")
    listed = {}
    for number, line in enumerate(lines):
        if match := assignment.match(line):
            listed[match[1]] = number
    variables = variables_read_by_the_code()
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "PORT", "WEB_CONCURRENCY"} <= variables
    for variable in sorted(variables | {"REDIS_URL"}):
        assert variable in listed, f"{variable} is read by the code but missing from .env.example"
        above = listed[variable] - 1
        while assignment.match(lines[above]):  # variables described together share one comment
            above -= 1
        assert lines[above].startswith("# ") and len(lines[above]) > 10, f"{variable} has no comment"
