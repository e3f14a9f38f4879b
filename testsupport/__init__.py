"""Test helpers shared by every app: the browser harness (Playwright with the system Chromium, axe-core)."""
