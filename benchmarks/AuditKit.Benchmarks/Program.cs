using BenchmarkDotNet.Running;

// ./build.sh bench --filter '*'            every benchmark (long: the query set builds a 1,000,000-event database once)
// ./build.sh bench --filter '*Record*'     one scenario
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
