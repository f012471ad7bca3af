//! Where parsed messages live: a per-thread table of [`Stored`] messages addressed by a small
//! integer handle.
//!
//! A JavaScript `Message` (defined in `index.js`) holds only its handle, in a private field,
//! and registers itself with a `FinalizationRegistry` that frees the slot once the object is
//! collected. This is measurably cheaper than a napi-wrapped class per message (no
//! `napi_new_instance`/`napi_wrap` per parse, no unwrap per call), and entirely safe code: a
//! handle is an index checked on every use.
//!
//! Node runs each worker thread with its own copy of the addon state, so the table is
//! thread-local; handles never cross threads (the field holding them is private, so structured
//! clone does not copy it).
//!
//! The bytes the table holds are reported to V8 (`napi_adjust_external_memory`) in steps of
//! [`REPORT_STEP`], so the garbage collector sees the native memory behind small JS objects.

use crate::message::Stored;
use napi::Env;
use std::cell::RefCell;

/// Report native memory to V8 once this many bytes have been added or freed since the last
/// report.
const REPORT_STEP: i64 = 1 << 20;

#[derive(Default)]
struct Store {
    slots: Vec<Option<Stored>>,
    free: Vec<u32>,
    /// Bytes added (positive) or freed (negative) since the last report to V8.
    unreported: i64,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

fn report(env: &Env, store: &mut Store, bytes: i64) {
    store.unreported += bytes;
    if store.unreported.abs() >= REPORT_STEP {
        // Only a hint to the GC: a failure to report changes nothing else.
        let _ = env.adjust_external_memory(store.unreported);
        store.unreported = 0;
    }
}

/// Stores a message and returns its handle.
pub(crate) fn insert(env: &Env, m: Stored) -> u32 {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        let bytes = m.footprint() as i64;
        let h = match s.free.pop() {
            Some(h) => {
                s.slots[h as usize] = Some(m);
                h
            }
            None => {
                s.slots.push(Some(m));
                (s.slots.len() - 1) as u32
            }
        };
        report(env, &mut s, bytes);
        h
    })
}

/// Frees the message behind `h` (a no-op for an unknown or already freed handle).
pub(crate) fn free(env: &Env, h: u32) {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(m) = s.slots.get_mut(h as usize).and_then(Option::take) {
            s.free.push(h);
            let bytes = m.footprint() as i64;
            drop(m);
            report(env, &mut s, -bytes);
        }
    })
}

/// Runs `f` on the message behind `h`. `f` must not call into JavaScript (convert its result
/// after this returns).
pub(crate) fn with<R>(h: u32, f: impl FnOnce(&Stored) -> R) -> napi::Result<R> {
    STORE.with(|s| {
        let s = s.borrow();
        match s.slots.get(h as usize).and_then(Option::as_ref) {
            Some(m) => Ok(f(m)),
            None => Err(napi::Error::new(
                napi::Status::InvalidArg,
                "izkit: not a live Message handle",
            )),
        }
    })
}
