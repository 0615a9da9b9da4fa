"""Preloaded into the render fork server: imports WeasyPrint and warms its font caches once,
so that every render child forked from the server starts warm, and caches pydyf's page
references (see pdf.cache_page_references).

One malloc arena: Pango's helper thread would otherwise reserve a 64 MB arena of its
own, which counts against the render's address-space limit without ever being used.
"""

import contextlib
import ctypes
import ctypes.util

from . import pdf

M_ARENA_MAX = -8
libc_name = ctypes.util.find_library("c")
if libc_name:
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL(libc_name).mallopt(M_ARENA_MAX, 1)

pdf.cache_page_references()
pdf.warm_up()
