//! Feeds arbitrary bytes to the dataset loader: it must return errors or
//! records, never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = incidents::dataset::load_bytes("fuzz", data);
    let _ = loaded.diagnostics();
    let app = incidents::app::App::new(loaded.dataset, "fuzz");
    let _ = app.detail_view();
});
