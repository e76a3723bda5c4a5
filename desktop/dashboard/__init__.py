"""The dashboard workspace and the reports offices send up (issue 20)."""
