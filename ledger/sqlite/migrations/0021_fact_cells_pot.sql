-- A pot's cells are read over a window of days (its regret over a year,
-- the legitimacy report's quarter): the primary key orders them by key
-- first, so such a read went through every day of the pot's cells, or
-- through every pot's cells of the window. Cells change their figures far
-- more often than they are added, and a change of figures leaves this
-- index alone.
CREATE INDEX fact_cells_pot ON fact_cells (kind, pot_id, day);
