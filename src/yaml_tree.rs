//! Where every key and value of a YAML text was written: a tree of [`Node`]s, each with
//! the byte range the YAML parser found it at.
//!
//! serde_yaml (yaml_serde) gives typed values and the place of an error, but not the
//! place of a value that parsed well; yet a key a kind does not take, a reference to a
//! missing page or a folder already taken must be reported where it is written. This
//! module reads the same text with the same parser (libyaml, as ported to Rust by
//! `libyaml-rs`, which yaml_serde itself uses), event by event, and keeps each event's
//! marks, so a place is always the parser's own, never the result of searching the text
//! (which finds the word in a comment, in a title, or in an earlier key).
//!
//! Guarantees: [`parse`] is linear in the text (aliases are kept as one node where they
//! are written, never expanded) and refuses nesting deeper than [`MAX_DEPTH`] (the typed
//! parse then reports it), so no input can exhaust the stack or memory. It returns `None`
//! for text that is not YAML: the typed parse of the same text reports why, and
//! [`syntax_error`] gives the parser's own marks for it (the problem, and where the
//! unfinished thing it was reading began).
//! Pure.

use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// Deeper nesting than this is not built into a tree. serde_yaml refuses it too, with
/// its own error (its recursion limit is 128).
pub const MAX_DEPTH: usize = 128;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    /// A block scalar, `|` or `>`.
    Block,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A scalar: its value as the parser read it (quotes and escapes resolved).
    Scalar {
        value: String,
        style: Style,
        /// An explicit tag (`!!str`), resolved to its full name.
        tag: Option<String>,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `*name`: a value repeated from an anchor, located where the alias is written.
    Alias,
}

/// One key, value or list item, at bytes `start..end` of the text.
#[derive(Debug, Clone)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: NodeKind,
}

impl Node {
    /// The entries of a mapping, in the order written (none for anything else).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a list (none for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The text of a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The first entry of a mapping whose key is `key`: (key node, value node).
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries().iter().find(|(k, _)| k.scalar() == Some(key))
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// Is this what YAML reads as "nothing": an empty value, `~` or `null` written plainly
    /// (or tagged `!!null`)? Quoted `"null"` is the word.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar { value, style, tag } => match tag.as_deref() {
                Some(tag) => tag == "tag:yaml.org,2002:null",
                None => {
                    *style == Style::Plain
                        && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL")
                }
            },
            _ => false,
        }
    }

    /// The node at byte `index` (one that starts there, else the innermost that holds it),
    /// with the keys of the mappings above it, outermost first (list items add none).
    pub fn find_at(&self, index: usize) -> (Vec<&str>, &Node) {
        let mut keys = Vec::new();
        let mut node = self;
        'down: loop {
            if node.start == index && !matches!(node.kind, NodeKind::Map(_)) {
                break;
            }
            match &node.kind {
                NodeKind::Map(entries) => {
                    for (k, v) in entries {
                        if k.start == index {
                            return (keys, k);
                        }
                        if v.start <= index && index <= v.end.max(v.start) {
                            keys.push(k.scalar().unwrap_or("?"));
                            node = v;
                            continue 'down;
                        }
                    }
                    break;
                }
                NodeKind::Seq(items) => {
                    match items
                        .iter()
                        .find(|i| i.start <= index && index <= i.end.max(i.start))
                    {
                        Some(item) => node = item,
                        None => break,
                    }
                }
                _ => break,
            }
        }
        (keys, node)
    }
}

/// A key written twice in one mapping, anywhere in the tree.
#[derive(Debug)]
pub struct Duplicate<'a> {
    /// The keys of the mappings above the one holding it, outermost first.
    pub parents: Vec<&'a str>,
    pub first: &'a Node,
    pub second: &'a Node,
}

