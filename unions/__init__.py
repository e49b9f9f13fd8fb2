"""The union tree (units, levels, blocs), accounts, roles and login."""
