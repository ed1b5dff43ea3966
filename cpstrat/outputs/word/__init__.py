"""Word (.docx): the accessible building blocks (docxlib, chart) and one module per document written in Word."""
