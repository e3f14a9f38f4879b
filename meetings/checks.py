"""Deployment checks of the meetings app (``manage.py check --deploy``)."""

from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def signing_key_check(app_configs, **kwargs):
    """Minutes cannot be signed off without the installation's signing key: say so before a chair finds out."""
    from .minutes.signing import SigningUnavailable, certificate_summary

    try:
        certificate_summary()
    except SigningUnavailable as exc:
        return [
            checks.Warning(
                str(exc),
                hint="Run `python manage.py signing_certificate`, or set MINUTES_SIGNING_KEY_FILE and "
                "MINUTES_SIGNING_PASSPHRASE to the organisation's own PKCS#12 file.",
                id="meetings.W001",
            )
        ]
    return []
