-- Nothing to undo: the rollups are counted again either way.
SELECT 1;
