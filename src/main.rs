//! The `corpus` binary: everything lives in `corpus-cli`, so the CLI can be
//! tested as a library and this package's `tests/` drive the real binary.

// Every stage allocates a string per block and a vector per page on
// several threads; mimalloc's thread-local heaps serve that faster than
// glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    corpus_cli::main()
}
