"""Payroll (lønn): hours per pay period, unit and staff member, closed periods with delta
lines for later corrections, and the period's CSV file pushed to the payroll system over
the outbox."""
