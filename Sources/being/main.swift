import BeingCLI
import BeingRuntime

ProcessMemory.keepFreedHeap()
BeingLogging.bootstrap()
BeingCommand.main()
