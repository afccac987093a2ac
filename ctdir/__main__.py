from ctdir.cli import main

main()
