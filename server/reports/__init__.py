"""Report figures the server computes for desks to pull (`server.reports.figures`)."""
