//! Regions from CSV files in the format of `reference/regions` (Kemendagri codes): `code,<parent
//! code>,name`, provinces with `code,name`. A copy of that folder is built into the binary and
//! loaded into every new database (`load_bundled`), so a fresh installation can take reports from
//! anywhere in Indonesia.

use crate::db::DbConn;
use crate::store::regions::{self, RegionRow};
use lapor_types::reference::RegionLevel;
use std::path::Path;

pub const PROVINCES: &str = include_str!("../../reference/regions/provinces.csv");
pub const REGENCIES: &str = include_str!("../../reference/regions/regencies.csv");
pub const DISTRICTS: &str = include_str!("../../reference/regions/districts.csv");
pub const VILLAGES: &str = include_str!("../../reference/regions/villages.csv");

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file} line {line}: {problem}")]
    Row {
        file: String,
        line: usize,
        problem: String,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
}

/// Parses one CSV; the level of each row must be `level`, and its parent the code minus its last
/// part.
pub fn parse(file: &str, text: &str, level: RegionLevel) -> Result<Vec<RegionRow>, ImportError> {
    let bad = |line: usize, problem: String| ImportError::Row {
        file: file.to_owned(),
        line,
        problem,
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| bad(line, e.to_string()))?;
        let code = record.get(0).unwrap_or_default().trim().to_owned();
        let name = record
            .get(record.len().saturating_sub(1))
            .unwrap_or_default()
            .trim()
            .to_owned();
        if RegionLevel::of_code(&code) != Some(level) {
            return Err(bad(
                line,
                format!("{code:?} is not a {} code", level.as_str()),
            ));
        }
        if name.is_empty() {
            return Err(bad(line, "empty name".into()));
        }
        let parent_code = code.rsplit_once('.').map(|(parent, _)| parent.to_owned());
        if record.len() > 2 && record.get(1).map(str::trim) != parent_code.as_deref() {
            return Err(bad(line, format!("parent column does not match {code}")));
        }
        rows.push(RegionRow {
            code,
            name,
            level: level.as_str().to_owned(),
            parent_code,
        });
    }
    Ok(rows)
}

/// The regions built into the binary: every province, regency, district and village.
pub fn bundled() -> Result<Vec<RegionRow>, ImportError> {
    let mut rows = parse("provinces.csv", PROVINCES, RegionLevel::Province)?;
    rows.extend(parse("regencies.csv", REGENCIES, RegionLevel::Regency)?);
    rows.extend(parse("districts.csv", DISTRICTS, RegionLevel::District)?);
    rows.extend(parse("villages.csv", VILLAGES, RegionLevel::Village)?);
    Ok(rows)
}

/// Reads `provinces.csv`, `regencies.csv`, `districts.csv` and every `villages*.csv` found in
/// `dir` (each optional), parents first.
pub fn read_dir(dir: &Path) -> Result<Vec<RegionRow>, ImportError> {
    let mut rows = Vec::new();
    for (name, level) in [
        ("provinces.csv", RegionLevel::Province),
        ("regencies.csv", RegionLevel::Regency),
        ("districts.csv", RegionLevel::District),
    ] {
        let path = dir.join(name);
        if path.exists() {
            rows.extend(parse(name, &std::fs::read_to_string(path)?, level)?);
        }
    }
    let mut villages: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("villages") && n.ends_with(".csv"))
        .collect();
    villages.sort();
    for name in villages {
        let text = std::fs::read_to_string(dir.join(&name))?;
        rows.extend(parse(&name, &text, RegionLevel::Village)?);
    }
    if rows.is_empty() {
        return Err(ImportError::Io(std::io::Error::other(format!(
            "no region CSV files in {}",
            dir.display()
        ))));
    }
    Ok(rows)
}

/// Loads the bundled regions into a database that has none (a new one, after its first migration);
/// returns how many were added. `lapor import-regions` brings later changes.
pub fn load_bundled(conn: &mut DbConn) -> Result<usize, ImportError> {
    if regions::any(conn)? {
        return Ok(0);
    }
    Ok(import(conn, &bundled()?)?.0)
}

/// Writes regions in one transaction; returns (inserted, renamed).
pub fn import(conn: &mut DbConn, rows: &[RegionRow]) -> Result<(usize, usize), ImportError> {
    let codes: std::collections::HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    crate::db::write_transaction(conn, |conn| {
        for row in rows {
            if let Some(parent) = &row.parent_code
                && !codes.contains(parent.as_str())
                && regions::get(conn, parent)?.is_none()
            {
                return Err(ImportError::Row {
                    file: row.code.clone(),
                    line: 0,
                    problem: format!("its parent {parent} is neither in the files nor stored"),
                });
            }
        }
        Ok(regions::upsert(conn, rows)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_is_complete_and_consistent() {
        let rows = bundled().unwrap();
        let count = |level: &str| rows.iter().filter(|r| r.level == level).count();
        assert_eq!(count("province"), 38);
        assert_eq!(count("regency"), 514);
        assert_eq!(count("district"), 7285);
        assert_eq!(count("village"), 83762);
        let tangerang_districts = rows
            .iter()
            .filter(|r| r.parent_code.as_deref() == Some("36.03"))
            .count();
        assert_eq!(tangerang_districts, 29);
    }

    #[test]
    fn bad_rows_are_named() {
        let err = parse(
            "districts.csv",
            "code,regency_code,name\n36.03.01,36.03,Balaraja\n36.03.1,36.03,X\n",
            RegionLevel::District,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "districts.csv line 3: \"36.03.1\" is not a district code"
        );
        let mismatch = parse(
            "districts.csv",
            "code,regency_code,name\n36.03.01,36.04,Balaraja\n",
            RegionLevel::District,
        );
        assert!(mismatch.is_err());
    }
}
