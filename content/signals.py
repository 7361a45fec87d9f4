"""Signals about the guide as a whole."""

from django.dispatch import Signal

# Sent after published content may have changed, so caches of it can be dropped.
guide_changed = Signal()
