from claimtab.cli.app import main

main()
