"""`python -m mu_cli` runs the command line (the engine itself never imports it)."""

from mu_cli.commands import main

main()
