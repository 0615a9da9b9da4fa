"""Whole-page caching for pages that many read and few change.

A page is cached under the content generation (`rin_portal/generation.py`), which
changes after every committed change of data, so a cached page is never stale and
costs one small query to find. Its key also holds the page's address and language:

- `anonymous_page`: one rendering serves every visitor who is not signed in. Their
  pages hold nothing personal (no CSRF token, no name, no role).
- `session_page`: for a signed-in user, the key holds their session and CSRF cookie,
  so a page with their name and their form tokens is served only back to them. Their
  scope was checked when the page was rendered; a change of roles is a change of data.

Nothing is served from the cache or stored in it while a message waits to be shown,
for anything but a GET, or for a response that is not a plain 200 setting no cookie.

A page is kept in two places: the shared cache (Redis), for every process and server,
and this process's memory (`generation.Memory`, RIN_PAGE_MEMORY_MB), which spares the
round trip to Redis for the pages asked for most (a published plan is some 220 kB).
"""

import hashlib
import pickle
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import generation
from .memory import Lru

PAGE_SECONDS = 60 * 60
# A signed-in user's pages are kept for less than the 30-minute idle timeout: one copy
# per session adds up (see "Redis" in docs/deploy.md).
SESSION_PAGE_SECONDS = 15 * 60

# Kept no longer than the shared cache keeps them: should renewing the generation ever
# fail after a change was committed, what was kept cannot outlive it by more than that.
_memory = generation.Memory(
    settings.RIN_PAGE_MEMORY_MB * 1024 * 1024, cost=len, max_age=PAGE_SECONDS
)
_texts = generation.Memory(
    settings.RIN_PAGE_MEMORY_MB * 1024 * 1024,
    cost=lambda text: sum(map(len, text.values())),
    max_age=PAGE_SECONDS,
)


