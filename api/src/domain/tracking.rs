//! Tracking ids (nomor tracking): short, typeable, unguessable. Ten symbols from a 30-letter
//! alphabet without look-alikes (no 0/O, 1/I/L, U) — 49 bits from the OS's random source, shown as
//! `LPR-XXXXX-XXXXX`. They open a report's public status page, so they must not be enumerable.

use rand::Rng;

const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

pub fn generate() -> String {
    let mut rng = rand::rngs::OsRng;
    let mut pick = || char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]);
    let first: String = (0..5).map(|_| pick()).collect();
    let second: String = (0..5).map(|_| pick()).collect();
    format!("LPR-{first}-{second}")
}

/// Reads what people type — any case, with or without the `LPR` prefix, dashes or spaces — into
/// the canonical form; `None` when it cannot be a tracking id.
pub fn normalize(input: &str) -> Option<String> {
    let cleaned: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let body = cleaned.strip_prefix("LPR").unwrap_or(&cleaned);
    if body.len() != 10 || !body.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("LPR-{}-{}", &body[..5], &body[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_well_formed_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..2000).map(|_| generate()).collect();
        assert_eq!(ids.len(), 2000);
        for id in &ids {
            assert_eq!(id.len(), 15);
            assert_eq!(normalize(id).as_deref(), Some(id.as_str()));
        }
    }

    #[test]
    fn typed_ids_are_read_leniently() {
        assert_eq!(
            normalize("lpr 23456 789ab").as_deref(),
            Some("LPR-23456-789AB")
        );
        assert_eq!(normalize("23456789AB").as_deref(), Some("LPR-23456-789AB"));
        assert_eq!(normalize("LPR-23456-789A"), None, "too short");
        assert_eq!(
            normalize("LPR-O0000-11111"),
            None,
            "look-alikes are not symbols"
        );
        assert_eq!(normalize("' OR 1=1 --"), None);
    }
}
