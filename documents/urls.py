from django.urls import path

from documents import views

urlpatterns = [
    path("projects/<str:code>/documents/", views.project_documents, name="project_documents"),
    path("documents/attach/<str:kind>/<int:pk>/", views.attach, name="document_attach"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/download/", views.download, name="document_download"),
    path("documents/<int:pk>/v<int:number>/download/", views.download, name="document_version_download"),
    path("documents/<int:pk>/delete/", views.delete, name="document_delete"),
    path("documents/<int:pk>/restore/", views.restore, name="document_restore"),
]
