"""The performance pages, under a board: /boards/<slug>/performance/..."""

from .views import entry, indicators, scorecard

app_name = "performance"

# Data entry and imports first: their fixed addresses (.../performance/entry/) come before an indicator's
# (.../performance/<code>/), whose codes may not be those words (services.RESERVED_CODES).
urlpatterns = [*entry.urlpatterns, *indicators.urlpatterns, *scorecard.urlpatterns]
