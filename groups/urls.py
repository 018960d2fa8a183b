from django.urls import path

from groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/meetings/new/", views.meeting_schedule, name="meeting_schedule"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("action-items/<int:pk>/status/", views.action_item_status, name="action_item_status"),
    path("calendar/", views.calendar_feeds, name="calendar_feeds"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
