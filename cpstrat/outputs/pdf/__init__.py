"""Tagged PDF, converted from the Word documents through LibreOffice."""
