//! Per-destination transformations of a message: preconditions and edit operations addressed
//! by izkit paths or HAPI-terser paths, with the IZ Gateway transformation service's vocabulary.
