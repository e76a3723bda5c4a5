"""Self-test steps, one module per feature; each registers with `daftar_cli.selftest.step`
and is listed in `daftar_cli.selftest.STEP_MODULES`."""
