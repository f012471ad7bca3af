//! One pass over the segments of a message, grouping them the way the mapping needs them:
//! patients (PID with its PD1, NK1 and person-level OBX) and, under each, ORDER groups (ORC,
//! RXA, RXR and the OBX that follow), plus the acknowledgement and query segments.
//!
//! The grouping is by position, as the CDC message structures define it, and tolerant: an RXA
//! without an ORC opens its own ORDER group, a second RXA after an ORC opens another.

use crate::{Message, Segment};

/// The most fields of a segment the mapping reads (NK1-33 is the highest it uses).
const MAX_FIELDS: usize = 40;

/// A segment with its field boundaries found once (one `memchr` pass), so that reading any
/// field is O(1): the mapping reads most fields of RXA, PID and ORC, and finding each from
/// the start of the segment would scan it again every time.
#[derive(Clone, Copy)]
pub(crate) struct Seg<'s> {
    text: &'s str,
    /// Byte positions of the field separators (the first `MAX_FIELDS + 1`).
    seps: [u32; MAX_FIELDS + 1],
    count: usize,
    header: bool,
}

impl<'s> Seg<'s> {
    /// Indexes the fields of `seg`.
    pub fn new(seg: &Segment<'s>, field_separator: u8) -> Seg<'s> {
        let text = seg.as_str();
        let mut seps = [0u32; MAX_FIELDS + 1];
        let mut count = 0;
        for (slot, at) in seps
            .iter_mut()
            .zip(memchr::memchr_iter(field_separator, text.as_bytes()))
        {
            *slot = at as u32;
            count += 1;
        }
        Seg {
            text,
            seps,
            count,
            header: seg.id() == "MSH",
        }
    }

    /// The segment id.
    pub fn id(&self) -> &'s str {
        self.text.get(..3).unwrap_or(self.text)
    }

    /// The raw text of field `n` (1-based, MSH-1 being the separator), empty when absent or
    /// past the fields the mapping reads.
    pub fn field(&self, n: usize) -> &'s str {
        let k = if self.header {
            if n == 1 {
                return self.text.get(3..4).unwrap_or("");
            }
            n.saturating_sub(1)
        } else {
            n
        };
        if k == 0 || k > self.count || k > MAX_FIELDS {
            return "";
        }
        let start = self.seps[k - 1] as usize + 1;
        let end = if k < self.count {
            self.seps[k] as usize
        } else {
            self.text.len()
        };
        self.text.get(start..end).unwrap_or("")
    }
}

/// One ORDER group.
#[derive(Default)]
pub(crate) struct Order<'s> {
    /// ORC, when the group has one.
    pub orc: Option<Seg<'s>>,
    /// RXA, when the group has one.
    pub rxa: Option<Seg<'s>>,
    /// RXR, when the group has one.
    pub rxr: Option<Seg<'s>>,
    /// The OBX of the group, in order.
    pub obx: Vec<Seg<'s>>,
}

/// One patient: PID and what belongs to it.
pub(crate) struct PatientGroup<'s> {
    /// PID.
    pub pid: Seg<'s>,
    /// PD1, when present.
    pub pd1: Option<Seg<'s>>,
    /// NK1 segments.
    pub nk1: Vec<Seg<'s>>,
    /// OBX before any ORDER group (person observations).
    pub obx: Vec<Seg<'s>>,
    /// ORDER groups.
    pub orders: Vec<Order<'s>>,
}

/// The segments of a message, grouped.
#[derive(Default)]
pub(crate) struct Doc<'s> {
    /// Patients in message order.
    pub patients: Vec<PatientGroup<'s>>,
    /// MSA, when present.
    pub msa: Option<Seg<'s>>,
    /// ERR segments.
    pub err: Vec<Seg<'s>>,
    /// QAK, when present.
    pub qak: Option<Seg<'s>>,
    /// QPD, when present.
    pub qpd: Option<Seg<'s>>,
}

impl<'s> Doc<'s> {
    /// Groups the segments of `msg` in one pass.
    pub fn read(msg: &'s Message<'_>) -> Doc<'s> {
        let mut doc = Doc::default();
        let fs = msg.delimiters().field;
        for seg in msg.segments() {
            let seg = Seg::new(&seg, fs);
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
