"""Receipt printer: ESC/POS bytes with our own Chinese text path, status, jobs and a simulator."""
