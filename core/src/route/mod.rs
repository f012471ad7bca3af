//! Share (routing): decides which IIS jurisdictions receive each message, explains why, and
//! renders the message as each destination gets it (see issue 6).
