"""Documents the kiosk prints: data models rendered to receipt ESC/POS and to A4 pages."""
