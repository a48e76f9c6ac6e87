"""Framework-free building blocks shared by every layer: settings, database, clock, i18n."""
