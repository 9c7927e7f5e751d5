//! Parse throughput: cleaning plus segmentation, on the bundled sample and on
//! a ~100 MB dump built from it with every headline made unique; the large
//! dump also on one thread only (cleaning is always one thread; segmentation
//! uses every core on large texts).
//!
//! `FOLIO_BENCH_DUMP=/path/big.txt cargo bench --bench parse` also writes the
//! large dump there, for measuring `folio --list` memory on it (BENCHMARKS.md).

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use folio::library::SAMPLE;
use folio::parse::marks::Marks;
use folio::parse::parse;
use folio::parse::parse_with_threads;

/// Size of the large dump, in bytes (at least).
const LARGE_DUMP_BYTES: usize = 100 * 1024 * 1024;

/// Repeats the sample until it reaches `bytes`, giving every copy's headlines
/// (and the "Continue reading" links that name them) a copy number, so no two
/// posts share a headline.
fn large_dump(bytes: usize) -> String {
    let (clean, _) = folio::text::clean(SAMPLE.as_bytes());
    let articles = parse(&clean).articles;
    let titles: HashSet<&str> = articles.iter().map(|a| a.title(&clean)).collect();
    let mut out = String::with_capacity(bytes + SAMPLE.len());
    let mut copy = 0;
    while out.len() < bytes {
        copy += 1;
        for line in SAMPLE.split('\n') {
            let trimmed = line.trim();
            let is_link_to_title = trimmed
                .strip_prefix("Continue reading ")
                .is_some_and(|title| titles.contains(title));
            out.push_str(line);
            if titles.contains(trimmed) || is_link_to_title {
                out.push_str(&format!(", part {copy}"));
            }
            out.push('\n');
        }
        out.push_str("\n\n");
    }
    out
}

fn clean_and_parse(bytes: &[u8]) -> usize {
    let (text, _) = folio::text::clean(bytes);
    parse(&text).articles.len()
}

fn clean_and_parse_on_one_thread(bytes: &[u8]) -> usize {
    let (text, _) = folio::text::clean(bytes);
    parse_with_threads(&text, &Marks::default(), 1)
        .articles
        .len()
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_function("sample", |b| {
        b.iter(|| clean_and_parse(black_box(SAMPLE.as_bytes())))
    });

    let dump = large_dump(LARGE_DUMP_BYTES);
    if let Ok(path) = std::env::var("FOLIO_BENCH_DUMP")
        && let Err(error) = std::fs::write(&path, &dump)
    {
        eprintln!("cannot write {path}: {error}");
    }
    group.sample_size(10);
    group.throughput(Throughput::Bytes(dump.len() as u64));
    group.bench_function("100MB", |b| {
        b.iter(|| clean_and_parse(black_box(dump.as_bytes())))
    });
    group.bench_function("100MB, one thread", |b| {
        b.iter(|| clean_and_parse_on_one_thread(black_box(dump.as_bytes())))
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
