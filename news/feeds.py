import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region

from .models import NewsItem
from .selectors import ITEM_PLAN, news_body


def _withdrawn_on(item: NewsItem) -> str:
    return formats.date_format(timezone.localtime(item.consultation_ended_at), "DATE_FORMAT")


class LatestNews(Feed):
    """Atom feed of every region's news."""

    feed_type = Atom1Feed
    title = _("RIN portal: news")
    subtitle = _("News of the regional coordination groups for social care")
    link = "/"

    def items(self):
        return NewsItem.objects.select_related("region", *ITEM_PLAN).order_by(
            "-published_on", "-id"
        )[:30]

    def item_title(self, item: NewsItem) -> str:
        title = f"{item.region.name}: {item.title}"
        if item.consultation_ended_at:
            withdrawn = gettext("Withdrawn from public consultation on %(date)s")
            title += f" ({withdrawn % {'date': _withdrawn_on(item)}})"
        return title

    def item_description(self, item: NewsItem) -> str:
        """The item's text, after a notice if the draft it is about was withdrawn from
        public consultation (as the item's page says it)."""
        if not item.consultation_ended_at:
            return news_body(item)
        date = _withdrawn_on(item)
        if item.plan is not None and item.plan.is_readable_by_public:
            notice = gettext("The draft was withdrawn from public consultation on %(date)s.")
        else:
            notice = gettext(
                "The draft was withdrawn from public consultation on %(date)s and is no "
                "longer public."
            )
        return format_html("<p><strong>{}</strong></p>{}", notice % {"date": date}, news_body(item))

    def item_pubdate(self, item: NewsItem) -> datetime.datetime:
        """The date the author gave the item (it may be earlier than when it was
        entered), at the time it was entered when that was the same day, else at noon."""
        entered = timezone.localtime(item.created_at)
        if entered.date() == item.published_on:
            return entered
        return datetime.datetime.combine(
            item.published_on, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item: NewsItem) -> datetime.datetime:
        """When it was published, or when the draft it is about was withdrawn from public
        consultation (its title and text say so since)."""
        return max(filter(None, [self.item_pubdate(item), item.consultation_ended_at]))


class RegionNews(LatestNews):
    def get_object(self, request, region_slug: str) -> Region:
        return get_object_or_404(Region, slug=region_slug)

    def title(self, region: Region) -> str:
        return f"{_('RIN portal')} – {region.name}"

    def link(self, region: Region) -> str:
        return region.get_absolute_url()

    def items(self, region: Region):
        return region.news.select_related("region", *ITEM_PLAN).order_by("-published_on", "-id")[
            :30
        ]
