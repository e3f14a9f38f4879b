"""What the meetings app tells the apps above it, which it must not import."""

from django.dispatch import Signal

#: Sent (on commit) after every change to a meeting's minutes, with ``minutes=``: the ``actions`` app
#: answers by tracking each minuted action (creating, updating or closing its tracked action).
minutes_saved = Signal()
