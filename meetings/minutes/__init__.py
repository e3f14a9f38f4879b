"""Minutes: the record of a meeting, its decisions and minuted actions, approval and sign-off."""
