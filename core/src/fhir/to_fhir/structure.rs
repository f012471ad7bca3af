//! One pass over the segments of a message, grouping them the way the mapping needs them:
//! patients (PID with its PD1, NK1 and person-level OBX) and, under each, ORDER groups (ORC,
//! RXA, RXR and the OBX that follow), plus the acknowledgement and query segments.
//!
//! The grouping is by position, as the CDC message structures define it, and tolerant: an RXA
//! without an ORC opens its own ORDER group, a second RXA after an ORC opens another.

use crate::{Message, Segment};

/// One ORDER group.
#[derive(Default)]
pub(crate) struct Order<'s> {
    /// ORC, when the group has one.
    pub orc: Option<Segment<'s>>,
    /// RXA, when the group has one.
    pub rxa: Option<Segment<'s>>,
    /// RXR, when the group has one.
    pub rxr: Option<Segment<'s>>,
    /// The OBX of the group, in order.
    pub obx: Vec<Segment<'s>>,
}

/// One patient: PID and what belongs to it.
pub(crate) struct PatientGroup<'s> {
    /// PID.
    pub pid: Segment<'s>,
    /// PD1, when present.
    pub pd1: Option<Segment<'s>>,
    /// NK1 segments.
    pub nk1: Vec<Segment<'s>>,
    /// OBX before any ORDER group (person observations).
    pub obx: Vec<Segment<'s>>,
    /// ORDER groups.
    pub orders: Vec<Order<'s>>,
}

/// The segments of a message, grouped.
#[derive(Default)]
pub(crate) struct Doc<'s> {
    /// Patients in message order.
    pub patients: Vec<PatientGroup<'s>>,
    /// MSA, when present.
    pub msa: Option<Segment<'s>>,
    /// ERR segments.
    pub err: Vec<Segment<'s>>,
    /// QAK, when present.
    pub qak: Option<Segment<'s>>,
    /// QPD, when present.
    pub qpd: Option<Segment<'s>>,
}

impl<'s> Doc<'s> {
    /// Groups the segments of `msg` in one pass.
    pub fn read(msg: &'s Message<'_>) -> Doc<'s> {
        let mut doc = Doc::default();
        for seg in msg.segments() {
            match seg.id() {
                "MSA" => doc.msa = doc.msa.take().or(Some(seg)),
                "ERR" => doc.err.push(seg),
                "QAK" => doc.qak = doc.qak.take().or(Some(seg)),
                "QPD" => doc.qpd = doc.qpd.take().or(Some(seg)),
                "PID" => doc.patients.push(PatientGroup {
                    pid: seg,
                    pd1: None,
                    nk1: Vec::new(),
                    obx: Vec::new(),
                    orders: Vec::new(),
                }),
                id => {
                    let Some(p) = doc.patients.last_mut() else {
                        continue;
                    };
                    match id {
                        "PD1" if p.orders.is_empty() => p.pd1 = p.pd1.take().or(Some(seg)),
                        "NK1" if p.orders.is_empty() => p.nk1.push(seg),
                        "ORC" => p.orders.push(Order {
                            orc: Some(seg),
                            ..Order::default()
                        }),
                        "RXA" => match p.orders.last_mut() {
                            Some(o) if o.rxa.is_none() && o.obx.is_empty() => o.rxa = Some(seg),
                            _ => p.orders.push(Order {
                                rxa: Some(seg),
                                ..Order::default()
                            }),
                        },
                        "RXR" => {
                            if let Some(o) = p.orders.last_mut() {
                                o.rxr = o.rxr.take().or(Some(seg));
                            }
                        }
                        "OBX" => match p.orders.last_mut() {
                            Some(o) => o.obx.push(seg),
                            None => p.obx.push(seg),
                        },
                        _ => {}
                    }
                }
            }
        }
        doc
    }
}
