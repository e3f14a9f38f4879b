"""What django-axes needs from the portal to count guesses: the account tried, and the client address."""

from __future__ import annotations

from axes.helpers import get_client_ip_address


def posted_username(request, credentials: dict | None) -> str:
    """The e-mail address tried, as the account is stored (lower case), so "Chair@…" is the same account."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def client_address(request) -> str:
    """The client's address, by the same rule django-axes uses (see TRUSTED_PROXY_HEADER in settings)."""
    return get_client_ip_address(request) or "unknown"
