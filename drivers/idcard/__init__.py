"""Second-generation ID-card readers speaking the SAM serial protocol (see idcard-sam.md)."""
