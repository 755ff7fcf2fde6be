"""The public Air Force attack table. ``external``: its pinned releases and where a copy is; ``reader`` (with
``csvfast``, ``text``, ``gazetteer``, ``errors``): a copy read with a load report; ``adapter``: the copy in the
strikes schema, one attack per post; ``reporters``: who reported a row and what one attack is;
``table_frame``: the rows classed for analysis; ``air_war``: the whole air war computed from them (periods,
rates under both definitions, attacks, places, reporters); ``airforce_diff``: what changed between two releases;
``airforce``: the reader's names gathered under one. It imports the core only, never a page."""
