# Django gives the separators ("." and ","), but no grouping.
NUMBER_GROUPING = 3
