"""Screens for the step kinds of service flows; each kind is implemented once."""
