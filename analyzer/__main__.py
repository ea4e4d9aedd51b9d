"""``python -m analyzer`` runs the ``mohinh`` command line."""

from analyzer.cli import main

main()