/// The first key (in the order written) that a mapping has twice, at any depth. Keys are
/// compared as text, as carebook reads them (`1` and `"1"` are the same key).
pub fn duplicate_key(root: &Node) -> Option<Duplicate<'_>> {
    let mut found: Option<Duplicate> = None;
    // Depth-first, with an explicit stack: (node, keys above it).
    let mut stack: Vec<(&Node, Vec<&str>)> = vec![(root, Vec::new())];
    while let Some((node, parents)) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                let mut seen: std::collections::HashMap<&str, &Node> =
                    std::collections::HashMap::with_capacity(entries.len());
                for (k, v) in entries {
                    if let Some(text) = k.scalar() {
                        if let Some(first) = seen.get(text) {
                            if found.as_ref().is_none_or(|f| k.start < f.second.start) {
                                found = Some(Duplicate {
                                    parents: parents.clone(),
                                    first,
                                    second: k,
                                });
                            }
                            continue;
                        }
                        seen.insert(text, k);
                    }
                    let mut below = parents.clone();
                    below.push(k.scalar().unwrap_or("?"));
                    stack.push((v, below));
                }
            }
            NodeKind::Seq(items) => {
                stack.extend(items.iter().map(|i| (i, parents.clone())));
            }
            _ => {}
        }
    }
    found
}

/// The first document of `yaml` as a tree; `None` when it is not YAML, is nested deeper
/// than [`MAX_DEPTH`], or has no document.
pub fn parse(yaml: &str) -> Option<Node> {
    let mut builder = Builder::default();
    for_each_event(yaml, |event| builder.event(event)).ok()?;
    builder.root
}

/// A place libyaml marked: a byte index into the text, and its line and column (from 1,
/// counting characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

/// Why libyaml could not read a text as YAML, as its parser reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong ("found unexpected end of stream"), in libyaml's words.
    pub problem: String,
    /// Where it found the problem.
    pub problem_mark: Mark,
    /// What it was reading when it found it ("while scanning a quoted scalar") and where
    /// that began: the unclosed quote, list or group.
    pub context: Option<(String, Mark)>,
    /// For a character libyaml does not read at all (a control character), which has no
    /// mark: the byte index of that character.
    pub unreadable_at: Option<usize>,
}

/// The first syntax error of `yaml`, in any of its documents, with the marks the parser
/// set; `None` when every document is YAML. The same parser and settings as
/// serde_yaml's, so it is the error serde_yaml reports for a text it cannot read.
pub fn syntax_error(yaml: &str) -> Option<SyntaxError> {
    for_each_event(yaml, |_| true).err().flatten()
}

/// Where the second document of `yaml` starts (its `---`), if it has one.
pub fn second_document(yaml: &str) -> Option<usize> {
    let mut seen = 0;
    let mut second = None;
    let _ = for_each_event(yaml, |event| {
        if let Event::DocumentStart(start) = event {
            seen += 1;
            if seen == 2 {
                second = Some(start);
                return false;
            }
        }
        true
    });
    second
}

/// One parser event, copied out of libyaml.
enum Event {
    Scalar(Node),
    Alias(usize, usize),
    SeqStart(usize),
    MapStart(usize),
    End(usize),
    DocumentStart(usize),
    /// Stream and document end events.
    Other,
}

#[derive(Default)]
struct Builder {
    /// Open lists and mappings, innermost last.
    open: Vec<Open>,
    root: Option<Node>,
}

enum Open {
    Seq(usize, Vec<Node>),
    Map(usize, Vec<(Node, Node)>, Option<Node>),
}

impl Builder {
    /// Takes one event; `false` stops the parse (the tree is complete or too deep).
    fn event(&mut self, event: Event) -> bool {
        match event {
            Event::Scalar(node) => self.add(node),
            Event::Alias(start, end) => self.add(Node {
                start,
                end,
                kind: NodeKind::Alias,
            }),
            Event::SeqStart(start) => {
                self.open.push(Open::Seq(start, Vec::new()));
                self.open.len() <= MAX_DEPTH
            }
            Event::MapStart(start) => {
                self.open.push(Open::Map(start, Vec::new(), None));
                self.open.len() <= MAX_DEPTH
            }
            Event::End(end) => match self.open.pop() {
                Some(Open::Seq(start, items)) => self.add(Node {
                    start,
                    end,
                    kind: NodeKind::Seq(items),
                }),
                Some(Open::Map(start, entries, _)) => self.add(Node {
                    start,
                    end,
                    kind: NodeKind::Map(entries),
                }),
                None => false,
            },
            Event::DocumentStart(_) | Event::Other => true,
        }
    }

