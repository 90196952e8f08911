// The Python binding of the torch package (filled in by dsl/bindings/torch_*.ts).
