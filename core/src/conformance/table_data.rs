//! The CDC code tables as plain data, and the CSV reader that builds them.
//!
//! This file is compiled twice: into the library (for [`CodeTables::from_csv`]) and into the
//! build script (`core/build.rs` includes it by path), which reads `data/tables/*.csv` and
//! stores a [`TableData`] in `OUT_DIR/tables.bin` for [`CodeTables::builtin`]. Both therefore
//! read the files with the same code. It may use only `std` and `serde`: the build script
//! has nothing else (no chrono, so dates stay packed integers here).
//!
//! The files are CDC's reports in the column layout `data/tables/README.md` describes. The
//! reader follows RFC 4180 (quoted fields with embedded commas, quotes and line breaks; CRLF,
//! LF or CR line ends; an optional UTF-8 byte order mark), finds columns by their header name,
//! not their position, and trims spaces around values. Every problem is a [`TableError`] that
//! names the file, the line and the column; nothing here panics on bad input.
//!
//! [`CodeTables::from_csv`]: super::CodeTables::from_csv
//! [`CodeTables::builtin`]: super::CodeTables::builtin

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// File name of the CVX table (CDC `rpt=cvx`), as used in errors and in `data/tables/`.
pub const CVX_FILE: &str = "cvx.csv";
/// File name of the MVX table (CDC `rpt=mvx`).
pub const MVX_FILE: &str = "mvx.csv";
/// File name of the CVX-to-vaccine-group table (CDC `rpt=vax2vg`).
pub const GROUPS_FILE: &str = "cvx-vaccine-group.csv";

/// The status CDC gives a CVX or MVX code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeStatus {
    /// In use (`Active`).
    Active,
    /// No longer in use: kept for historical records (`Inactive`).
    Inactive,
    /// A vaccine not licensed in the US, for doses given abroad (`Non-US`).
    NonUs,
    /// Assigned but never in use: no product was ever available (`Never Active`).
    NeverActive,
    /// Assigned for a product that is not available yet (`Pending`).
    Pending,
}

impl CodeStatus {
    /// CDC's spelling: `Active`, `Inactive`, `Non-US`, `Never Active` or `Pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeStatus::Active => "Active",
            CodeStatus::Inactive => "Inactive",
            CodeStatus::NonUs => "Non-US",
            CodeStatus::NeverActive => "Never Active",
            CodeStatus::Pending => "Pending",
        }
    }

    /// Reads CDC's spelling, ignoring ASCII case and surrounding spaces.
    pub fn from_cdc(text: &str) -> Option<CodeStatus> {
        let t = text.trim();
        [
            CodeStatus::Active,
            CodeStatus::Inactive,
            CodeStatus::NonUs,
            CodeStatus::NeverActive,
            CodeStatus::Pending,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(t))
    }
}

/// The code tables: CVX and MVX rows, each list sorted by code (byte order) so lookups can
/// binary-search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableData {
    /// CVX rows.
    pub cvx: Vec<CvxRow>,
    /// MVX rows.
    pub mvx: Vec<MvxRow>,
}

/// One CVX code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvxRow {
    /// The code as CDC spells it (`08`, `110`).
    pub code: String,
    /// CDC's short description.
    pub short_description: String,
    /// CDC's status.
    pub status: CodeStatus,
    /// CDC's `LastUpdated` as `YYYYMMDD` in one integer (`20101230`); 0 when empty.
    pub last_updated: u32,
    /// CDC vaccine group names (`DTAP`, `HepB`, `POLIO` for CVX 110), in file order.
    pub groups: Vec<String>,
    /// The CVX code of each group, parallel to `groups` (an empty string when the groups
    /// file leaves it empty); empty when the groups came from `cvx.csv`'s own column.
    pub group_cvx: Vec<String>,
}

/// One MVX code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MvxRow {
    /// The code (`PMC`).
    pub code: String,
    /// The manufacturer's name.
    pub name: String,
    /// CDC's status.
    pub status: CodeStatus,
    /// CDC's `Last Updated` as `YYYYMMDD` in one integer; 0 when empty.
    pub last_updated: u32,
}

