import BeingCLI

BeingLogging.bootstrap()
BeingCommand.main()
