from django.contrib import admin

from rin_portal.admin_rules import DataRulesAdmin

from .models import AdministrativeUnit, Municipality, Population, Region


@admin.register(Region)
class RegionAdmin(DataRulesAdmin):
    list_display = ["code", "name", "nuts3"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(DataRulesAdmin):
    search_fields = ["name"]


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(DataRulesAdmin):
    list_display = ["code", "name", "region", "administrative_unit", "is_urban"]
    list_filter = ["region", "is_urban"]
    search_fields = ["name", "code"]
    list_select_related = ["region", "administrative_unit"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PopulationInline]
