import BeingCLI

BeingCommand.main()
