# One date format in both languages: ISO 8601 with zero padding (2026-11-30), as in the exports and the API, so a
# date reads the same on a page, in a spreadsheet and in a report. (Django's Korean default is "2026-11-30." for
# short dates without padding: "2026-12-1.")
DATE_FORMAT = SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
