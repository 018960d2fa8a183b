import datetime

# The day the demo portfolio is seeded as of in tests: a fixed day, so the demo's milestone statuses, reporting
# history and random draws are the same on every run, whatever the calendar says.
DEMO_DAY = datetime.date(2026, 11, 27)
