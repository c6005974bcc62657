// Benchmark entry point; filled in by the parser/scale work.
print("kubehops-bench: nothing to measure yet")
