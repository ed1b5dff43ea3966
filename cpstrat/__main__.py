from cpstrat.entry import main

main()
