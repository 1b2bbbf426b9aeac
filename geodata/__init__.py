"""Scripts that regenerate the country geometries and the places table, with provenance."""
