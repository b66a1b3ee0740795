//! Writes a deterministic benchmark site of N entries for carebook.
//!
//! ```text
//! cargo run --release --example gen_bench -- N DIR [--corpus default|warnings]
//! ```
//!
//! DIR gets a `site.yaml` and `content/{conditions,techniques,benefits,safety,handouts}/*.md`.
//! The split is about 40% conditions, 30% techniques, 15% benefits, 10% safety notes and
//! 5% handouts (at least one of each, so N must be at least 5). Each entry has front matter
//! with relations to existing entries, and a body of about 700 words with `## ` headings
//! (the first is always `## Overview`), paragraphs, a bullet list, a pipe table and 3-6
//! wikilinks to other existing entries. Every link target exists, every entry is linked
//! from somewhere, and every benefit and safety note is referenced by a relation.
//!
//! The `default` corpus is clean prose: no claim words, no sentence over 25 words (its
//! warnings are review dates and a few long paragraphs). The `warnings` corpus is the same
//! site as a first import of a clinic's old leaflets would be: on about 85% of the entries
//! (drawn per entry) 1-3 paragraphs end with an uncited claim ("cures", "guaranteed",
//! "detox", "removes toxins"...; "diagnose" on technique pages) and 1-2 with a sentence of
//! 30-45 words, so most pages carry `claim`, `never-claim` and `hard-sentence` findings.
//! These additions draw from a stream of their own, so everything else in a warnings
//! entry is the same as in the default one, and the default corpus is byte-identical to
//! what gen_bench wrote before the warnings corpus existed.
//!
//! The same N and corpus always give byte-identical files: each entry draws from its own
//! small xorshift generator seeded from a constant, its kind and its number.
//!
//! DIR must be empty, missing, or a previous bench site (its `site.yaml` is the one this
//! program writes); a previous bench site's five kind folders are replaced, nothing else in
//! DIR is touched (so a built `public/` beside it stays).

use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SITE_YAML: &str = "title: Bench clinic\nlanguage: en\n";
const SEED: u64 = 0xCA4E_B00C_2026_0001;

