//! The public code-table API from outside the crate: the compiled-in tables, loading CDC's
//! CSV files at run time, and handing tables to a validator.

use izkit::conformance::{CodeStatus, CodeTables, Validator};
use izkit::ErrorKind;

fn data_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/tables")
        .join(name);
    std::fs::read_to_string(path).expect("table file")
}

#[test]
fn code_tables_are_cheap_shared_values() {
    fn assert_traits<T: Clone + std::fmt::Debug + Default + Send + Sync + 'static>() {}
    assert_traits::<CodeTables>();
}

#[test]
fn loading_the_data_files_at_run_time_gives_the_compiled_in_tables() {
    // The build script and from_csv share one reader: the same files give the same rows.
    let loaded = CodeTables::from_csv(
        &data_file("cvx.csv"),
        &data_file("mvx.csv"),
        Some(&data_file("cvx-vaccine-group.csv")),
    )
    .unwrap();
    let builtin = CodeTables::builtin();
    assert_eq!(loaded.cvx_codes(), builtin.cvx_codes());
    assert_eq!(loaded.mvx_codes(), builtin.mvx_codes());
    assert!(builtin
        .as_of()
        .starts_with("compiled-in CDC tables: 288 CVX codes"));
    assert!(loaded
        .as_of()
        .starts_with("CDC tables loaded at run time: 288 CVX codes"));
}

#[test]
fn lookups_by_code() {
    let t = CodeTables::builtin();
    let hepb = t.cvx("08").unwrap();
    assert_eq!(hepb.status, CodeStatus::Active);
    assert_eq!(hepb.vaccine_groups, ["HepB"]);
    assert_eq!(t.cvx("102").map(|c| c.status.as_str()), Some("Non-US"));
    assert_eq!(t.mvx("OTC").map(|m| m.status), Some(CodeStatus::Inactive));
    assert_eq!(
        t.vaccine_groups("146"),
        ["DTAP", "HepB", "HIB", "POLIO"],
        "groups in the groups file's order"
    );
    assert!(t.mvx("ZZZ").is_none());
}

#[test]
fn a_bad_file_is_a_table_load_error() {
    let mvx = data_file("mvx.csv");
    let cvx = data_file("cvx.csv").replacen(",Active,", ",Retired,", 1);
    let e = CodeTables::from_csv(&cvx, &mvx, None).unwrap_err();
    assert_eq!(e.code(), "table_load");
    let ErrorKind::TableLoad { reason } = &e.kind else {
        panic!("{e:?}")
    };
    assert!(
        reason.starts_with("cvx.csv line 4: column `status`"),
        "{reason}"
    );
    let groups = "cvx,vaccine_group_name\n9999,Nothing\n";
    let e = CodeTables::from_csv(&data_file("cvx.csv"), &mvx, Some(groups)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "byte 0: cannot load code table: cvx-vaccine-group.csv line 2: column `cvx`: code is not in cvx.csv"
    );
}

#[test]
fn a_validator_uses_the_tables_it_is_given() {
    let cvx = "cvx,short_description,status,last_updated\n08,Hep B,Active,2024-12-16\n";
    let mvx = "mvx,manufacturer_name,status,last_updated\nMSD,Merck,Active,2012-10-18\n";
    let tables = CodeTables::from_csv(cvx, mvx, None).unwrap();
    let v = Validator::new().with_tables(tables);
    assert_eq!((v.tables().cvx_len(), v.tables().mvx_len()), (1, 1));
    assert_eq!(Validator::new().tables().cvx_len(), 288);
}