    /// Adds a finished node to the open list or mapping, or makes it the root.
    fn add(&mut self, node: Node) -> bool {
        match self.open.last_mut() {
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, pending)) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => *pending = Some(node),
            },
            None => {
                self.root = Some(node);
                // Only the first document is read.
                return false;
            }
        }
        true
    }
}

/// Runs libyaml's event parser over `yaml`, handing each event to `each` until it returns
/// `false` or the stream ends. `Err` when the text is not YAML: the parser's error, or
/// `None` if the parser could not even start.
fn for_each_event(
    yaml: &str,
    mut each: impl FnMut(Event) -> bool,
) -> Result<(), Option<SyntaxError>> {
    let mut parser: Box<MaybeUninit<sys::yaml_parser_t>> = Box::new_uninit();
    let parser = parser.as_mut_ptr();
    // SAFETY: this follows libyaml's documented use, as yaml_serde does: the parser is
    // initialised in place before any other call, its input (`yaml`) outlives it, every
    // event is deleted after it was copied out and before the next one is parsed, and the
    // parser is deleted exactly once on every way out. The pointers read from an event
    // (scalar value, tag) are valid until that event is deleted, and `length` is the
    // value's length in bytes.
    unsafe {
        if sys::yaml_parser_initialize(parser).fail {
            return Err(None);
        }
        sys::yaml_parser_set_encoding(parser, sys::YAML_UTF8_ENCODING);
        sys::yaml_parser_set_input_string(parser, yaml.as_ptr(), yaml.len() as u64);
        let outcome = loop {
            let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
            if sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                break Err(parser_error(&*parser));
            }
            let event = event.as_mut_ptr();
            let start = (*event).start_mark.index as usize;
            let end = (*event).end_mark.index as usize;
            let copied = match (*event).type_ {
                sys::YAML_STREAM_END_EVENT => None,
                sys::YAML_SCALAR_EVENT => {
                    let scalar = (*event).data.scalar;
                    let bytes = if scalar.value.is_null() {
                        &[][..]
                    } else {
                        std::slice::from_raw_parts(scalar.value, scalar.length as usize)
                    };
                    let style = match scalar.style {
                        sys::YAML_PLAIN_SCALAR_STYLE => Style::Plain,
                        sys::YAML_LITERAL_SCALAR_STYLE | sys::YAML_FOLDED_SCALAR_STYLE => {
                            Style::Block
                        }
                        _ => Style::Quoted,
                    };
                    let tag = (!scalar.tag.is_null()).then(|| {
                        std::ffi::CStr::from_ptr(scalar.tag.cast())
                            .to_string_lossy()
                            .into_owned()
                    });
                    Some(Event::Scalar(Node {
                        start,
                        end,
                        kind: NodeKind::Scalar {
                            value: String::from_utf8_lossy(bytes).into_owned(),
                            style,
                            tag,
                        },
                    }))
                }
                sys::YAML_ALIAS_EVENT => Some(Event::Alias(start, end)),
                sys::YAML_DOCUMENT_START_EVENT => Some(Event::DocumentStart(start)),
                sys::YAML_SEQUENCE_START_EVENT => Some(Event::SeqStart(start)),
                sys::YAML_MAPPING_START_EVENT => Some(Event::MapStart(start)),
                sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => Some(Event::End(end)),
                _ => Some(Event::Other),
            };
            sys::yaml_event_delete(event);
            match copied {
                Some(event) => {
                    if !each(event) {
                        break Ok(());
                    }
                }
                None => break Ok(()),
            }
        };
        sys::yaml_parser_delete(parser);
        outcome
    }
}

