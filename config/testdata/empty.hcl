# nothing configured: every default applies