def _size(data) -> int:
    """About what plain data holds in memory: some seven times its pickled size (a
    40-programme plan: 74 kB pickled, 520 kB in memory; pickled in 2 ms, once per
    generation)."""
    return 7 * len(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


# Plain data (dicts and lists) that pages show, kept in this process only, as much again.
_data = generation.Memory(
    settings.RIN_PAGE_MEMORY_MB * 1024 * 1024, cost=_size, max_age=PAGE_SECONDS
)
# Fragments are kept under everything they show, so no change of data can make one
# stale: they need no generation.
_fragments = Lru(8 * 1024 * 1024, cost=len)


def anonymous_page(
    request: HttpRequest, name: str, render: Callable[[], HttpResponse], *, shared: bool = True
) -> HttpResponse:
    """The page for every visitor who is not signed in (signed-in users: drawn for each
    request). `shared` as in `session_page`."""
    if request.user.is_authenticated:
        return render()
    return _cached(request, f"{name}:anonymous", render, shared=shared)


def session_page(
    request: HttpRequest, name: str, render: Callable[[], HttpResponse], *, shared: bool = True
) -> HttpResponse:
    """The page for this signed-in user's session (visitors: as `anonymous_page`).

    With `shared` False it is kept in this process's memory only, not in Redis: for a
    page that every worker draws cheaply from what it keeps itself, a copy per session
    in Redis would cost more (and crowd out sessions) than it spares."""
    if not request.user.is_authenticated:
        return anonymous_page(request, name, render, shared=shared)
    whose = hashlib.blake2b(
        f"{request.session.session_key}:{request.COOKIES.get(settings.CSRF_COOKIE_NAME, '')}".encode(),
        digest_size=12,
    ).hexdigest()
    return _cached(request, f"{name}:{whose}", render, SESSION_PAGE_SECONDS, shared=shared)


def _cached(
    request: HttpRequest,
    name: str,
    render: Callable[[], HttpResponse],
    seconds: int = PAGE_SECONDS,
    *,
    shared: bool = True,
) -> HttpResponse:
    # HEAD (a link checker's) is answered as GET, from the same pages.
    if request.method not in ("GET", "HEAD") or len(get_messages(request)):
        return render()
    now = generation.current()
    if now is None:
        return render()
    # The date too: some pages say what is due or overdue today.
    address = hashlib.blake2b(request.get_full_path().encode(), digest_size=12).hexdigest()
    key = f"page:{name}:{address}:{get_language()}:{timezone.localdate()}:{now}"
    cached = _memory.get(now, key)
    if cached is None and shared:
        cached = cache.get(key)
        if cached is not None:
            _memory.put(now, key, cached)
    if cached is not None:
        return HttpResponse(cached)
    response = render()
    if (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
    ):
        if shared:
            cache.set(key, response.content, seconds)
        _memory.put(now, key, response.content)
    return response


def fragment(template_name: str, data: dict) -> SafeString:
    """`template_name` rendered with `data` alone (as `data`), kept in this process's
    memory under the data itself and the language.

    `data` must be plain values (no models, no lazy objects), and the template must show
    nothing but them, so that equal data always means an equal fragment. A page built of
    such fragments redraws only the parts whose data changed. Kept per process only: a
    new release, which may change the template, starts with none.
    """
    digest = hashlib.blake2b(repr(data).encode(), digest_size=16).digest()
    key = (template_name, get_language(), digest)
    html = _fragments.get(key)
    if html is None:
        html = render_to_string(template_name, {"data": data})
        _fragments.put(key, html)
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


def fragment_kept(template_name: str, key: tuple | None) -> SafeString | None:
    """The fragment kept by `keep_fragment` under `key`, or None."""
    if key is None:
        return None
    html = _fragments.get((template_name, get_language(), "key", key))
    return None if html is None else mark_safe(html)  # noqa: S308 (as in `fragment`)


def keep_fragment(template_name: str, key: tuple | None, data: dict | None) -> SafeString:
    """`fragment` (nothing for no data), also kept under `key` for `fragment_kept`: a page
    finds its fragment by the key without building the data. `key` must name everything
    the data is built from (rows as read, with the generations of the rest), whoever
    changes it; None keeps nothing."""
    html = fragment(template_name, data) if data is not None else mark_safe("")
    if key is not None:
        _fragments.put((template_name, get_language(), "key", key), str(html))
    return html


def kept(
    name: str,
    version: str | None,
    render: Callable[[], dict[str, str]],
    seconds: int = PAGE_SECONDS,
) -> dict:
    """What `render` returns (texts by name), kept under `name` and `version` in this
    process's memory and in the shared cache: one rendering serves every reader.

    `version` must change with everything the texts show, whoever changes it and
    however: the generations of their tables (`rin_portal/generation.py`), not a
    counter that only some code paths raise. `name` holds the rest (the language, the
    audience). With no version (the generations cannot be read) nothing is kept."""
    if version is None:
        return render()
    key = f"text:{name}:{version}"
    value = _texts.get(version, key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = render()
            cache.set(key, value, seconds)
        _texts.put(version, key, value)
    return value


def kept_data(name: str, version: str | None, build: Callable[[], object]):
    """What `build` returns (plain data, read only by its callers), kept in this process's
    memory under `name` and `version`, on the same terms as `kept`: `version` changes
    with everything the data holds, whoever changes it. A page drawn from it still
    renders its templates; it spares only the queries and the work of turning rows into
    data. Never in the shared cache: each worker builds its own once per version."""
    if version is None:
        return build()
    key = f"data:{name}"
    value = _data.get(version, key)
    if value is None:
        value = build()
        _data.put(version, key, value)
    return value


def template_changed(sender, file_path, **kwargs) -> None:
    """In development, runserver's autoreloader tells of an edited file: when it is a
    template, pages drawn with the old one are drawn afresh, without waiting for a
    change of data (connected in `rin_portal.apps`)."""
    from django.template.autoreload import get_template_directories

    if file_path.suffix != ".py" and any(
        directory in file_path.parents for directory in get_template_directories()
    ):
        generation.bump()
        forget()


def forget() -> None:
    """Forget the pages, fragments, texts and data kept in this process's memory (tests: each
    has its own data)."""
    _memory.clear()
    _fragments.clear()
    _texts.clear()
    _data.clear()
