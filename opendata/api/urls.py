from rest_framework.routers import DefaultRouter

from opendata.api.views import OpenProjectViewSet, PublicationViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("publications", PublicationViewSet, basename="open-publication")
router.register("projects", OpenProjectViewSet, basename="open-project")

urlpatterns = router.urls