/// The error a parser that failed holds: its problem and context, with their marks.
///
/// # Safety
/// `parser` is an initialised parser whose last `yaml_parser_parse` failed, so its
/// `problem` (and `context`, when not null) point at libyaml's static messages.
unsafe fn parser_error(parser: &sys::yaml_parser_t) -> Option<SyntaxError> {
    let text = |message: *const std::ffi::c_char| {
        // SAFETY: libyaml's messages are static, NUL-terminated strings.
        (!message.is_null()).then(|| {
            unsafe { std::ffi::CStr::from_ptr(message) }
                .to_string_lossy()
                .into_owned()
        })
    };
    let mark = |m: sys::yaml_mark_t| Mark {
        index: m.index as usize,
        line: m.line as usize + 1,
        column: m.column as usize + 1,
    };
    let context = text(parser.context.cast()).map(|c| (c, mark(parser.context_mark)));
    let unmarked = parser.problem_mark.line == 0 && parser.problem_mark.column == 0;
    Some(SyntaxError {
        problem: text(parser.problem.cast())?,
        problem_mark: mark(parser.problem_mark),
        context,
        unreadable_at: (unmarked && parser.problem_offset != 0)
            .then_some(parser.problem_offset as usize),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_places(root: &Node) -> Vec<(String, usize, usize)> {
        root.entries()
            .iter()
            .map(|(k, v)| (k.scalar().unwrap_or("?").to_string(), k.start, v.start))
            .collect()
    }

    #[test]
    fn keys_and_values_have_their_places() {
        let yaml =
            "# title: in a comment\ntitle: Pain severity scale\nseverity: info\ntags: [a, \"b\"]\n";
        let root = parse(yaml).unwrap();
        let places = key_places(&root);
        assert_eq!(places[0], ("title".into(), 22, 29));
        assert_eq!(places[1].1, yaml.find("severity:").unwrap());
        let tags = root.get("tags").unwrap().items();
        assert_eq!(
            (tags[0].start, tags[1].start, tags[1].end),
            (
                yaml.find("a,").unwrap(),
                yaml.find("\"b\"").unwrap(),
                yaml.find("\"b\"").unwrap() + 3
            )
        );
    }

    #[test]
    fn nulls_are_told_from_words() {
        let root = parse("a: ~\nb: null\nc:\nd: \"null\"\ne: !!null x\nf: ''\n").unwrap();
        let nulls: Vec<bool> = root.entries().iter().map(|(_, v)| v.is_null()).collect();
        assert_eq!(nulls, [true, true, true, false, true, false]);
    }

    #[test]
    fn duplicates_at_any_depth() {
        let yaml = "title: A\nkinds:\n  exercise: {}\n  drill: {}\n  exercise:\n    folder: x\n";
        let root = parse(yaml).unwrap();
        let d = duplicate_key(&root).unwrap();
        assert_eq!(d.parents, ["kinds"]);
        assert_eq!(d.second.start, yaml.rfind("exercise").unwrap());
        assert_eq!(d.first.start, yaml.find("exercise").unwrap());
        assert!(duplicate_key(&parse("a: 1\nb: {a: 1}\n").unwrap()).is_none());
    }

    #[test]
    fn not_yaml_too_deep_and_aliases() {
        assert!(parse("a: \"open\n").is_none());
        assert!(parse(&"[".repeat(10_000)).is_none());
        assert!(parse(&format!("{}{}", "[".repeat(100), "]".repeat(100))).is_some());
        assert_eq!(second_document("a: 1\n---\nb: 2\n"), Some(5));
        assert_eq!(second_document("a: 1\n"), None);
        let root = parse("a: &x [1]\nb: *x\n").unwrap();
        assert!(matches!(root.get("b").unwrap().kind, NodeKind::Alias));
    }

    #[test]
    fn a_syntax_error_has_the_parsers_marks() {
        let yaml = "a: b\nc: \"open\nd: e\n";
        let error = syntax_error(yaml).unwrap();
        assert_eq!(error.problem, "found unexpected end of stream");
        let (context, at) = error.context.unwrap();
        assert_eq!(context, "while scanning a quoted scalar");
        assert_eq!(
            at,
            Mark {
                index: 8,
                line: 2,
                column: 4
            }
        );
        assert_eq!(error.problem_mark.index, yaml.len());
        // In a later document too; none in good YAML.
        assert!(syntax_error("a: 1\n---\nb: [\n").is_some());
        assert_eq!(syntax_error("a: 1\n---\nb: 2\n"), None);
        // A character it cannot read has no mark, only its index.
        assert_eq!(syntax_error("a: b\u{1}\n").unwrap().unreadable_at, Some(4));
    }

    #[test]
    fn find_at_gives_the_keys_above() {
        let yaml = "kinds:\n  exercise:\n    folder: tags\n";
        let root = parse(yaml).unwrap();
        let at = yaml.find("tags").unwrap();
        let (keys, node) = root.find_at(at);
        assert_eq!(keys, ["kinds", "exercise", "folder"]);
        assert_eq!(node.scalar(), Some("tags"));
    }
}
