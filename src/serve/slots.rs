//! How many connections `serve` holds at once, and which one gives way to a newcomer. A
//! connection is *idle* while it waits for a request's headers (just opened, trickling them in,
//! or kept alive between requests) and *busy* while a request is answered, its response's body
//! included. At the limit, a new connection takes the place of the connection idle the
//! longest, which is closed; when every connection is busy, the new one is refused at once.
//! Nothing waits to be accepted: a client that opens thousands of connections and never
//! completes a request (slowloris) delays nobody.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

pub(super) struct Slots {
    limit: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Connections holding a place, idle or busy.
    open: usize,
    /// The idle connections, by when they became idle (a counter): the first is the oldest.
    idle: BTreeMap<u64, Arc<Notify>>,
    next: u64,
}

/// A connection's place, given back when it is dropped.
pub(super) struct Slot {
    slots: Arc<Slots>,
    /// Told when the connection must close to make room.
    pub(super) evicted: Arc<Notify>,
    place: Mutex<Place>,
}

enum Place {
    /// Waiting for a request, under this key of the idle connections (unless another
    /// connection took its place meanwhile: then the key is gone from them).
    Idle(u64),
    /// Answering this many requests.
    Busy(usize),
    /// Its place was given to another connection.
    Evicted,
}

/// Holds a connection busy until dropped (with the response's body, once it is sent).
pub(super) struct Busy(Arc<Slot>);

impl Slots {
    pub(super) fn new(limit: usize) -> Arc<Slots> {
        Arc::new(Slots { limit, state: Mutex::default() })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection, idle from now on; `None` when every place is busy.
    pub(super) fn admit(self: &Arc<Self>) -> Option<Arc<Slot>> {
        let mut state = self.state();
        if state.open >= self.limit {
            let (_, oldest) = state.idle.pop_first()?;
            oldest.notify_one();
        } else {
            state.open += 1;
        }
        let evicted = Arc::new(Notify::new());
        let key = state.idle_key(&evicted);
        Some(Arc::new(Slot { slots: Arc::clone(self), evicted, place: Mutex::new(Place::Idle(key)) }))
    }
}

impl State {
    fn idle_key(&mut self, evicted: &Arc<Notify>) -> u64 {
        let key = self.next;
        self.next += 1;
        self.idle.insert(key, Arc::clone(evicted));
        key
    }
}

impl Slot {
    fn place(&self) -> MutexGuard<'_, Place> {
        self.place.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The connection answers a request until the guard is dropped.
    pub(super) fn busy(self: &Arc<Self>) -> Busy {
        let mut place = self.place();
        *place = match *place {
            Place::Idle(key) if self.slots.state().idle.remove(&key).is_some() => Place::Busy(1),
            Place::Idle(_) | Place::Evicted => Place::Evicted,
            Place::Busy(n) => Place::Busy(n + 1),
        };
        Busy(Arc::clone(self))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut place = self.0.place();
        match *place {
            Place::Busy(1) => *place = Place::Idle(self.0.slots.state().idle_key(&self.0.evicted)),
            Place::Busy(n) => *place = Place::Busy(n - 1),
            Place::Idle(_) | Place::Evicted => {}
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.slots.state();
        let held = match *self.place.get_mut().unwrap_or_else(|e| e.into_inner()) {
            Place::Idle(key) => state.idle.remove(&key).is_some(),
            Place::Busy(_) => true,
            Place::Evicted => false,
        };
        if held {
            state.open -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_idle_connection_gives_way_and_busy_ones_never_do() {
        let slots = Slots::new(2);
        let (first, second) = (slots.admit().unwrap(), slots.admit().unwrap());
        let answering = second.busy();
        let third = slots.admit().expect("the idle one gives way");
        assert!(matches!(*first.place(), Place::Idle(_)));
        drop(first.busy());
        assert!(matches!(*first.place(), Place::Evicted), "evicted stays evicted");
        let answering_too = third.busy();
        assert!(slots.admit().is_none(), "every place busy: refused");
        drop(answering);
        let fourth = slots.admit().expect("idle again once answered");
        drop((answering_too, first, third, fourth, second));
        assert_eq!(slots.state().open, 0);
        assert!(slots.state().idle.is_empty());
    }
}
