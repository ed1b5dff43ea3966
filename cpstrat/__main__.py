from cpstrat.cli import main

main()
