"""Placeholder: the browser harness is being written."""
