"""How a serving process tunes Python's garbage collector.

A request for the yearly-report grid builds some 800 form fields, and with them hundreds
of thousands of short-lived objects. With Python's default thresholds (700, 10, 10) such a
request triggers many collections, and now and then a full one that walks every object
the process holds: Django, the models, the compiled templates. Those pauses were most of
the gap between a page's median and its 95th percentile (the grid: 296 → 443 ms).

So, once the application is loaded, everything it holds is moved out of the collector's
sight (`gc.freeze()`) and collections run less often (RIN_GC_THRESHOLDS, default
50000,20,100). Cyclic garbage is still collected, but pages leave next to none (under
100 objects a request: see rin_portal/templating.py), so a collection comes every few
hundred requests and finds little; a worker is also recycled after `max_requests`
(gunicorn.conf.py). The task worker keeps Python's defaults.
"""

import gc

from django.conf import settings


def tune_garbage_collector() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*settings.RIN_GC_THRESHOLDS)
