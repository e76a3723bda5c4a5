"""Roles have one meaning: what roles.json lists for a role is what each command
declares where it is registered."""

from __future__ import annotations

from domain.commands import CATALOGUE
from domain.commands.catalogue import SPECS
from domain.models import SYNCED_TABLES
from domain.roles import may_run, roles, tables_for


def test_every_command_names_the_roles_that_roles_json_gives_it():
    for name, spec in SPECS.items():
        listed = {key for key, role in roles().items() if name in role.commands}
        assert listed == spec.roles, name


def test_every_desk_command_has_a_role_and_server_only_ones_none():
    assert set(SPECS) == set(CATALOGUE)
    for name, spec in SPECS.items():
        assert bool(spec.roles) != spec.server_only, name
    assert SPECS["record_payment"].server_only


def test_roles_name_only_known_commands_and_tables():
    for role in roles().values():
        assert role.commands <= set(CATALOGUE), role.key
        assert role.tables <= set(SYNCED_TABLES), role.key
        assert role.name_ur and role.name_en


def test_attesting_a_mutation_is_the_revenue_officers_alone():
    assert may_run(["revenue_officer"], "attest_mutation")
    assert not may_run(["mutation_clerk", "supervisor", "help_desk"], "attest_mutation")
    assert not may_run(["help_desk"], "approve_application")
    assert "licence_applications" not in tables_for(["help_desk", "prison_staff"])