/// Why a table could not be read: the file, the 1-based line (0 when the problem is not on
/// one line) and what is wrong, naming the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The file (`cvx.csv`).
    pub file: &'static str,
    /// 1-based line where the record starts; 0 for the file as a whole.
    pub line: usize,
    /// What is wrong, naming the column or field.
    pub reason: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.reason)
        } else {
            write!(f, "{} line {}: {}", self.file, self.line, self.reason)
        }
    }
}

impl std::error::Error for TableError {}

pub(crate) fn err(file: &'static str, line: usize, reason: impl Into<String>) -> TableError {
    TableError {
        file,
        line,
        reason: reason.into(),
    }
}

/// Reads the three CDC tables. `groups_csv`, when given, replaces the `vaccine_groups`
/// column of `cvx.csv` and adds each group's CVX code; every CVX code it names must be in
/// `cvx.csv`.
pub fn read(
    cvx_csv: &str,
    mvx_csv: &str,
    groups_csv: Option<&str>,
) -> Result<TableData, TableError> {
    let mut cvx = read_cvx(cvx_csv)?;
    if let Some(groups) = groups_csv {
        apply_groups(&mut cvx, groups)?;
    }
    let mvx = read_mvx(mvx_csv)?;
    Ok(TableData { cvx, mvx })
}

