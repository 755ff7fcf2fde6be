"""One module (or a few) per notebook: what its page computes and shows. A page imports the core and the table
layer, never another page; ``tests/test_architecture.py`` finds the pages by this folder."""
