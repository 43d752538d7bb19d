//! Use cases between the routes and the store: each takes a connection, the caller and a typed
//! request, asks `domain/policy.rs` who may, and answers a typed result or an `ApiError`. HTTP
//! handlers, background jobs and integrations call the same functions; no route module imports
//! another.

pub mod accounts;
pub mod api_keys;
pub mod attachments;
pub mod coordination;
pub mod dispositions;
pub mod filing;
pub mod followups;
pub mod national;
pub mod reports;
pub mod webhooks;

use crate::error::ApiError;

/// A command's body as the caller sent it, opened (and its refusal given) only after the
/// caller's right to act on the object is checked, so that 404 and 403 for the object come
/// before 400/413/415/422 for the body (docs/API-CONVENTIONS.md). HTTP handlers get one from the
/// request (`routes::extract`); jobs and integrations pass a body they built (`Later::from(Ok(…))`).
pub struct Later<T>(Result<T, ApiError>);

impl<T> Later<T> {
    pub fn open(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T> From<Result<T, ApiError>> for Later<T> {
    fn from(body: Result<T, ApiError>) -> Later<T> {
        Later(body)
    }
}

#[cfg(test)]
mod tests {
    /// A route module uses the workflow, the store and the shared helpers of `routes/`
    /// (extractors, middleware, the list in `mod.rs`), never another resource's module.
    #[test]
    fn no_route_module_imports_another() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
        let shared = ["extract", "middleware"];
        let mut found = Vec::new();
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).expect("src/routes").flatten() {
            let path = entry.path();
            let text = std::fs::read_to_string(&path).expect("a route module");
            read += 1;
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("routes::") {
                    let module: String = line[at + "routes::".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    let is_module = dir.join(format!("{module}.rs")).exists();
                    if is_module && !shared.contains(&module.as_str()) {
                        found.push(format!("{}: {}", path.display(), line.trim()));
                    }
                }
            }
        }
        assert!(read > 10, "the walk found the route modules: {read}");
        assert!(
            found.is_empty(),
            "route modules importing others:\n{}",
            found.join("\n")
        );
    }
}
