from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("nacionalni-pregled/", views.national_document_request, name="national_request"),
    path("nacrt/<slug:slug>/", views.plan_documents, name="plan"),
    path("nacrt/<slug:slug>/pripravi/", views.plan_document_request, name="plan_request"),
    path("<int:pk>/", views.document_status, name="status"),
    path("<int:pk>/stanje/", views.document_status_json, name="status_json"),
    path("<int:pk>/znova/", views.document_retry, name="retry"),
    path("<int:pk>/prenos/", views.document_download, name="download"),
]
