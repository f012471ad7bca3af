//! Choosing the profile a message claims or fits: MSH-21 first (any repetition naming a
//! profile in the set), else MSH-9 — and for the types several profiles share (QBP, RSP),
//! the query name in QPD-1 and the response's content.

use super::finding::{hl7_error, Finding, Location, Severity};
use super::profile_set::CompiledProfile;
use super::ProfileSet;
use crate::Message;
use std::sync::Arc;

/// The profile for `msg`, or the finding that says why none fits (unsupported message type
/// or event: grounds for an `AR` acknowledgement).
pub(crate) fn select<'p>(
    msg: &Message<'_>,
    set: &'p ProfileSet,
) -> Result<&'p Arc<CompiledProfile>, Box<Finding>> {
    for id in msg.get_all("MSH-21.1").unwrap_or_default() {
        if let Some(p) = set.compiled(id.trim()) {
            return Ok(p);
        }
    }
    let get = |path: &str| {
        msg.get(path)
            .ok()
            .flatten()
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let msg_type = get("MSH-9.1");
    let event = get("MSH-9.2");
    let of_type: Vec<&Arc<CompiledProfile>> = set
        .profiles
        .iter()
        .filter(|p| p.profile.msg_type == msg_type)
        .collect();
    if of_type.is_empty() {
        let msh = msg.segment(0).map_or(0..0, |s| s.range());
        return Err(Box::new(
            Finding::new(
                Severity::Error,
                hl7_error::UNSUPPORTED_MESSAGE_TYPE,
                Some(field_location(9, 1)),
                "message type in MSH-9.1 is not supported by any profile".to_string(),
            )
            .with_range(msh),
        ));
    }
    let of_event: Vec<&Arc<CompiledProfile>> = of_type
        .iter()
        .copied()
        .filter(|p| event.is_empty() || p.profile.event == event || p.profile.msg_type == "ACK")
        .collect();
    if of_event.is_empty() {
        let msh = msg.segment(0).map_or(0..0, |s| s.range());
        return Err(Box::new(
            Finding::new(
                Severity::Error,
                hl7_error::UNSUPPORTED_EVENT,
                Some(field_location(9, 2)),
                "event in MSH-9.2 is not supported for this message type".to_string(),
            )
            .with_range(msh),
        ));
    }
    if of_event.len() == 1 {
        return Ok(of_event[0]);
    }
    let by_id = |id: &str| of_event.iter().copied().find(|p| p.profile.id == id);
    let query = get("QPD-1.1");
    let chosen = match msg_type.as_str() {
        "QBP" => by_id(if query == "Z44" { "Z44" } else { "Z34" }),
        "RSP" => {
            let status = get("QAK-2");
            let pids = msg.segments_by_id("PID").count();
            let id = if matches!(status.as_str(), "NF" | "TM" | "AE" | "AR") || pids == 0 {
                "Z33"
            } else if query == "Z44" {
                "Z42"
            } else if pids > 1 || msg.segments_by_id("RXA").next().is_none() {
                "Z31"
            } else {
                "Z32"
            };
            by_id(id)
        }
        _ => None,
    };
    Ok(chosen.unwrap_or(of_event[0]))
}

fn field_location(field: u32, component: u32) -> Location {
    Location {
        segment: "MSH".to_string(),
        sequence: 1,
        field: Some(field),
        repetition: Some(1),
        component: Some(component),
        subcomponent: None,
    }
}
