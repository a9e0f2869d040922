"""Training: data synthesis for the on-device model."""
