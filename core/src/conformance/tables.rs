//! The CDC code tables (CVX, MVX, CVX vaccine groups) behind [`CodeTables`], which documents
//! them: the rows come from `table_data` (the CSV reader shared with the build script).

use super::table_data::{self, CvxRow, MvxRow, TableData};
use crate::{Error, ErrorKind, Result};
use chrono::NaiveDate;
use std::fmt;
use std::sync::{Arc, OnceLock};

pub use super::table_data::CodeStatus;

/// The compiled-in tables, written by the build script from `data/tables/*.csv`.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tables.bin"));

/// One CVX code (CDC's vaccines-administered code set).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CvxCode {
    /// The code as CDC spells it (`08`, `110`).
    pub code: String,
    /// CDC's short description (`DTaP-Hep B-IPV`).
    pub short_description: String,
    /// CDC's status.
    pub status: CodeStatus,
    /// CDC's last-updated date. CDC records no separate inactivation date; see the rules for
    /// how izkit uses this one.
    pub last_updated: Option<NaiveDate>,
    /// CDC vaccine group names (`DTAP`, `HepB`, `POLIO` for 110); empty for codes CDC maps
    /// to no group (immune globulins, 998, 999 ...).
    pub vaccine_groups: Vec<String>,
    /// The CVX code of each vaccine group, in the order of `vaccine_groups` (`107`, `45`,
    /// `89` for 110); empty when the tables were loaded without the vaccine-group file.
    pub vaccine_group_cvx: Vec<String>,
}

/// One MVX code (CDC's manufacturer code set).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MvxCode {
    /// The code (`PMC`).
    pub code: String,
    /// The manufacturer's name (`Sanofi Pasteur`).
    pub name: String,
    /// CDC's status (`Active` or `Inactive`).
    pub status: CodeStatus,
    /// CDC's last-updated date (for an inactive code, in practice the date it became
    /// inactive).
    pub last_updated: Option<NaiveDate>,
}

/// The CDC code tables the validator checks RXA-5 (CVX), RXA-17 (MVX) and OBX-5 vaccine types
/// against: every CVX and MVX code with its CDC status, last-updated date and (for CVX) its
/// vaccine groups.
///
/// The NIST profiles carry CVX and MVX value sets from 2016; CDC has added and retired codes
/// since. izkit therefore checks those codes against these tables instead (see
/// [`rules`](super::rules) for what is checked), and the profile engine skips the CVX, MVX and
/// NDC bindings. NDC codes are not checked at all: there is no NDC table.
///
/// [`CodeTables::builtin`] holds CDC's tables as of 2025-12-09 (288 CVX, 89 MVX codes),
/// compiled into the library from `core/data/tables/`, whose README records where they came
/// from. [`CodeTables::from_csv`] loads a newer download at run time; give it to
/// [`Validator::with_tables`](super::Validator::with_tables).
///
/// Cloning is cheap (the rows are shared), and lookups neither allocate nor copy: they
/// binary-search rows sorted by code. Codes are matched exactly as CDC spells them (`08`, not
/// `8`).
///
/// ```
/// use izkit::conformance::{CodeStatus, CodeTables, Validator};
///
/// let tables = CodeTables::builtin();
/// let dtap_hepb_ipv = tables.cvx("110").unwrap();
/// assert_eq!(dtap_hepb_ipv.status, CodeStatus::Active);
/// assert_eq!(tables.vaccine_groups("110"), ["DTAP", "HepB", "POLIO"]);
/// assert_eq!(tables.mvx("PMC").map(|m| m.name.as_str()), Some("Sanofi Pasteur"));
/// assert!(tables.cvx("1234").is_none());
///
/// // This month's download from CDC, in the layout of `core/data/tables/`:
/// let cvx = "cvx,short_description,status,last_updated\n\
///            08,\"Hep B, adolescent or pediatric\",Active,2024-12-16\n";
/// let mvx = "mvx,manufacturer_name,status,last_updated\n\
///            MSD,\"Merck and Co., Inc.\",Active,2012-10-18\n";
/// let mine = CodeTables::from_csv(cvx, mvx, None)?;
/// assert_eq!((mine.cvx_len(), mine.mvx_len()), (1, 1));
/// let validator = Validator::new().with_tables(mine);
/// assert_eq!(validator.tables().cvx_len(), 1);
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct CodeTables {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Sorted by code (byte order).
    cvx: Vec<CvxCode>,
    /// Sorted by code (byte order).
    mvx: Vec<MvxCode>,
    as_of: String,
}

