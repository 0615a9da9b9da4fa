import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region
from rin_portal.markup import render_markdown

from .models import NewsItem


class LatestNews(Feed):
    """Atom feed of every region's news."""

    feed_type = Atom1Feed
    title = _("RIN portal: news")
    subtitle = _("News of the regional coordination groups for social care")
    link = "/"

    def items(self):
        return NewsItem.objects.select_related("region").order_by("-published_on", "-id")[:30]

    def item_title(self, item: NewsItem) -> str:
        return f"{item.region.name}: {item.title}"

    def item_description(self, item: NewsItem) -> str:
        return render_markdown(item.body)

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
        return self.item_pubdate(item)


class RegionNews(LatestNews):
    def get_object(self, request, region_slug: str) -> Region:
        return get_object_or_404(Region, slug=region_slug)

    def title(self, region: Region) -> str:
        return f"{_('RIN portal')} – {region.name}"

    def link(self, region: Region) -> str:
        return region.get_absolute_url()

    def items(self, region: Region):
        return region.news.select_related("region").order_by("-published_on", "-id")[:30]
