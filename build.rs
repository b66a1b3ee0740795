//! Rebuild when the embedded files change: the default theme and the example content are
//! built into the binary with include_dir, which cannot tell cargo about them on stable Rust.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=site.yaml");
}
