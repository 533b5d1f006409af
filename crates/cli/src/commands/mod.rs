//! One file per subcommand.

pub mod dedupe;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod inspect;
pub mod normalize;
pub mod read;
pub mod report;
pub mod segment;
pub mod sharded;
pub mod signals;
mod stage;
