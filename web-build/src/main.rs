//! Packages the web app for serving (docs/WEB.md, Build and serve): cuts the wasm32 build into
//! the main module and the chunks of pages fetched on a first visit (`frontend/src/chunks.rs`),
//! binds the main module with the wasm-bindgen CLI, drops the function names the chunks keep,
//! and prints the gzip sizes a phone fetches — failing when the first load passes the ceiling.

use anyhow::{Context, Result, anyhow, bail, ensure};
use clap::Parser;
use flate2::{Compression, write::GzEncoder};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What every page needs before it shows anything: the main module, its glue, the chunk loader.
const FIRST_LOAD: [&str; 3] = ["app_bg.wasm", "app.js", "__wasm_split.js"];

#[derive(Parser)]
struct Args {
    /// The wasm32 build of lapor-web, linked with `-Clink-args=--emit-relocs`.
    wasm: PathBuf,
    /// Where the app's files go.
    dist: PathBuf,
    /// The most the first load may weigh, in bytes of gzip.
    #[arg(long)]
    ceiling: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let input = fs::read(&args.wasm).with_context(|| format!("reading {}", args.wasm.display()))?;
    let main_module = args.wasm.with_extension("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &args.dist;
        opts.main_out_path = &main_module;
        opts.main_module = "./app.js";
        opts.link_name = "./__wasm_split.js";
        opts
    })
    .map_err(|e| anyhow!("splitting {}: {e:#}", args.wasm.display()))?;
    bind(&main_module, &args.dist)?;
    for chunk in &split.split_modules {
        fs::write(chunk, without_custom_sections(&fs::read(chunk)?)?)?;
    }

    let gzip = |name: &str| gzip_size(&args.dist.join(name));
    let first_load = FIRST_LOAD.iter().map(|f| gzip(f)).sum::<Result<usize>>()?;
    println!(
        "first load ({}): {first_load} bytes gzip, {} (ceiling {})",
        FIRST_LOAD.join(" + "),
        kb(first_load),
        kb(args.ceiling)
    );
    let mut chunks: Vec<_> = split.prefetch_map.iter().collect();
    chunks.sort();
    for (chunk, files) in chunks {
        let bytes = files
            .iter()
            .map(|f| gzip(&format!("{f}.wasm")))
            .sum::<Result<usize>>()?;
        println!(
            "  + chunk {chunk:<8} {bytes:>7} bytes gzip, {} in {} files, on the first visit to one of its pages",
            kb(bytes),
            files.len()
        );
    }
    let mut everything = 0;
    for entry in fs::read_dir(&args.dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm" || e == "js") {
            everything += gzip_size(&path)?;
        }
    }
    println!(
        "every page once: {everything} bytes gzip, {}",
        kb(everything)
    );
    ensure!(
        first_load <= args.ceiling,
        "the first load grew past its ceiling: see docs/WEB.md, Size"
    );
    Ok(())
}

/// `app.js` and `app_bg.wasm` from the split main module, keeping the exports the chunks link
/// against (`--keep-lld-exports`) and the names they import by (`--no-demangle`).
fn bind(main_module: &Path, dist: &Path) -> Result<()> {
    let status = Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
        ])
        .args(["--remove-name-section", "--remove-producers-section"])
        .args(["--out-name", "app", "--out-dir"])
        .args([dist, main_module])
        .status()
        .context("running wasm-bindgen")?;
    ensure!(status.success(), "wasm-bindgen failed: {status}");
    Ok(())
}

/// A wasm module without its custom sections (function names, producers, target features): the
/// splitter leaves the names in the chunks — two thirds of their bytes, unused by browsers.
fn without_custom_sections(module: &[u8]) -> Result<Vec<u8>> {
    ensure!(module.starts_with(b"\0asm"), "not a wasm module");
    let mut kept = module[..8.min(module.len())].to_vec();
    let mut at = kept.len();
    while at < module.len() {
        let (size, body) = leb128(module, at + 1)?;
        let end = body
            .checked_add(size)
            .filter(|&end| end <= module.len())
            .ok_or_else(|| anyhow!("a section at byte {at} runs past the end"))?;
        if module[at] != 0 {
            kept.extend_from_slice(&module[at..end]);
        }
        at = end;
    }
    Ok(kept)
}

/// The unsigned LEB128 number at `at`, and where it ends.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let Some(&byte) = bytes.get(at) else {
            bail!("a section size runs past the end");
        };
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
    }
    bail!("a section size longer than 5 bytes")
}

fn gzip_size(path: &Path) -> Result<usize> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&fs::read(path).with_context(|| format!("reading {}", path.display()))?)?;
    Ok(gz.finish()?.len())
}

fn kb(bytes: usize) -> String {
    format!("{}.{} KB", bytes / 1000, bytes % 1000 / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[u8] = b"\0asm\x01\0\0\0";
    // A type section with one `() -> ()` type, and a custom section "name" with one byte.
    const TYPES: &[u8] = &[1, 4, 1, 0x60, 0, 0];
    const NAMES: &[u8] = &[0, 6, 4, b'n', b'a', b'm', b'e', 7];

    #[test]
    fn custom_sections_are_dropped_and_the_rest_kept() -> Result<()> {
        let module = [HEADER, NAMES, TYPES, NAMES].concat();
        assert_eq!(without_custom_sections(&module)?, [HEADER, TYPES].concat());
        Ok(())
    }

    #[test]
    fn a_truncated_module_is_refused() {
        let module = [HEADER, &TYPES[..4]].concat();
        let error = without_custom_sections(&module).map(|_| ()).unwrap_err();
        assert_eq!(error.to_string(), "a section at byte 8 runs past the end");
        assert!(without_custom_sections(b"GIF89a").is_err());
    }

    #[test]
    fn sizes_over_one_byte_are_read() -> Result<()> {
        assert_eq!(leb128(&[0xe5, 0x8e, 0x26], 0)?, (624_485, 3));
        assert!(leb128(&[0x80, 0x80], 0).is_err());
        Ok(())
    }

    #[test]
    fn kilobytes_have_one_decimal() {
        assert_eq!(kb(185_868), "185.8 KB");
        assert_eq!(kb(250_000), "250.0 KB");
    }
}
