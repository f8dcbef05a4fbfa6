"""Stand-in external systems: a small real HTTP server that behaves like the systems we
integrate with (alarm central, later payroll and economy), for tests and `make run`."""
