"""Say at start-up (migrate, check, make serve) if the generation file cannot be written, not on the first page."""
import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def generation_file_writable(app_configs, **kwargs):
    path = settings.PAGE_CACHE_GENERATION_FILE
    if not path:
        return []  # the generation lives in Redis
    path = Path(path)
    nearest = next(folder for folder in path.parents if folder.exists())
    problem = None
    if path.exists() and (path.is_dir() or not os.access(path, os.W_OK)):
        problem = "is a folder or cannot be written"
    elif not nearest.is_dir() or not os.access(nearest, os.W_OK | os.X_OK):
        problem = f"cannot be created: {nearest} is not a writable folder"
    if problem:
        return [Error(
            f"PAGE_CACHE_GENERATION_FILE={path} {problem}.",
            hint="Point PAGE_CACHE_GENERATION_FILE at a file in a folder the app may write to, or set REDIS_URL.",
            id="pagecache.E001",
        )]
    return []