impl fmt::Debug for CodeTables {
    // A summary: the full tables are hundreds of rows, and a Validator prints its tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeTables")
            .field("cvx_codes", &self.cvx_len())
            .field("mvx_codes", &self.mvx_len())
            .field("as_of", &self.as_of())
            .finish()
    }
}

impl CodeTables {
    /// CDC's tables as of 2025-12-09, compiled into the library (decoded once, on first use).
    pub fn builtin() -> &'static CodeTables {
        static TABLES: OnceLock<CodeTables> = OnceLock::new();
        TABLES.get_or_init(|| {
            let data: TableData = postcard::from_bytes(BLOB)
                .expect("compiled-in code tables decode (written by the build script)");
            CodeTables::from_data(data, "compiled-in CDC tables")
        })
    }

    /// Loads the tables from CDC's CSV reports in the layout of `core/data/tables/` (columns
    /// are found by header name: `cvx`, `short_description`, `status`, `last_updated` and
    /// optionally `vaccine_groups` for CVX; `mvx`, `manufacturer_name`, `status`,
    /// `last_updated` for MVX; `cvx`, `vaccine_group_name` and optionally
    /// `vaccine_group_cvx` for the vaccine groups, which then replace `vaccine_groups`).
    ///
    /// Fails with [`ErrorKind::TableLoad`], naming the file, line and column, when a file is
    /// not well-formed CSV, misses a column, repeats a code, has a status other than CDC's or
    /// a date other than `YYYY-MM-DD`, or when the groups name a CVX code the CVX table lacks.
    pub fn from_csv(cvx_csv: &str, mvx_csv: &str, groups_csv: Option<&str>) -> Result<CodeTables> {
        let data = table_data::read(cvx_csv, mvx_csv, groups_csv).map_err(|e| {
            Error::new(
                ErrorKind::TableLoad {
                    reason: e.to_string(),
                },
                0,
            )
        })?;
        Ok(CodeTables::from_data(data, "CDC tables loaded at run time"))
    }

    fn from_data(data: TableData, origin: &str) -> CodeTables {
        let cvx: Vec<CvxCode> = data.cvx.into_iter().map(CvxCode::from_row).collect();
        let mvx: Vec<MvxCode> = data.mvx.into_iter().map(MvxCode::from_row).collect();
        let newest = |dates: &mut dyn Iterator<Item = Option<NaiveDate>>| {
            dates
                .flatten()
                .max()
                .map_or_else(|| "none".to_string(), |d| d.to_string())
        };
        let as_of = format!(
            "{origin}: {} CVX codes (newest CDC update {}), {} MVX codes (newest CDC update {})",
            cvx.len(),
            newest(&mut cvx.iter().map(|c| c.last_updated)),
            mvx.len(),
            newest(&mut mvx.iter().map(|m| m.last_updated)),
        );
        CodeTables {
            inner: Arc::new(Inner { cvx, mvx, as_of }),
        }
    }

    /// The CVX code, if the table has it.
    pub fn cvx(&self, code: &str) -> Option<&CvxCode> {
        let rows = &self.inner.cvx;
        rows.binary_search_by(|c| c.code.as_str().cmp(code))
            .ok()
            .map(|i| &rows[i])
    }

    /// The MVX code, if the table has it.
    pub fn mvx(&self, code: &str) -> Option<&MvxCode> {
        let rows = &self.inner.mvx;
        rows.binary_search_by(|m| m.code.as_str().cmp(code))
            .ok()
            .map(|i| &rows[i])
    }

    /// The vaccine groups of a CVX code (`["DTAP", "HepB", "POLIO"]` for `110`); empty when
    /// the code is unknown or has no group.
    pub fn vaccine_groups(&self, cvx: &str) -> &[String] {
        self.cvx(cvx).map_or(&[], |c| c.vaccine_groups.as_slice())
    }

    /// Every CVX code, sorted by code (byte order).
    pub fn cvx_codes(&self) -> &[CvxCode] {
        &self.inner.cvx
    }

    /// Every MVX code, sorted by code.
    pub fn mvx_codes(&self) -> &[MvxCode] {
        &self.inner.mvx
    }

    /// Number of CVX codes.
    pub fn cvx_len(&self) -> usize {
        self.inner.cvx.len()
    }

    /// Number of MVX codes.
    pub fn mvx_len(&self) -> usize {
        self.inner.mvx.len()
    }

    /// True when both tables are empty (`CodeTables::default()`): every code is then
    /// unknown.
    pub fn is_empty(&self) -> bool {
        self.inner.cvx.is_empty() && self.inner.mvx.is_empty()
    }

    /// Where the tables come from and how fresh they are, e.g. `compiled-in CDC tables: 288
    /// CVX codes (newest CDC update 2025-11-19), 89 MVX codes (newest CDC update
    /// 2024-12-06)`. Empty for `CodeTables::default()`.
    pub fn as_of(&self) -> &str {
        &self.inner.as_of
    }
}