// ---------------------------------------------------------------------------------------
// Random numbers: splitmix64 to seed, xorshift64 to draw. No external crate.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }
    fn for_entry(kind: usize, i: usize, stream: u64) -> Rng {
        Rng::new(SEED ^ ((kind as u64) << 56) ^ ((stream) << 48) ^ i as u64)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// lo..=hi
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// `m` distinct numbers in 0..n (fewer if n < m), `first` (if any) in front.
    fn distinct(
        &mut self,
        n: usize,
        m: usize,
        first: Option<usize>,
        avoid: Option<usize>,
    ) -> Vec<usize> {
        let avail = n - usize::from(avoid.is_some_and(|a| a < n));
        let m = m.min(avail);
        let mut out: Vec<usize> = Vec::with_capacity(m);
        if let Some(f) = first.filter(|&f| Some(f) != avoid && m > 0) {
            out.push(f);
        }
        while out.len() < m {
            let x = self.below(n);
            if Some(x) != avoid && !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary. Plain words only: no claim words ("cures", "detox", ...), no colons or
// commas in front-matter values. The warnings corpus's own sentences follow the table
// focus list.

const REGIONS: &[&str] = &[
    "neck",
    "shoulder",
    "lower back",
    "upper back",
    "hip",
    "knee",
    "ankle",
    "wrist",
    "elbow",
    "jaw",
    "calf",
    "hamstring",
    "foot",
    "forearm",
    "thigh",
    "glute",
    "chest",
    "rib",
    "heel",
    "scalp",
];
const PROBLEMS: &[&str] = &[
    "stiffness",
    "tension",
    "strain",
    "soreness",
    "tightness",
    "ache",
    "cramp",
    "spasm",
    "fatigue",
    "restriction",
    "overuse pain",
    "weakness",
    "swelling",
    "knotting",
];
const TECHNIQUES: &[&str] = &[
    "deep tissue massage",
    "trigger point work",
    "myofascial release",
    "soft tissue release",
    "assisted stretching",
    "cupping",
    "hot stone massage",
    "lymphatic drainage",
    "sports massage",
    "joint mobilisation",
    "cross fibre friction",
    "effleurage",
    "petrissage",
    "compression",
    "positional release",
    "muscle energy technique",
    "gentle rocking",
    "remedial massage",
];
const BENEFITS: &[&str] = &[
    "better sleep",
    "less pain",
    "range of motion",
    "relaxation",
    "better blood flow",
    "posture",
    "faster recovery",
    "stress relief",
    "flexibility",
    "body awareness",
    "easier breathing",
    "calmer mood",
    "looser muscles",
    "steadier balance",
];
const SAFETY: &[&str] = &[
    "blood thinners",
    "recent surgery",
    "fever",
    "pregnancy",
    "skin infection",
    "varicose veins",
    "broken bones",
    "numbness",
    "chest pain",
    "high blood pressure",
    "diabetes",
    "osteoporosis",
    "bruising",
    "not a diagnosis",
    "open wounds",
    "recent injury",
];
const HANDOUT_TOPICS: &[&str] = &[
    "week one home care",
    "desk worker guide",
    "runner recovery plan",
    "sleep and stress",
    "first visit guide",
    "stretching at home",
    "after your massage",
    "back care basics",
];
const TAG_ASPECTS: &[&str] = &[
    "",
    "pain",
    "stiffness",
    "stretch",
    "injury",
    "posture",
    "strength",
    "recovery",
    "tension",
    "mobility",
];
const REVIEWERS: &[&str] = &[
    "Clinic lead therapist",
    "Senior remedial therapist",
    "Clinic physiotherapist",
    "Head of clinical care",
];
const SEVERITIES: &[&str] = &["info", "caution", "warning", "urgent"];
const HEADINGS: &[&str] = &[
    "What it feels like",
    "Common causes",
    "How massage can help",
    "What to expect",
    "Care at home",
    "When to get help",
    "Questions to ask",
    "Aftercare",
    "How often to come",
    "Who it suits",
    "Before your visit",
    "Simple exercises",
];
const TIMES: &[&str] = &[
    "thirty minutes",
    "forty five minutes",
    "one hour",
    "about an hour",
    "half an hour",
];
const SENTENCES: &[&str] = &[
    "Many people feel {problem} in the {region} after a long day.",
    "A gentle session of {technique} can ease {problem} over a few visits.",
    "Tell your therapist if the {region} feels sore or warm.",
    "Most people notice {benefit} within two or three weeks.",
    "Rest, water and light walks help the body settle after a session.",
    "The therapist starts with light pressure and checks in with you often.",
    "It is fine to ask for less pressure at any time.",
    "Some {problem} comes from sitting at a desk for hours.",
    "Short breaks every hour can stop the {region} from getting tight.",
    "A warm pack may feel good on a stiff {region}.",
    "Stop and call your doctor if the pain gets worse or spreads.",
    "Write down when the {problem} starts and what makes it ease.",
    "A session of {technique} usually lasts {time}.",
    "Keep moving gently, as long rest can make {problem} last longer.",
    "Sleep on a pillow that keeps the {region} level.",
    "Your therapist will ask about your health before the first session.",
    "Bring a list of your medicines to each visit.",
    "Small daily stretches often do more than one long session.",
    "Drink some water after your massage.",
    "Mild soreness for a day or two is normal.",
    "It helps to breathe slowly while the therapist works on the {region}.",
    "This page gives general facts and does not replace advice from your doctor.",
    "Good {posture} habits can protect the {region}.",
    "You can keep your clothes on for most of the session if you like.",
    "The aim is {benefit}, not a quick fix.",
    "Older adults may need softer pressure and shorter sessions.",
    "If you feel dizzy, sit up slowly and tell the therapist.",
    "Cold packs can calm a new injury in the first two days.",
    "Your plan may change as the {region} gets stronger.",
    "Ask what each step is for if you are not sure.",
    "Some people like music during the session, and some like quiet.",
    "A short walk after the visit helps the muscles stay loose.",
];
const POSTURE: &[&str] = &["posture", "lifting", "sitting", "sleeping", "standing"];
const LINK_SENTENCES: &[&str] = &[
    "Read more in {link}.",
    "Many people also ask about {link}.",
    "See {link} for related advice.",
    "This often goes with {link}.",
    "Your therapist may point you to {link}.",
    "There is more on this in {link}.",
];
const LIST_ITEMS: &[&str] = &[
    "Warm up the {region} for five minutes before you stretch.",
    "Take a short walk every hour.",
    "Use a warm pack for ten minutes in the evening.",
    "Drink water through the day.",
    "Note any new {problem} and when it started.",
    "Keep your screen at eye level.",
    "Lift with your knees, not your back.",
    "Book your next visit before you leave.",
    "Ask about {technique} if the {problem} comes back.",
    "Sleep at the same time each night.",
    "Stop any stretch that causes sharp pain.",
];
const TABLE_FOCUS: &[&str] = &[
    "gentle stretches",
    "light walking",
    "heat and rest",
    "strength work",
    "breathing practice",
    "posture checks",
    "self massage",
    "balance work",
];

/// Uncited claims an old leaflet makes (the warnings corpus): each holds a word or phrase
/// of carebook's English claim lists.
const CLAIM_SENTENCES: &[&str] = &[
    "Regular {technique} cures {problem} for good.",
    "Relief from {problem} is guaranteed after three sessions.",
    "Our detox massage clears the {region} of built up waste.",
    "This gentle method works like a miracle on a sore {region}.",
    "A deep session removes toxins from the muscles of the {region}.",
    "Many clients say one visit cured their {problem} completely.",
    "We guarantee {benefit} from the very first visit.",
    "Each treatment flushes toxins out through the skin.",
    "Hot stones detoxify the whole body in one hour.",
    "Nothing else cures a stiff {region} as fast.",
];
/// A claim only a technique page is not allowed (the warnings corpus).
const TECHNIQUE_CLAIM: &str =
    "Your therapist will diagnose the cause of your {problem} at the first visit.";
/// Sentences of 30-45 words (the warnings corpus): over the patient limit of 25.
const LONG_SENTENCES: &[&str] = &[
    "Because {problem} in the {region} often builds up slowly over many months of sitting, lifting and sleeping in awkward positions, a course of {technique} repeated every week for a while may be the most sensible way to reach {benefit} without any strain.",
    "When you come in for your first appointment the therapist will want to hear about your work, your sleep, the sports you play and any past injuries, so that the pressure and the length of each session suit the state of your {region}.",
    "Although a single session can leave the {region} feeling lighter for a day or two, most of the people we see find that the {problem} returns unless they also change the habits at home and at work that caused it in the first place.",
    "If you have been told by a doctor to rest the {region} after an injury or an operation, please bring any letters or notes with you, because the therapist may need to change the plan or wait until the area has healed properly before starting.",
];

// ---------------------------------------------------------------------------------------
// Kinds and the site plan.

struct Kind {
    folder: &'static str,
    prefix: &'static str,
    word: &'static str,
}

const KINDS: [Kind; 5] = [
    Kind {
        folder: "conditions",
        prefix: "condition",
        word: "Condition",
    },
    Kind {
        folder: "techniques",
        prefix: "technique",
        word: "Technique",
    },
    Kind {
        folder: "benefits",
        prefix: "benefit",
        word: "Benefit",
    },
    Kind {
        folder: "safety",
        prefix: "safety",
        word: "Safety",
    },
    Kind {
        folder: "handouts",
        prefix: "handout",
        word: "Handout",
    },
];
const COND: usize = 0;
const TECH: usize = 1;
const BEN: usize = 2;
const SAF: usize = 3;
const HAND: usize = 4;

/// Which site to write (see the module doc).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Corpus {
    Default,
    Warnings,
}

struct Plan {
    counts: [usize; 5],
    /// global index of each kind's first entry
    offsets: [usize; 5],
    total: usize,
}

impl Plan {
    fn new(n: usize) -> Plan {
        let t = (n * 30 / 100).max(1);
        let b = (n * 15 / 100).max(1);
        let s = (n * 10 / 100).max(1);
        let h = (n * 5 / 100).max(1);
        let c = n - t - b - s - h; // n >= 5, so c >= 1
        let counts = [c, t, b, s, h];
        let mut offsets = [0; 5];
        for k in 1..5 {
            offsets[k] = offsets[k - 1] + counts[k - 1];
        }
        Plan {
            counts,
            offsets,
            total: n,
        }
    }
    /// global index -> (kind, number within kind)
    fn locate(&self, g: usize) -> (usize, usize) {
        let k = (0..5).rev().find(|&k| g >= self.offsets[k]).unwrap();
        (k, g - self.offsets[k])
    }
}

fn slug(kind: usize, i: usize) -> String {
    format!("{}-{:05}", KINDS[kind].prefix, i + 1)
}

/// The entry's short name ("neck stiffness"), drawn from its own stream so any entry can
/// name any other without generating it.
fn name(kind: usize, i: usize) -> String {
    let mut r = Rng::for_entry(kind, i, 1);
    match kind {
        COND => format!("{} {}", r.pick(REGIONS), r.pick(PROBLEMS)),
        TECH => {
            if r.chance(50) {
                format!("{} for the {}", r.pick(TECHNIQUES), r.pick(REGIONS))
            } else {
                r.pick(TECHNIQUES).to_string()
            }
        }
        BEN => format!("{} for the {}", r.pick(BENEFITS), r.pick(REGIONS)),
        SAF => r.pick(SAFETY).to_string(),
        _ => r.pick(HANDOUT_TOPICS).to_string(),
    }
}

fn tag(r: &mut Rng) -> String {
    let region = r.pick(REGIONS).replace(' ', "-");
    let aspect = r.pick(TAG_ASPECTS);
    if aspect.is_empty() {
        region
    } else {
        format!("{region}-{aspect}")
    }
}

/// ISO date `offset` days after 2025-12-01 (offset 0..=335 reaches 2026-11-01).
fn date(offset: usize) -> String {
    const MONTHS: [(u32, u32, usize); 12] = [
        (2025, 12, 31),
        (2026, 1, 31),
        (2026, 2, 28),
        (2026, 3, 31),
        (2026, 4, 30),
        (2026, 5, 31),
        (2026, 6, 30),
        (2026, 7, 31),
        (2026, 8, 31),
        (2026, 9, 30),
        (2026, 10, 31),
        (2026, 11, 30),
    ];
    let mut d = offset;
    for (y, m, len) in MONTHS {
        if d < len {
            return format!("{y}-{m:02}-{:02}", d + 1);
        }
        d -= len;
    }
    unreachable!("date offset out of range")
}

fn fill(r: &mut Rng, template: &str) -> String {
    let mut out = template.to_string();
    for (slot, words) in [
        ("{region}", REGIONS),
        ("{problem}", PROBLEMS),
        ("{technique}", TECHNIQUES),
        ("{benefit}", BENEFITS),
        ("{time}", TIMES),
        ("{posture}", POSTURE),
    ] {
        while let Some(p) = out.find(slot) {
            out.replace_range(p..p + slot.len(), r.pick(words));
        }
    }
    out
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

// ---------------------------------------------------------------------------------------
// One entry.

fn entry(plan: &Plan, kind: usize, i: usize, corpus: Corpus) -> String {
    let mut r = Rng::for_entry(kind, i, 0);
    let c = plan.counts;
    let me_global = plan.offsets[kind] + i;
    let mut s = String::with_capacity(6 * 1024);

    // Front matter.
    s.push_str("---\n");
    let _ = writeln!(s, "title: {} {} {}", KINDS[kind].word, i + 1, name(kind, i));
    let own = name(kind, i);
    let summary = match kind {
        COND => format!("What {own} is and how gentle hands-on care may help."),
        TECH => format!("How {own} works and what a session feels like."),
        BEN => format!("How massage can support {own} in daily life."),
        SAF => format!("When {own} means massage needs care or a change of plan."),
        _ => format!("A printable {own} bundle to take home."),
    };
    let _ = writeln!(s, "summary: {}", capitalise(&summary));
    let alias = format!(
        "{} {} {}{}",
        r.pick(REGIONS),
        r.pick(&["care", "relief", "notes", "guide", "help"]),
        &KINDS[kind].prefix[..1],
        i + 1
    );
    let _ = writeln!(s, "aliases: [{alias}]");
    let ntags = r.range(1, 4);
    let mut tags: Vec<String> = Vec::new();
    while tags.len() < ntags {
        let t = tag(&mut r);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let _ = writeln!(s, "tags: {}", list(&tags));
    let slugs = |k: usize, idx: Vec<usize>| -> Vec<String> {
        idx.into_iter().map(|j| slug(k, j)).collect()
    };
    match kind {
        COND => {
            // condition i lists technique i%T, benefit i%B and safety i%S first, so every
            // technique, benefit and safety note is referenced (there are more conditions).
            let m = r.range(2, 4);
            let t = r.distinct(c[TECH], m, Some(i % c[TECH]), None);
            let _ = writeln!(s, "techniques: {}", list(&slugs(TECH, t)));
            let m = r.range(1, 3);
            let b = r.distinct(c[BEN], m, Some(i % c[BEN]), None);
            let _ = writeln!(s, "benefits: {}", list(&slugs(BEN, b)));
            let m = r.range(1, 2);
            let sf = r.distinct(c[SAF], m, Some(i % c[SAF]), None);
            let _ = writeln!(s, "safety: {}", list(&slugs(SAF, sf)));
        }
        TECH => {
            let m = r.range(1, 3);
            let b = r.distinct(c[BEN], m, Some(i % c[BEN]), None);
            let _ = writeln!(s, "benefits: {}", list(&slugs(BEN, b)));
            let m = r.range(1, 2);
            let sf = r.distinct(c[SAF], m, Some(i % c[SAF]), None);
            let _ = writeln!(s, "safety: {}", list(&slugs(SAF, sf)));
        }
        HAND => {
            // 3-8 entries of the four other kinds, in a fixed order.
            let others = plan.offsets[HAND];
            let m = r.range(3, 8);
            let picks = r.distinct(others, m, None, None);
            let items: Vec<String> = picks
                .into_iter()
                .map(|g| {
                    let (k, j) = plan.locate(g);
                    format!("{}/{}", KINDS[k].folder, slug(k, j))
                })
                .collect();
            let _ = writeln!(s, "entries: {}", list(&items));
        }
        _ => {}
    }
    let _ = writeln!(s, "reviewed: {}", date(r.below(336)));
    let _ = writeln!(s, "reviewed_by: {}", r.pick(REVIEWERS));
    if kind == SAF {
        let _ = writeln!(s, "severity: {}", r.pick(SEVERITIES));
    }
    s.push_str("---\n\n");

    // Wikilinks: the first goes to the next entry in global order, so every entry is
    // linked from somewhere; the rest go anywhere but to this entry.
    let nlinks = r.range(3, 6);
    let targets = r.distinct(
        plan.total,
        nlinks,
        Some((me_global + 1) % plan.total),
        Some(me_global),
    );
    let mut links: Vec<String> = targets
        .into_iter()
        .map(|g| {
            let (k, j) = plan.locate(g);
            let sl = slug(k, j);
            let link = match r.below(100) {
                0..=29 => format!("[[{sl}]]"),
                30..=54 => format!("[[{}/{sl}|{}]]", KINDS[k].folder, name(k, j)),
                55..=69 => format!("[[{sl}#overview]]"),
                70..=84 => format!("[[{sl}|{}]]", name(k, j)),
                _ => format!("[[{}/{sl}]]", KINDS[k].folder),
            };
            r.pick(LINK_SENTENCES).replace("{link}", &link)
        })
        .collect();
    links.reverse(); // pop() hands them out in order

    // Body: 3-5 sections, a list in section 1 and a table in a later section, then
    // paragraphs round-robin until the body reaches its word target.
    let target_words = r.range(645, 705);
    let nsec = r.range(3, 5);
    let mut headings = vec!["Overview".to_string()];
    for h in r.distinct(HEADINGS.len(), nsec - 1, None, None) {
        headings.push(HEADINGS[h].to_string());
    }
    let table_sec = r.range(2, nsec - 1);
    let mut sections: Vec<Vec<String>> = vec![Vec::new(); nsec];
    let mut words = 0usize;
    let count = |text: &str| text.split_whitespace().count();
    for (k, h) in headings.iter().enumerate() {
        words += count(h) + 1;
        let p = paragraph(&mut r, &mut links);
        words += count(&p);
        sections[k].push(p);
        if k == 1 {
            let l = bullet_list(&mut r);
            words += count(&l);
            sections[k].push(l);
        }
        if k == table_sec {
            let t = table(&mut r);
            words += count(&t);
            sections[k].push(t);
        }
    }
    let mut k = 0;
    while words < target_words || !links.is_empty() {
        let p = paragraph(&mut r, &mut links);
        words += count(&p);
        sections[k].push(p);
        k = (k + 1) % nsec;
    }
    if corpus == Corpus::Warnings {
        add_warnings(&mut sections, kind, i);
    }
    for (h, blocks) in headings.iter().zip(&sections) {
        let _ = write!(s, "## {h}\n\n");
        for b in blocks {
            s.push_str(b);
            s.push_str("\n\n");
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn capitalise(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn paragraph(r: &mut Rng, links: &mut Vec<String>) -> String {
    let n = r.range(3, 6);
    let picks = r.distinct(SENTENCES.len(), n, None, None);
    let mut sentences: Vec<String> = picks.into_iter().map(|t| fill(r, SENTENCES[t])).collect();
    if r.chance(15) {
        let t = r.below(sentences.len());
        sentences[t] = format!("**Tip.** {}", sentences[t]);
    }
    if let Some(l) = links.pop() {
        let at = r.range(1, sentences.len());
        sentences.insert(at, l);
    }
    sentences.join(" ")
}

/// The warnings corpus: on about 85% of the entries, end 1-3 paragraphs with an uncited
/// claim and 1-2 with a long sentence. Draws from the entry's stream 2 only, so the rest
/// of the entry is as in the default corpus.
fn add_warnings(sections: &mut [Vec<String>], kind: usize, i: usize) {
    let mut r = Rng::for_entry(kind, i, 2);
    if !r.chance(85) {
        return;
    }
    // Paragraphs only: not the bullet list or the table.
    let places: Vec<(usize, usize)> = sections
        .iter()
        .enumerate()
        .flat_map(|(s, blocks)| {
            blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| !b.starts_with("- ") && !b.starts_with('|'))
                .map(move |(b, _)| (s, b))
        })
        .collect();
    let nclaims = r.range(1, 3);
    let nlong = r.range(1, 2);
    let picks = r.distinct(places.len(), nclaims + nlong, None, None);
    for (n, &p) in picks.iter().enumerate() {
        let template = if n >= nclaims {
            r.pick(LONG_SENTENCES)
        } else if kind == TECH && n == 0 && r.chance(50) {
            TECHNIQUE_CLAIM
        } else {
            r.pick(CLAIM_SENTENCES)
        };
        let sentence = fill(&mut r, template);
        let (s, b) = places[p];
        sections[s][b].push(' ');
        sections[s][b].push_str(&sentence);
    }
}

fn bullet_list(r: &mut Rng) -> String {
    let n = r.range(3, 6);
    let picks = r.distinct(LIST_ITEMS.len(), n, None, None);
    picks
        .into_iter()
        .map(|p| format!("- {}", fill(r, LIST_ITEMS[p])))
        .collect::<Vec<_>>()
        .join("\n")
}

fn table(r: &mut Rng) -> String {
    let rows = r.range(3, 4);
    let mut t = String::from("| Week | Focus | Time each day |\n| --- | --- | --- |");
    for w in 1..=rows {
        let _ = write!(
            t,
            "\n| {w} | {} | {} minutes |",
            r.pick(TABLE_FOCUS),
            5 * r.range(1, 6)
        );
    }
    t
}

// ---------------------------------------------------------------------------------------

fn fail(msg: &str) -> ExitCode {
    eprintln!("gen_bench: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    const USAGE: &str = "usage: gen_bench N DIR [--corpus default|warnings]   (N entries, at least 5; DIR empty, missing or a previous bench site)";
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut corpus = Corpus::Default;
    if let Some(at) = args.iter().position(|a| a == "--corpus") {
        corpus = match args.get(at + 1).map(String::as_str) {
            Some("default") => Corpus::Default,
            Some("warnings") => Corpus::Warnings,
            Some(other) => {
                return fail(&format!(
                    "--corpus is `default` or `warnings`, not {other:?}"
                ));
            }
            None => return fail(USAGE),
        };
        args.drain(at..at + 2);
    }
    if args.len() != 2 {
        return fail(USAGE);
    }
    let n: usize = match args[0].replace('_', "").parse() {
        Ok(n) if n >= 5 => n,
        _ => {
            return fail(&format!(
                "N must be a whole number of at least 5, not {:?}",
                args[0]
            ));
        }
    };
    let dir = PathBuf::from(&args[1]);
    if let Err(msg) = check_dir(&dir) {
        return fail(&msg);
    }
    let plan = Plan::new(n);
    let content = dir.join("content");
    for k in &KINDS {
        let d = content.join(k.folder);
        let removed = if d.exists() {
            std::fs::remove_dir_all(&d)
        } else {
            Ok(())
        };
        if let Err(e) = removed {
            return fail(&format!("cannot remove the old {}: {e}", d.display()));
        }
        if let Err(e) = std::fs::create_dir_all(&d) {
            return fail(&format!("cannot create {}: {e}", d.display()));
        }
    }
    if let Err(e) = std::fs::write(dir.join("site.yaml"), SITE_YAML) {
        return fail(&format!(
            "cannot write {}: {e}",
            dir.join("site.yaml").display()
        ));
    }
    let written = (0..n).into_par_iter().try_for_each(|g| {
        let (k, i) = plan.locate(g);
        let path = content
            .join(KINDS[k].folder)
            .join(format!("{}.md", slug(k, i)));
        std::fs::write(&path, entry(&plan, k, i, corpus))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    });
    if let Err(msg) = written {
        return fail(&msg);
    }
    let c = plan.counts;
    println!(
        "gen_bench: wrote {n} entries{} to {} ({} conditions, {} techniques, {} benefits, {} safety notes, {} handouts)",
        if corpus == Corpus::Warnings {
            " (warnings corpus)"
        } else {
            ""
        },
        dir.display(),
        c[COND],
        c[TECH],
        c[BEN],
        c[SAF],
        c[HAND]
    );
    ExitCode::SUCCESS
}

/// DIR may be missing, empty, or a previous bench site (site.yaml exactly as we write it).
fn check_dir(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        return std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()));
    }
    if !dir.is_dir() {
        return Err(format!("{} exists and is not a folder", dir.display()));
    }
    let mut items =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if items.next().is_none() {
        return Ok(());
    }
    match std::fs::read_to_string(dir.join("site.yaml")) {
        Ok(text) if text == SITE_YAML => Ok(()),
        Ok(_) => Err(format!(
            "{} holds a site.yaml that gen_bench did not write; refusing to overwrite a real site. \
             Pick an empty or new folder.",
            dir.display()
        )),
        Err(_) => Err(format!(
            "{} is not empty and has no site.yaml, so it is not a previous bench site; \
             refusing to write into it. Pick an empty or new folder.",
            dir.display()
        )),
    }
}
