"""The public Air Force attack table: its pinned releases and where a copy is (``external``), the reader
(``airforce``), who reported a row and what one attack is (``reporters``), the rows classed for analysis
(``table_frame``), and what changed between two releases (``airforce_diff``). It imports the core only."""
