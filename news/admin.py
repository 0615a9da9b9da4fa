from django.contrib import admin

from rin_portal.admin_rules import DataRulesAdmin

from .models import NewsItem, PendingSubscription, Subscriber


@admin.register(NewsItem)
class NewsItemAdmin(DataRulesAdmin):
    list_display = ["title", "region", "published_on", "author"]
    list_filter = ["region"]
    search_fields = ["title", "body"]
    list_select_related = ["region", "author"]
    raw_id_fields = ["plan", "report", "author"]
    readonly_fields = ["consultation_ended_at"]


@admin.register(Subscriber)
class SubscriberAdmin(DataRulesAdmin):
    list_display = ["email", "consented_at", "unsubscribed_at"]
    search_fields = ["email"]
    readonly_fields = ["consented_at", "consent_text", "unsubscribed_at"]

    def has_add_permission(self, request):
        return False  # subscribers confirm their own address (double opt-in)


@admin.register(PendingSubscription)
class PendingSubscriptionAdmin(DataRulesAdmin):
    list_display = ["email", "created_at", "used_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "regions", "ip_address", "created_at", "used_at"]

    def has_add_permission(self, request):
        return False