fn read_cvx(text: &str) -> Result<Vec<CvxRow>, TableError> {
    const F: &str = CVX_FILE;
    let table = Csv::parse(F, text)?;
    let code = table.column("cvx")?;
    let short = table.column("short_description")?;
    let status = table.column("status")?;
    let updated = table.column("last_updated")?;
    let groups = table.optional_column("vaccine_groups");
    let mut rows = Vec::with_capacity(table.records.len());
    for rec in &table.records {
        rows.push(CvxRow {
            code: rec.required(&table, code)?.to_string(),
            short_description: rec.get(short).to_string(),
            status: rec.status(&table, status)?,
            last_updated: rec.date(&table, updated)?,
            groups: groups
                .map(|g| {
                    rec.get(g)
                        .split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            group_cvx: Vec::new(),
        });
    }
    sort_unique(&table, code, rows, |r| &r.code)
}

fn read_mvx(text: &str) -> Result<Vec<MvxRow>, TableError> {
    const F: &str = MVX_FILE;
    let table = Csv::parse(F, text)?;
    let code = table.column("mvx")?;
    let name = table.column("manufacturer_name")?;
    let status = table.column("status")?;
    let updated = table.column("last_updated")?;
    let mut rows = Vec::with_capacity(table.records.len());
    for rec in &table.records {
        rows.push(MvxRow {
            code: rec.required(&table, code)?.to_string(),
            name: rec.get(name).to_string(),
            status: rec.status(&table, status)?,
            last_updated: rec.date(&table, updated)?,
        });
    }
    sort_unique(&table, code, rows, |r| &r.code)
}

fn apply_groups(cvx: &mut [CvxRow], text: &str) -> Result<(), TableError> {
    let table = Csv::parse(GROUPS_FILE, text)?;
    let code = table.column("cvx")?;
    let name = table.column("vaccine_group_name")?;
    let group_cvx = table.optional_column("vaccine_group_cvx");
    for row in cvx.iter_mut() {
        row.groups.clear();
    }
    for rec in &table.records {
        let c = rec.required(&table, code)?;
        let n = rec.required(&table, name)?;
        let Ok(i) = cvx.binary_search_by(|r| r.code.as_str().cmp(c)) else {
            return Err(err(
                GROUPS_FILE,
                rec.line,
                format!("column `cvx`: code is not in {CVX_FILE}"),
            ));
        };
        let row = &mut cvx[i];
        row.groups.push(n.to_string());
        row.group_cvx
            .push(group_cvx.map(|g| rec.get(g)).unwrap_or("").to_string());
    }
    Ok(())
}

/// Sorts rows by code and refuses duplicates (naming both lines). `rows` is in record order
/// and `col` is the code's column.
fn sort_unique<T>(
    table: &Csv,
    col: usize,
    mut rows: Vec<T>,
    code: impl Fn(&T) -> &String,
) -> Result<Vec<T>, TableError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (row, rec) in rows.iter().zip(&table.records) {
        if let Some(first) = seen.insert(code(row).as_str(), rec.line) {
            return Err(err(
                table.file,
                rec.line,
                format!(
                    "column `{}`: duplicate code (first on line {first})",
                    table.header[col]
                ),
            ));
        }
    }
    rows.sort_by(|a, b| code(a).cmp(code(b)));
    Ok(rows)
}

/// A CSV file split into a header and records of trimmed values. Also read by the
/// jurisdictions table (`route/jurisdiction_data.rs`), so both tables follow one CSV dialect.
pub(crate) struct Csv {
    pub(crate) file: &'static str,
    pub(crate) header: Vec<String>,
    pub(crate) records: Vec<Record>,
}

/// One data record: the line it starts on and its values.
pub(crate) struct Record {
    pub(crate) line: usize,
    values: Vec<String>,
}

impl Csv {
    /// Splits `text` per RFC 4180. The first non-blank record is the header; blank lines are
    /// skipped; every record must have as many fields as the header.
    pub(crate) fn parse(file: &'static str, text: &str) -> Result<Csv, TableError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut records = split_records(file, text)?.into_iter();
        let Some((_, header)) = records.next() else {
            return Err(err(file, 0, "no header line"));
        };
        let header: Vec<String> = header.into_iter().map(|h| h.trim().to_string()).collect();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(err(file, 1, format!("header field {} is empty", i + 1)));
            }
            if header[..i].iter().any(|g| g.eq_ignore_ascii_case(h)) {
                return Err(err(file, 1, format!("header names column `{h}` twice")));
            }
        }
        let mut out = Vec::new();
        for (line, values) in records {
            if values.len() != header.len() {
                return Err(err(
                    file,
                    line,
                    format!(
                        "record has {} fields but the header has {}",
                        values.len(),
                        header.len()
                    ),
                ));
            }
            out.push(Record {
                line,
                values: values.into_iter().map(|v| v.trim().to_string()).collect(),
            });
        }
        Ok(Csv {
            file,
            header,
            records: out,
        })
    }

    /// The index of a column the file must have.
    pub(crate) fn column(&self, name: &str) -> Result<usize, TableError> {
        self.optional_column(name)
            .ok_or_else(|| err(self.file, 1, format!("header has no column `{name}`")))
    }

    pub(crate) fn optional_column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }
}

impl Record {
    pub(crate) fn get(&self, col: usize) -> &str {
        self.values.get(col).map_or("", String::as_str)
    }

    pub(crate) fn required(&self, t: &Csv, col: usize) -> Result<&str, TableError> {
        let v = self.get(col);
        if v.is_empty() {
            return Err(err(
                t.file,
                self.line,
                format!("column `{}` is empty", t.header[col]),
            ));
        }
        Ok(v)
    }

    fn status(&self, t: &Csv, col: usize) -> Result<CodeStatus, TableError> {
        CodeStatus::from_cdc(self.get(col)).ok_or_else(|| {
            err(
                t.file,
                self.line,
                format!(
                    "column `{}` is not one of Active, Inactive, Non-US, Never Active, Pending",
                    t.header[col]
                ),
            )
        })
    }

    fn date(&self, t: &Csv, col: usize) -> Result<u32, TableError> {
        let v = self.get(col);
        if v.is_empty() {
            return Ok(0);
        }
        pack_date(v).ok_or_else(|| {
            err(
                t.file,
                self.line,
                format!("column `{}` is not a YYYY-MM-DD date", t.header[col]),
            )
        })
    }
}

