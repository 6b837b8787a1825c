"""Project archives: every row of a project in one zip, to back it up or move it to another database."""
