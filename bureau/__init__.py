"""The reference central-bureau service: what terminals talk to in demos, tests and pilots."""
