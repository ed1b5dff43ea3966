"""Excel round trip: import an action plan, export the plan, update forms and collecting them.

Every module here imports openpyxl itself, and only the xlsx commands import
these modules, so `cpstrat check` never pays for openpyxl.
"""
