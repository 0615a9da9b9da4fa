from django.contrib import admin

from .models import NewsItem, PendingSubscription, Subscriber


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "published_on", "author"]
    list_filter = ["region"]
    search_fields = ["title", "body"]
    list_select_related = ["region", "author"]
    raw_id_fields = ["plan", "report", "author"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "consented_at", "unsubscribed_at"]
    search_fields = ["email"]
    readonly_fields = ["consented_at", "consent_text", "unsubscribed_at"]


@admin.register(PendingSubscription)
class PendingSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "used_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "regions", "ip_address", "created_at", "used_at"]
