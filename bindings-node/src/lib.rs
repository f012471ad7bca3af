//! izkit bindings (being written).
