from django.urls import path

from .views import filing, reports, review, spreadsheets

app_name = "progress"

REPORT = "nacrti/<slug:slug>/porocila/<int:year>/"

urlpatterns = [
    path("letna-porocila/", reports.dashboard, name="dashboard"),
    path("nacrti/<slug:slug>/porocila/", reports.plan_reports, name="plan_reports"),
    path("nacrti/<slug:slug>/porocila/odpri/", reports.report_open, name="open"),
    path(
        "nacrti/<slug:slug>/porocila/programi.xlsx",
        spreadsheets.programmes_export,
        name="programmes_export",
    ),
    path(REPORT, reports.report_detail, name="report"),
    path(f"{REPORT}dokazila/<int:pk>/", reports.evidence_download, name="evidence"),
    path(f"{REPORT}uredi/", filing.report_grid, name="grid"),
    path(f"{REPORT}oddaj/", filing.report_submit, name="submit"),
    path(f"{REPORT}pregled/", review.report_review, name="review"),
    path(f"{REPORT}vrni/", review.report_return, name="return"),
    path(f"{REPORT}odobri/", review.report_approve, name="approve"),
    path(f"{REPORT}ponovno-odpri/", review.report_reopen, name="reopen"),
    path(f"{REPORT}porocilo.xlsx", spreadsheets.report_export, name="export"),
    path(f"{REPORT}uvoz/", spreadsheets.report_import, name="import"),
    path(f"{REPORT}uvoz/potrdi/", spreadsheets.report_import_confirm, name="import_confirm"),
]
