from cpstrat.commands.check import main

main()
