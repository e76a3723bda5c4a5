"""The workspaces Daftar ships, in navigation order.

The main window reads this list and names no workspace: a new workspace is one line here.
"""

from __future__ import annotations

from desktop.workspace import WorkspaceRegistry


def default_registry() -> WorkspaceRegistry:
    from desktop.dashboard.workspace import DashboardWorkspace
    from desktop.inbox.workspace import InboxWorkspace
    from desktop.licences.controller import LicenceController
    from desktop.mutations.controller import MutationController
    from desktop.payments.workspace import PaymentsWorkspace
    from desktop.visits.controller import VisitsWorkspace

    registry = WorkspaceRegistry()
    for cls in (
        LicenceController,
        MutationController,
        VisitsWorkspace,
        PaymentsWorkspace,
        InboxWorkspace,
        DashboardWorkspace,
    ):
        registry.register(cls)
    return registry
