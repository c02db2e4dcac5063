"""Code scanners: a serial line scanner and a camera scanner; both hand over decoded payloads."""
