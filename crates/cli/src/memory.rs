//! The process's peak resident memory, for the manifest and the report.

/// Peak resident set size in bytes (`VmHWM` of `/proc/self/status`), on
/// Linux; `None` where the platform does not tell it this way.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn a_running_process_has_a_peak_of_at_least_a_page() {
        let peak = super::peak_rss_bytes().unwrap();
        assert!(peak >= 4096, "{peak}");
    }
}
