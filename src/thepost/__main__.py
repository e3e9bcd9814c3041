from thepost.cli import main

main()
