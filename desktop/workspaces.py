"""The workspaces Daftar ships, in navigation order.

Each issue that builds a workspace replaces its placeholder here with one line
(`registry.replace(MutationWorkspace)`); the main window reads this list and is not
changed.
"""

from __future__ import annotations

from desktop.workspace import PLANNED, WorkspaceRegistry, later


def default_registry() -> WorkspaceRegistry:
    from desktop.dashboard.workspace import DashboardWorkspace
    from desktop.licences.controller import LicenceController
    from desktop.mutations.controller import MutationController

    registry = WorkspaceRegistry()
    registry.register(LicenceController)
    for key, title in PLANNED:
        registry.register(later(key, title, attention=key == "inbox"))
    registry.replace(MutationController)
    from desktop.inbox.workspace import InboxWorkspace
    from desktop.payments.workspace import PaymentsWorkspace
    from desktop.visits.controller import VisitsWorkspace

    registry.replace(VisitsWorkspace)
    registry.replace(InboxWorkspace)
    registry.replace(PaymentsWorkspace)
    registry.replace(DashboardWorkspace)
    return registry
