//! The `corpus` binary: everything lives in `corpus-cli`, so the CLI can be
//! tested as a library and this package's `tests/` drive the real binary.

fn main() -> std::process::ExitCode {
    corpus_cli::main()
}
