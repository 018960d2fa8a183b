from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/preferences/", views.notification_preferences, name="notification_preferences"),
    path("notifications/unsubscribe/<str:token>/", views.notification_unsubscribe, name="notification_unsubscribe"),
    path("views/", views.saved_view_list, name="saved_view_list"),
    path("views/<int:pk>/notify/", views.saved_view_notify, name="saved_view_notify"),
    path("views/<int:pk>/delete/", views.saved_view_delete, name="saved_view_delete"),
]
