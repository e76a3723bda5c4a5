"""Payments on the central server: gateway adapters, intimations, reconciliation."""
