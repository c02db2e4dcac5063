"""Technician diagnostics: entry (gesture + PIN, or a technician card), checks, support bundle, audit."""
