#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldn_site.settings")
    from django.core.management import execute_from_command_line

    from ldn_site.environment import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        # A variable to set or fix: the message says which; a traceback would only hide it.
        sys.exit(str(error))


if __name__ == "__main__":
    main()