/// `YYYY-MM-DD` (a real calendar day) as the integer `YYYYMMDD`.
pub fn pack_date(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y > 0 && (1..=days).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

/// Splits CSV text into records of raw (unescaped, untrimmed) fields, each with the 1-based
/// line it starts on. Blank lines are dropped.
pub(crate) fn split_records(
    file: &'static str,
    text: &str,
) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let start_line = line;
        let mut fields = Vec::new();
        loop {
            let field_no = fields.len() + 1;
            let mut value = String::new();
            if b.get(i) == Some(&b'"') {
                // Quoted: runs to the next quote not doubled; may hold commas and line breaks.
                i += 1;
                loop {
                    let Some(q) = text[i..].find('"').map(|q| i + q) else {
                        return Err(err(
                            file,
                            start_line,
                            format!("field {field_no}: quoted value is never closed"),
                        ));
                    };
                    let chunk = &text[i..q];
                    line += count_line_breaks(chunk.as_bytes());
                    value.push_str(chunk);
                    if b.get(q + 1) == Some(&b'"') {
                        value.push('"');
                        i = q + 2;
                    } else {
                        i = q + 1;
                        break;
                    }
                }
                if !matches!(b.get(i), None | Some(b',' | b'\r' | b'\n')) {
                    return Err(err(
                        file,
                        start_line,
                        format!("field {field_no}: text after the closing quote"),
                    ));
                }
            } else {
                let end = b[i..]
                    .iter()
                    .position(|c| matches!(c, b',' | b'\r' | b'\n'))
                    .map_or(b.len(), |p| i + p);
                let raw = &text[i..end];
                if raw.contains('"') {
                    return Err(err(
                        file,
                        start_line,
                        format!("field {field_no}: quote inside a value that is not quoted"),
                    ));
                }
                value.push_str(raw);
                i = end;
            }
            fields.push(value);
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b'\r') => {
                    i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        let blank = fields.len() == 1 && fields[0].trim().is_empty();
        if !blank {
            out.push((start_line, fields));
        }
    }
    Ok(out)
}

