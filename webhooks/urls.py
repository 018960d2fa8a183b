from django.urls import path

from webhooks import views

urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("members/<slug:slug>/chat-channels/", views.organization_channels, name="organization_channels"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/ping/", views.webhook_ping, name="webhook_ping"),
    path("webhooks/<int:pk>/rotate-secret/", views.webhook_rotate_secret, name="webhook_rotate_secret"),
    path("webhooks/<int:pk>/disable/", views.webhook_disable, name="webhook_disable"),
    path("webhooks/<int:pk>/lift/", views.webhook_lift, name="webhook_lift"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/replay/", views.webhook_replay, name="webhook_replay"),
    path("webhooks/<int:pk>/deliveries/<int:delivery>/redeliver/", views.webhook_redeliver, name="webhook_redeliver"),
]
