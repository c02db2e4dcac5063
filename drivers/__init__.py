"""Device abstraction with real and simulated drivers; knows nothing of Qt or tax."""
