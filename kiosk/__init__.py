"""Kiosk app core: config, sessions, services, bureau client."""
