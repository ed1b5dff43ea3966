"""Document templates a council can restyle (shipped as cpstrat.templates)."""
