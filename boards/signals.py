"""What the boards app tells the apps above it, which it must not import."""

from django.dispatch import Signal

#: Sent by :func:`boards.services.board_create` (and the admin) once a new board is saved; ``board=``.
#: The meetings app answers by giving the board the standard standing items.
board_created = Signal()