/// Line breaks in `b`, counting CRLF once.
fn count_line_breaks(b: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => n += 1,
            b'\r' => {
                n += 1;
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const CVX: &str = "cvx,short_description,status,last_updated,vaccine_groups\n\
                       08,\"Hep B, adolescent or pediatric\",Active,2024-12-16,HepB\n\
                       110,DTaP-Hep B-IPV,Active,2010-05-28,DTAP;HepB;POLIO\n";
    const MVX: &str =
        "mvx,manufacturer_name,status,last_updated\nPMC,Sanofi Pasteur,Active,2019-05-02\n";

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nlast,,\n";
        let recs = split_records("t.csv", text).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(
            recs[1],
            (
                2,
                vec!["x, y".into(), "say \"hi\"".into(), "two\r\nlines".into()]
            )
        );
        // The record after a quoted line break starts on line 5 (line 4 is blank).
        assert_eq!(
            recs[2],
            (5, vec!["last".into(), String::new(), String::new()])
        );
    }

    #[test]
    fn columns_are_found_by_name_not_position() {
        let cvx = "status,vaccine_groups,last_updated,short_description,cvx,notes\n\
                   Non-US,\"DTAP;HIB\",2016-05-20,\"DTP-Hib-Hep B\",102,\"a, b\"\n";
        let data = read(cvx, MVX, None).unwrap();
        let row = &data.cvx[0];
        assert_eq!(row.code, "102");
        assert_eq!(row.status, CodeStatus::NonUs);
        assert_eq!(row.last_updated, 20160520);
        assert_eq!(row.groups, ["DTAP", "HIB"]);
    }

    #[test]
    fn rows_are_sorted_by_code() {
        let data = read(CVX, MVX, None).unwrap();
        let codes: Vec<&str> = data.cvx.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["08", "110"]);
        assert_eq!(
            data.cvx[0].short_description,
            "Hep B, adolescent or pediatric"
        );
        assert_eq!(data.mvx[0].name, "Sanofi Pasteur");
    }

    #[test]
    fn groups_file_replaces_the_column_and_adds_group_cvx() {
        let groups = "cvx,vaccine_group_name,vaccine_group_cvx\n110,DTAP,107\n110,HepB,45\n08,HepB,45\n110,POLIO,89\n";
        let data = read(CVX, MVX, Some(groups)).unwrap();
        let row = data.cvx.iter().find(|r| r.code == "110").unwrap();
        assert_eq!(row.groups, ["DTAP", "HepB", "POLIO"]);
        assert_eq!(row.group_cvx, ["107", "45", "89"]);
        let e = read(CVX, MVX, Some("cvx,vaccine_group_name\n08,HepB\n999,X\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cvx-vaccine-group.csv line 3: column `cvx`: code is not in cvx.csv"
        );
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let cases: [(&str, &str); 8] = [
            ("cvx,short_description,status\n", "cvx.csv line 1: header has no column `last_updated`"),
            ("cvx,short_description,status,last_updated\n01,DTP,Active\n", "cvx.csv line 2: record has 3 fields but the header has 4"),
            ("cvx,short_description,status,last_updated\n01,DTP,Retired,2010-05-28\n", "cvx.csv line 2: column `status` is not one of Active, Inactive, Non-US, Never Active, Pending"),
            ("cvx,short_description,status,last_updated\n01,DTP,Active,5/28/2010\n", "cvx.csv line 2: column `last_updated` is not a YYYY-MM-DD date"),
            ("cvx,short_description,status,last_updated\n01,DTP,Active,2010-02-30\n", "cvx.csv line 2: column `last_updated` is not a YYYY-MM-DD date"),
            ("cvx,short_description,status,last_updated\n01,\"DTP,Active,2010-05-28\n", "cvx.csv line 2: field 2: quoted value is never closed"),
            ("cvx,short_description,status,last_updated\n01,DT\"P,Active,2010-05-28\n", "cvx.csv line 2: field 2: quote inside a value that is not quoted"),
            ("cvx,short_description,status,last_updated\n01,a,Active,\n\n01,b,Active,\n", "cvx.csv line 4: column `cvx`: duplicate code (first on line 2)"),
        ];
        for (text, want) in cases {
            assert_eq!(
                read(text, MVX, None).unwrap_err().to_string(),
                want,
                "{text:?}"
            );
        }
        assert_eq!(
            read(CVX, "", None).unwrap_err().to_string(),
            "mvx.csv: no header line"
        );
        let e = read(
            CVX,
            "mvx,manufacturer_name,status,last_updated\n,X,Active,\n",
            None,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "mvx.csv line 2: column `mvx` is empty"
        );
    }

    #[test]
    fn bom_blank_lines_and_spaces_are_tolerated() {
        let cvx =
            "\u{FEFF}cvx , short_description,status,last_updated\r\n\r\n 08 ,HepB, active ,\r\n";
        let data = read(cvx, MVX, None).unwrap();
        assert_eq!(data.cvx[0].code, "08");
        assert_eq!(data.cvx[0].status, CodeStatus::Active);
        assert_eq!(data.cvx[0].last_updated, 0);
    }

    #[test]
    fn dates_pack_and_check_the_calendar() {
        assert_eq!(pack_date("2024-02-29"), Some(20240229));
        assert_eq!(pack_date("2023-02-29"), None);
        assert_eq!(pack_date("2023-13-01"), None);
        assert_eq!(pack_date("2023-1-01"), None);
        assert_eq!(pack_date("+023-01-01"), None);
    }

    #[test]
    fn statuses_read_cdc_spellings() {
        for s in [
            CodeStatus::Active,
            CodeStatus::Inactive,
            CodeStatus::NonUs,
            CodeStatus::NeverActive,
            CodeStatus::Pending,
        ] {
            assert_eq!(CodeStatus::from_cdc(s.as_str()), Some(s));
        }
        assert_eq!(
            CodeStatus::from_cdc("never active"),
            Some(CodeStatus::NeverActive)
        );
        assert_eq!(CodeStatus::from_cdc("Valid"), None);
    }
}
