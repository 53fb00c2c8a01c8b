-- As SQLite's migration 21: a pot's cells are read over a window of days.
CREATE INDEX fact_cells_pot ON fact_cells (kind, pot_id, day);
