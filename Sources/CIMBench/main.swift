import CIMHardware

// Benchmarks are added by the benchmark issue; this prints the chip under test.
print("cimnas-bench: default chip has \(HardwareConfig.cimnasDefault.macroCount) macros")
PredictorBenchmark.run()
