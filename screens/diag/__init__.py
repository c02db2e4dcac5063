"""Technician diagnostics screens: widgets only, driven by kiosk/diag/controller.py."""
