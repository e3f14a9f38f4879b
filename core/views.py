"""What every view of the portal shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


def require_perm(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, against the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
