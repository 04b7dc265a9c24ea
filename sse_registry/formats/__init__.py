"""Number formats where Django's own locale files leave thousands ungrouped
(settings.FORMAT_MODULE_PATH); everything else comes from Django's. The
separators follow CLDR: Vietnamese and Khmer 1.751,5; Mongolian 1,751.5."""
