"""The performance pages, under a board: /boards/<slug>/performance/..."""

from .views import entry, indicators, scorecard

app_name = "performance"

urlpatterns = [*indicators.urlpatterns, *entry.urlpatterns, *scorecard.urlpatterns]