/// `YYYYMMDD` packed by the table reader (0 = none) as a date.
fn unpack_date(packed: u32) -> Option<NaiveDate> {
    (packed != 0)
        .then(|| {
            NaiveDate::from_ymd_opt((packed / 10_000) as i32, packed / 100 % 100, packed % 100)
        })
        .flatten()
}

impl CvxCode {
    fn from_row(r: CvxRow) -> CvxCode {
        CvxCode {
            code: r.code,
            short_description: r.short_description,
            status: r.status,
            last_updated: unpack_date(r.last_updated),
            vaccine_groups: r.groups,
            vaccine_group_cvx: r.group_cvx,
        }
    }
}

impl MvxCode {
    fn from_row(r: MvxRow) -> MvxCode {
        MvxCode {
            code: r.code,
            name: r.name,
            status: r.status,
            last_updated: unpack_date(r.last_updated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn data_file(name: &str) -> String {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/tables")
            .join(name);
        std::fs::read_to_string(p).unwrap()
    }

    #[test]
    fn builtin_has_every_cdc_code() {
        let t = CodeTables::builtin();
        assert_eq!((t.cvx_len(), t.mvx_len()), (288, 89));
        let count = |s: CodeStatus| t.cvx_codes().iter().filter(|c| c.status == s).count();
        // The counts the table README's check script printed.
        assert_eq!(count(CodeStatus::Active), 113);
        assert_eq!(count(CodeStatus::Inactive), 118);
        assert_eq!(count(CodeStatus::NeverActive), 18);
        assert_eq!(count(CodeStatus::NonUs), 39);
        assert_eq!(count(CodeStatus::Pending), 0);
        let inactive_mvx = t
            .mvx_codes()
            .iter()
            .filter(|m| m.status == CodeStatus::Inactive);
        assert_eq!(inactive_mvx.count(), 53);
        assert!(t.cvx_codes().windows(2).all(|w| w[0].code < w[1].code));
        assert!(t.mvx_codes().windows(2).all(|w| w[0].code < w[1].code));
        assert!(!t.is_empty());
    }

    #[test]
    fn builtin_rows_carry_status_date_and_groups() {
        let t = CodeTables::builtin();
        let c = t.cvx("110").unwrap();
        assert_eq!(c.short_description, "DTaP-Hep B-IPV");
        assert_eq!(c.status, CodeStatus::Active);
        assert_eq!(c.last_updated, date(2010, 5, 28));
        assert_eq!(c.vaccine_groups, ["DTAP", "HepB", "POLIO"]);
        assert_eq!(c.vaccine_group_cvx, ["107", "45", "89"]);
        assert_eq!(t.vaccine_groups("146").len(), 4);
        assert_eq!(t.cvx("213").unwrap().status, CodeStatus::Inactive);
        assert_eq!(t.cvx("213").unwrap().last_updated, date(2025, 9, 9));
        assert_eq!(t.cvx("225").unwrap().status, CodeStatus::NeverActive);
        assert_eq!(t.cvx("102").unwrap().status, CodeStatus::NonUs);
        assert_eq!(t.cvx("998").unwrap().status, CodeStatus::Inactive);
        assert!(t.vaccine_groups("998").is_empty());
        assert!(t.vaccine_groups("nope").is_empty());
        let vbi = t.mvx("VBI").unwrap();
        assert_eq!(
            (vbi.status, vbi.last_updated),
            (CodeStatus::Inactive, date(2024, 12, 6))
        );
        assert_eq!(t.mvx("MSD").unwrap().name, "Merck and Co., Inc.");
        // Exact match only: CDC spells 08 with its zero.
        assert!(t.cvx("8").is_none());
        assert!(t.mvx("pmc").is_none());
        assert_eq!(
            t.as_of(),
            "compiled-in CDC tables: 288 CVX codes (newest CDC update 2025-11-19), \
             89 MVX codes (newest CDC update 2024-12-06)"
        );
    }

    #[test]
    fn the_cvx_column_and_the_groups_file_agree() {
        let (cvx, mvx) = (data_file("cvx.csv"), data_file("mvx.csv"));
        let from_column = CodeTables::from_csv(&cvx, &mvx, None).unwrap();
        let builtin = CodeTables::builtin();
        for (a, b) in from_column.cvx_codes().iter().zip(builtin.cvx_codes()) {
            assert_eq!(a.code, b.code);
            let (mut x, mut y) = (a.vaccine_groups.clone(), b.vaccine_groups.clone());
            // Same groups; the two CDC files list a combination's groups in different orders.
            x.sort();
            y.sort();
            assert_eq!(x, y, "CVX {}", a.code);
            assert!(a.vaccine_group_cvx.is_empty());
            assert_eq!(b.vaccine_group_cvx.len(), b.vaccine_groups.len());
        }
        assert_eq!(
            builtin
                .cvx_codes()
                .iter()
                .filter(|c| c.vaccine_groups.is_empty())
                .count(),
            58
        );
    }

    #[test]
    fn from_csv_reads_quoted_commas() {
        let cvx = "cvx,full_name,short_description,status,last_updated,vaccine_groups\n\
                   110,\"DTaP, hep B, IPV\",\"DTaP-Hep B-IPV, \"\"Pediarix\"\"\",Active,2010-05-28,\"DTAP;HepB;POLIO\"\n";
        let mvx = "mvx,manufacturer_name,status,last_updated,notes\n\
                   SKB,GlaxoSmithKline,Active,2010-05-28,\"includes SmithKline Beecham, Glaxo Wellcome\"\n";
        let t = CodeTables::from_csv(cvx, mvx, None).unwrap();
        let c = t.cvx("110").unwrap();
        assert_eq!(c.short_description, "DTaP-Hep B-IPV, \"Pediarix\"");
        assert_eq!(t.vaccine_groups("110"), ["DTAP", "HepB", "POLIO"]);
        assert_eq!(t.mvx("SKB").unwrap().name, "GlaxoSmithKline");
        assert!(t
            .as_of()
            .starts_with("CDC tables loaded at run time: 1 CVX codes"));
    }

    #[test]
    fn bad_csv_is_a_table_load_error_naming_the_line() {
        let mvx = "mvx,manufacturer_name,status,last_updated\nPMC,Sanofi,Active,2019-05-02\n";
        let cvx = "cvx,short_description,status,last_updated\n03,MMR,Active,2010-05-28\n04,\"M/R,Inactive,2010-05-28\n";
        let e = CodeTables::from_csv(cvx, mvx, None).unwrap_err();
        assert_eq!(e.code(), "table_load");
        match &e.kind {
            ErrorKind::TableLoad { reason } => {
                assert_eq!(
                    reason,
                    "cvx.csv line 3: field 2: quoted value is never closed"
                )
            }
            other => panic!("{other:?}"),
        }
        let e = CodeTables::from_csv("cvx,status\n", mvx, None).unwrap_err();
        assert!(e
            .to_string()
            .contains("cvx.csv line 1: header has no column `short_description`"));
    }

    #[test]
    fn default_is_empty_and_clone_shares_rows() {
        let t = CodeTables::default();
        assert!(t.is_empty());
        assert!(t.cvx("08").is_none());
        assert_eq!(t.as_of(), "");
        let b = CodeTables::builtin().clone();
        assert!(std::ptr::eq(
            b.cvx("08").unwrap(),
            CodeTables::builtin().cvx("08").unwrap()
        ));
        assert_eq!(
            format!("{b:?}"),
            format!(
                "CodeTables {{ cvx_codes: 288, mvx_codes: 89, as_of: {:?} }}",
                b.as_of()
            )
        );
    }
}
