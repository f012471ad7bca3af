//! Text values: ID/IS ([`Code`], a coded value from a table) and ST/TX/FT ([`Text`], free
//! text).
//!
//! Both decode escape sequences (`O\T\Brien` reads `O&Brien`) and borrow the raw text when it
//! holds none. Neither trims nor collapses whitespace: TX keeps its repeated spaces.

use super::parts::error;
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use crate::v2::escape;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A coded value (ID or IS), such as `MR`, `PRN` or `CVX`: non-empty, without delimiters.
///
/// ```
/// use izkit::datatypes::Code;
/// use izkit::v2::Delimiters;
/// let d = Delimiters::default();
/// assert_eq!(Code::parse("MR", &d)?.as_str(), "MR");
/// assert!(Code::parse("MR^X", &d).is_err());
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Code<'a>(Cow<'a, str>);

impl<'a> Code<'a> {
    /// Reads an ID or IS value. A field, component, repetition or subcomponent separator in
    /// `raw` is an error; escape sequences are decoded.
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        const ID: &str = "ID";
        let structural = [d.field, d.component, d.repetition, d.subcomponent];
        if let Some(at) = raw.bytes().position(|b| structural.contains(&b)) {
            return Err(error(ID, "contains a delimiter", at));
        }
        let text = escape::decode(raw, d);
        if text.is_empty() {
            return Err(error(ID, "value is empty", 0));
        }
        Ok(Code(text))
    }

    /// The decoded code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the code equals `other`, ignoring ASCII case (HL7 tables are upper case, but
    /// senders are not always).
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Code<'static> {
        Code(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Code<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Free text (ST, TX or FT), with escape sequences decoded and whitespace kept as sent.
///
/// ```
/// use izkit::datatypes::Text;
/// use izkit::v2::Delimiters;
/// let t = Text::parse(r"O\T\Brien  clinic", &Delimiters::default())?;
/// assert_eq!(t.as_str(), "O&Brien  clinic");
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Reads an ST, TX or FT value: all of `raw`, decoded. Only an empty value is an error; a
    /// stray unescaped separator is kept as text (senders often write `Smith & Sons`).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        let text = escape::decode(raw, d);
        if text.is_empty() {
            return Err(error("ST", "value is empty", 0));
        }
        Ok(Text(text))
    }

    /// The decoded text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded text, taken out.
    pub fn into_inner(self) -> Cow<'a, str> {
        self.0
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        let d = Delimiters::default();
        assert!(matches!(
            Code::parse("CVX", &d).unwrap().0,
            Cow::Borrowed("CVX")
        ));
        assert!(Code::parse("cvx", &d).unwrap().eq_ignore_case("CVX"));
        for bad in ["A^B", "A&B", "A~B", "A|B"] {
            let e = Code::parse(bad, &d).unwrap_err();
            assert_eq!(
                e.kind,
                ErrorKind::Datatype {
                    datatype: "ID",
                    reason: "contains a delimiter"
                }
            );
            assert_eq!(e.offset, 1);
        }
        assert_eq!(Code::parse(r"A\S\B", &d).unwrap().as_str(), "A^B");
        assert!(Code::parse("", &d).is_err());
        assert!(Code::parse(r"\H\", &d).is_err());
    }

    #[test]
    fn texts() {
        let d = Delimiters::default();
        assert_eq!(Text::parse("a   b ", &d).unwrap().as_str(), "a   b ");
        assert_eq!(
            Text::parse(r"line\.br\two", &d).unwrap().to_string(),
            "line\ntwo"
        );
        assert_eq!(
            Text::parse("Smith & Sons", &d).unwrap().as_ref(),
            "Smith & Sons"
        );
        assert!(Text::parse("", &d).is_err());
        let owned = Text::parse("x", &d).unwrap().into_owned();
        assert_eq!(serde_json::to_string(&owned).unwrap(), "\"x\"");
    }

    proptest! {
        #[test]
        fn text_decodes_what_encode_wrote(s in "\\PC{1,32}") {
            let d = Delimiters::default();
            let raw = escape::encode(&s, &d);
            let text = Text::parse(&raw, &d).unwrap();
            prop_assert_eq!(text.as_str(), s.as_str());
            if let Ok(code) = Code::parse(&raw, &d) {
                prop_assert_eq!(code.as_str(), s.as_str());
            }
        }
    }
}
