from policyatlas.cli import main

main()
