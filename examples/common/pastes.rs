//! The pasted logs the browser benchmarks search with.

/// A ~2 KB log: lines of routine output around `message` (one entry's error line), with the
/// ids, times and addresses a real log has; `seed` varies them.
pub(crate) fn log_around(message: &str, seed: usize) -> String {
    let mut log = String::new();
    let mut i = 0;
    while log.len() < 2000 {
        if i == 9 {
            log.push_str(&format!(
                "2026-11-23T10:{:02}:{:02}.{:03}Z ERROR [task {:08x}] {}\n",
                i,
                seed % 60,
                i * 7,
                seed * 31 + i,
                message
            ));
        } else {
            log.push_str(&format!(
                "2026-11-23T10:{:02}:{:02}.{:03}Z INFO  [req {:08x}-{:04x}] GET /api/v1/items/{} 200 in {}ms from 10.0.{}.{}\n",
                i,
                seed % 60,
                i * 13,
                seed * 7 + i,
                i * 3,
                seed * 100 + i,
                i * 3 + 1,
                i % 255,
                (seed + i) % 255
            ));
        }
        i += 1;
    }
    log
}
