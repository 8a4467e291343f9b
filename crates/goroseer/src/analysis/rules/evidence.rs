//! The evidence of an annotation: an ordered list of typed items, each a value with its
//! unit and a label, like the MemStats panel's [`crate::analysis::memstats::DerivedFigure`].
//!
//! Meaning is decided here, in the core: every key of every rule comes from one
//! vocabulary ([`Key`]), and a key always has the same label and unit. The page, the
//! Markdown export and the CLI only format a value by its [`Unit`] (the page with
//! `www/src/format.js`, the CLI and the rules' own titles with [`Value::text`]); none of
//! them guesses a unit from a key's name. An item with no value (a creator the dump does
//! not print, a debug=1 record's state) is left out instead of shown as "none".
//!
//! JSON (`docs/json.md`, "Evidence"):
//! `{"key": "goroutines", "label": "goroutines", "value": 220, "unit": "goroutines"}`.

use serde::Serialize;

use crate::model::Frame;

/// How a value is read and formatted. A closed set: the page's formatter knows each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number of things (objects, contentions, collections, dumps).
    Count,
    /// A number of goroutines.
    Goroutines,
    /// Bytes (formatted in IEC units: KiB, MiB, GiB).
    Bytes,
    /// A part of a whole, 0–1 (formatted as a percentage).
    Share,
    /// A multiple: last / first, allocated / in use (formatted `2.5×`).
    Ratio,
    /// Minutes, as Go prints a goroutine's wait (`[chan receive, 12 minutes]`).
    Minutes,
    /// Seconds (contention delay).
    Seconds,
    /// Goroutines gained per minute of wall-clock time between dumps.
    GoroutinesPerMinute,
    /// Bytes gained per minute of wall-clock time between dumps.
    BytesPerMinute,
    /// A Go function name.
    Function,
    /// A place in the code: `{"function", "file", "line"}` (`file`, `line` absent when the
    /// dump does not print them).
    Location,
    /// A goroutine's wait reason (`chan receive`); `null` in a table cell for debug=1
    /// records, which print none.
    State,
    /// Words: a message, a kind, a mode.
    Text,
    /// Yes or no.
    Flag,
    /// Index of a group (goroutine profiles) or record (heap, contention) of the
    /// annotation's profile; the page links it.
    Group,
    /// A goroutine id as the dump prints it (`goroutine 1 [running]`).
    GoroutineId,
    /// A table: `{"columns": [{"key", "label", "unit"}], "rows": [[value, …], …]}`.
    Table,
}

/// Declares [`Key`], the evidence vocabulary: each key's JSON name, unit and label.
macro_rules! keys {
    ($($variant:ident = $name:literal, $unit:ident, $label:literal;)*) => {
        /// An evidence key: one vocabulary across every rule. A key has one label and one
        /// unit wherever it is used; its value is one value of that unit, or a list of them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $(
                #[doc = $label]
                $variant,
            )*
        }

        impl Key {
            /// Every key, in the order `docs/json.md` lists them.
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// Its JSON name (camelCase).
            pub fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $name,)*
                }
            }

            /// The unit of its values.
            pub fn unit(self) -> Unit {
                match self {
                    $(Key::$variant => Unit::$unit,)*
                }
            }

            /// Short words for a person (`goroutines waiting`).
            pub fn label(self) -> &'static str {
                match self {
                    $(Key::$variant => $label,)*
                }
            }
        }
    };
}

keys! {
    // What and where.
    Site = "site", Location, "call site";
    Function = "function", Function, "function";
    Functions = "functions", Function, "functions";
    CreatedBy = "createdBy", Location, "created by";
    State = "state", State, "state";
    States = "states", State, "states";
    Kind = "kind", Text, "kind";
    Kinds = "kinds", Text, "kinds";
    Mode = "mode", Text, "mode";
    Operation = "operation", Text, "operation";
    Source = "source", Text, "source";
    Profile = "profile", Text, "profile";
    // Goroutines.
    Goroutines = "goroutines", Goroutines, "goroutines";
    TotalGoroutines = "totalGoroutines", Goroutines, "goroutines in the dump";
    FunctionGoroutines = "functionGoroutines", Goroutines, "goroutines in that function";
    GoroutinesRead = "goroutinesRead", Goroutines, "goroutines read";
    PartialGoroutines = "partialGoroutines", Goroutines, "goroutines cut off";
    HeaderTotal = "headerTotal", Goroutines, "total in the header";
    ThresholdGoroutines = "thresholdGoroutines", Goroutines, "threshold";
    Share = "share", Share, "share of the total";
    MaxWaitMinutes = "maxWaitMinutes", Minutes, "longest wait";
    ThresholdMinutes = "thresholdMinutes", Minutes, "threshold";
    Group = "group", Group, "group";
    // Crashes.
    Panic = "panic", Text, "panic";
    Panics = "panics", Table, "panics";
    Message = "message", Text, "message";
    Recovered = "recovered", Flag, "recovered";
    Repanicked = "repanicked", Flag, "panicked again";
    FatalError = "fatalError", Text, "fatal error";
    Signal = "signal", Text, "signal";
    RuntimeMessages = "runtimeMessages", Text, "runtime messages";
    Goroutine = "goroutine", GoroutineId, "crashed goroutine";
    Handler = "handler", Location, "handled by";
    Timeout = "timeout", Text, "timeout";
    RunningTests = "runningTests", Text, "running tests";
    TestGoroutines = "testGoroutines", Table, "tests' goroutines";
    Test = "test", Text, "test";
    TestGoroutine = "testGoroutine", GoroutineId, "goroutine";
    // Data races.
    Access = "access", Location, "access";
    ConflictingAccess = "conflictingAccess", Location, "conflicting access";
    ConflictingOperation = "conflictingOperation", Text, "conflicting operation";
    AccessInside = "accessInside", Function, "access inside";
    ConflictingInside = "conflictingInside", Function, "conflicting access inside";
    Address = "address", Text, "address";
    Reports = "reports", Count, "reports";
    RacesFound = "racesFound", Count, "races found";
    RacedTests = "racedTests", Text, "tests failed by a race";
    GoroutineLimit = "goroutineLimit", Goroutines, "goroutine limit";
    // Tables of groups.
    LikelyHolders = "likelyHolders", Table, "likely lock holders";
    Holders = "holders", Table, "holders";
    HolderGoroutines = "holderGoroutines", Goroutines, "goroutines holding it";
    Labels = "labels", Table, "labels of the waiters";
    Resource = "resource", Text, "resource";
    Basis = "basis", Text, "tied by";
    Label = "label", Text, "label";
    Sites = "sites", Table, "call sites";
    // Heap records.
    InuseBytes = "inuseBytes", Bytes, "in use";
    InuseObjects = "inuseObjects", Count, "objects in use";
    AllocBytes = "allocBytes", Bytes, "allocated";
    AllocObjects = "allocObjects", Count, "objects allocated";
    TotalInuseBytes = "totalInuseBytes", Bytes, "in use, whole profile";
    TotalAllocBytes = "totalAllocBytes", Bytes, "allocated, whole profile";
    AllocToInuse = "allocToInuse", Ratio, "allocated / in use";
    // Contention.
    DelaySeconds = "delaySeconds", Seconds, "delay";
    TotalDelaySeconds = "totalDelaySeconds", Seconds, "delay, whole profile";
    Contentions = "contentions", Count, "contentions";
    // CPU profiles.
    CpuSeconds = "cpuSeconds", Seconds, "CPU time";
    TotalCpuSeconds = "totalCpuSeconds", Seconds, "CPU time, whole profile";
    // Growth across dumps.
    Series = "series", Goroutines, "goroutines in each dump";
    AddedGoroutines = "addedGoroutines", Goroutines, "goroutines added";
    AddedBytes = "addedBytes", Bytes, "bytes added";
    Ratio = "ratio", Ratio, "last / first";
    GoroutinesPerMinute = "goroutinesPerMinute", GoroutinesPerMinute, "rate";
    BytesPerMinute = "bytesPerMinute", BytesPerMinute, "rate";
    GrewEveryStep = "grewEveryStep", Flag, "grew at every step";
    Dumps = "dumps", Count, "dumps compared";
    // MemStats (runtime.MemStats field names).
    Sys = "sys", Bytes, "from the OS (Sys)";
    HeapSys = "heapSys", Bytes, "heap reserved (HeapSys)";
    HeapAlloc = "heapAlloc", Bytes, "heap objects (HeapAlloc)";
    HeapInuse = "heapInuse", Bytes, "heap spans in use (HeapInuse)";
    HeapIdle = "heapIdle", Bytes, "idle heap spans (HeapIdle)";
    HeapReleased = "heapReleased", Bytes, "returned to the OS (HeapReleased)";
    StackInuse = "stackInuse", Bytes, "stacks in use (StackInuse)";
    StackSys = "stackSys", Bytes, "stacks from the OS (StackSys)";
    MspanSys = "mspanSys", Bytes, "span metadata (MSpanSys)";
    McacheSys = "mcacheSys", Bytes, "per-P caches (MCacheSys)";
    BuckHashSys = "buckHashSys", Bytes, "profiling buckets (BuckHashSys)";
    GcSys = "gcSys", Bytes, "GC metadata (GCSys)";
    OtherSys = "otherSys", Bytes, "other runtime memory (OtherSys)";
    FragmentedBytes = "fragmentedBytes", Bytes, "in spans, not in objects";
    UnreleasedBytes = "unreleasedBytes", Bytes, "idle, not returned";
    OverheadBytes = "overheadBytes", Bytes, "runtime metadata";
    GcCpuFraction = "gcCpuFraction", Share, "CPU spent in GC (GCCPUFraction)";
    NumGc = "numGC", Count, "collections (NumGC)";
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A place in the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Fully qualified function.
    pub function: String,
    /// Source file; absent when the dump does not print one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Source line; absent with `file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    /// The location of `function` at `file:line` (no file: an empty `file`).
    pub fn new(function: &str, file: &str, line: u32) -> Location {
        let known = !file.is_empty();
        Location {
            function: function.to_owned(),
            file: known.then(|| file.to_owned()),
            line: known.then_some(line),
        }
    }

    /// The location of a frame.
    pub fn of(frame: &Frame) -> Location {
        Location::new(&frame.function, &frame.file, frame.line)
    }
}

/// A table: columns named by keys of the vocabulary, one value (or `null`) per cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The columns, each with its key, label and unit.
    pub columns: Vec<Column>,
    /// The rows: one value per column.
    pub rows: Vec<Vec<Value>>,
}

/// A column of a [`Table`]: a key with its label and unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column(pub Key);

impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Column", 3)?;
        s.serialize_field("key", &self.0)?;
        s.serialize_field("label", self.0.label())?;
        s.serialize_field("unit", &self.0.unit())?;
        s.end()
    }
}

/// An evidence value: a number, words, a location, a list of values of one unit, or a
/// table. `None` only appears in a table cell or list (JSON `null`: the dump does not
/// say).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Not shown by the dump.
    None,
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Number(f64),
    /// Yes or no.
    Flag(bool),
    /// Words, a function name, a state.
    Text(String),
    /// A place in the code.
    Location(Location),
    /// Several values of the item's unit, in order (a series over dumps, names).
    List(Vec<Value>),
    /// Rows of values.
    Table(Table),
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        i64::try_from(n).map_or(Value::Number(n as f64), Value::Integer)
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Integer(n.into())
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Integer(n)
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Value {
        (n as u64).into()
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Number(x)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Flag(b)
    }
}
impl From<&str> for Value {
    /// Words; empty text is no value (debug=1 records have no state).
    fn from(s: &str) -> Value {
        if s.is_empty() {
            Value::None
        } else {
            Value::Text(s.to_owned())
        }
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        if s.is_empty() {
            Value::None
        } else {
            Value::Text(s)
        }
    }
}
impl From<Location> for Value {
    fn from(l: Location) -> Value {
        Value::Location(l)
    }
}
impl From<&Frame> for Value {
    fn from(f: &Frame) -> Value {
        Value::Location(Location::of(f))
    }
}
impl From<Table> for Value {
    fn from(t: Table) -> Value {
        Value::Table(t)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::None, Into::into)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl Value {
    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Integer(n) => Some(n as f64),
            Value::Number(x) => Some(x),
            _ => None,
        }
    }

    /// The value as text for a person, formatted by `unit` the way the page's
    /// `www/src/format.js` does (the CLI and the rules' titles use it).
    pub fn text(&self, unit: Unit) -> String {
        match self {
            Value::None => match unit {
                Unit::State => "no state".to_owned(),
                _ => "–".to_owned(),
            },
            Value::Integer(_) | Value::Number(_) => {
                number_text(self.as_f64().unwrap_or_default(), unit)
            }
            Value::Flag(b) => if *b { "yes" } else { "no" }.to_owned(),
            Value::Text(s) => s.clone(),
            Value::Location(l) => match (&l.file, l.line) {
                (Some(file), Some(line)) => format!("{} {file}:{line}", l.function),
                _ => l.function.clone(),
            },
            Value::List(items) => {
                let parts: Vec<String> = items.iter().map(|v| v.text(unit)).collect();
                parts.join(", ")
            }
            Value::Table(t) => format!("{} rows", t.rows.len()),
        }
    }
}

/// A number in `unit` for a person (see [`Value::text`]).
#[inline(never)]
pub fn number_text(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Bytes => bytes(x),
        Unit::BytesPerMinute => format!("{}/min", bytes(x)),
        Unit::Share => percent(x),
        Unit::Ratio => format!("{}×", decimal(x, 2)),
        Unit::Minutes => format!("{} min", decimal(x, 0)),
        Unit::Seconds => format!("{} s", decimal(x, 3)),
        Unit::Goroutines => count_of(x, "goroutine"),
        Unit::GoroutinesPerMinute => format!("{}/min", count_of(x, "goroutine")),
        Unit::GoroutineId => format!("goroutine {}", decimal(x, 0)),
        Unit::Group => format!("group {}", decimal(x, 0)),
        _ => decimal(x, 4),
    }
}

/// `1,234,567` or `0.0321`: thousands separated, at most `digits` decimals, trailing
/// zeros dropped (JavaScript's `toLocaleString('en-US', {maximumFractionDigits})`).
#[inline(never)]
pub fn decimal(x: f64, digits: usize) -> String {
    let text = fixed(x.abs(), digits);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if x < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `x` with exactly `digits` decimals, halves rounded away from zero like JavaScript's
/// `toFixed` and `toLocaleString` (Rust's `{:.2}` rounds halves to even: 1.125 → 1.12,
/// where the page prints 1.13).
fn fixed(x: f64, digits: usize) -> String {
    let factor = 10f64.powi(digits as i32);
    let scaled = (x.abs() * factor).round();
    if !scaled.is_finite() || scaled >= 9.0e15 {
        return format!("{x:.digits$}");
    }
    let scaled = scaled as u64;
    let factor = factor as u64;
    let sign = if x < 0.0 && scaled > 0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{scaled}")
    } else {
        format!("{sign}{}.{:0digits$}", scaled / factor, scaled % factor)
    }
}

/// `1 goroutine`, `1,200 goroutines`.
fn count_of(x: f64, noun: &str) -> String {
    let s = if x == 1.0 { "" } else { "s" };
    format!("{} {noun}{s}", decimal(x, 4))
}

/// `1.50 MiB`, `312 B`: IEC units, two decimals under 10 and one above, the way
/// `www/src/format.js` `bytes` prints them.
#[inline(never)]
pub fn bytes(x: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let sign = if x < 0.0 { "−" } else { "" };
    let mut value = x.abs();
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let digits = match unit {
        0 => 0,
        _ if value < 10.0 => 2,
        _ => 1,
    };
    format!("{sign}{} {}", fixed(value, digits), UNITS[unit])
}

/// `45%`, `0.5%`, `100%`: a share as a percentage (one decimal under 10 %).
#[inline(never)]
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p != 0.0 && p.abs() < 10.0 {
        format!("{}%", decimal(p, 1))
    } else {
        format!("{}%", decimal(p, 0))
    }
}

/// One fact behind an annotation: a key of the vocabulary with its label and unit, and
/// the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceItem {
    /// Key of the vocabulary (camelCase).
    pub key: Key,
    /// Short words for a person.
    pub label: &'static str,
    /// The value in `unit` (a list: each element in `unit`).
    pub value: Value,
    /// How to read and format the value.
    pub unit: Unit,
}

impl EvidenceItem {
    /// The value formatted for a person.
    pub fn text(&self) -> String {
        self.value.text(self.unit)
    }
}

/// The facts behind an annotation, in the order a person should read them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Evidence(pub Vec<EvidenceItem>);

impl Evidence {
    /// Appends `value` under `key`, unless it has none (`None`, empty text or list).
    /// Bytes and counts read as `f64` (MemStats) become integers.
    pub fn push(&mut self, key: Key, value: impl Into<Value>) {
        let mut value = value.into();
        if let (Value::Number(x), Unit::Bytes | Unit::Count) = (&value, key.unit()) {
            if x.fract() == 0.0 && x.abs() < 9.0e15 {
                value = Value::Integer(*x as i64);
            }
        }
        let empty = match &value {
            Value::None => true,
            Value::List(items) => items.is_empty(),
            Value::Table(t) => t.rows.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.push(EvidenceItem {
                key,
                label: key.label(),
                value,
                unit: key.unit(),
            });
        }
    }

    /// The item under `key`.
    pub fn get(&self, key: Key) -> Option<&EvidenceItem> {
        self.0.iter().find(|item| item.key == key)
    }

    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, EvidenceItem> {
        self.0.iter()
    }

    /// No items.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Builds a [`Table`] of `columns` from rows of values.
pub fn table(columns: &[Key], rows: Vec<Vec<Value>>) -> Table {
    Table {
        columns: columns.iter().copied().map(Column).collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_carries_its_keys_label_and_unit() {
        let mut e = Evidence::default();
        e.push(Key::Goroutines, 220u64);
        e.push(Key::State, "");
        e.push(Key::CreatedBy, None::<Location>);
        assert_eq!(e.0.len(), 1, "items with no value are left out");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"key": "goroutines", "label": "goroutines", "value": 220, "unit": "goroutines"}])
        );
    }

    #[test]
    fn keys_are_unique() {
        for (i, a) in Key::ALL.iter().enumerate() {
            assert!(
                Key::ALL[i + 1..].iter().all(|b| a.name() != b.name()),
                "{}",
                a.name()
            );
        }
    }

    #[test]
    fn numbers_read_as_the_page_writes_them() {
        assert_eq!(bytes(312.0), "312 B");
        assert_eq!(bytes(1536.0), "1.50 KiB");
        assert_eq!(bytes(33554528.0), "32.0 MiB");
        assert_eq!(bytes(-2048.0), "−2.00 KiB");
        assert_eq!(
            bytes(1152.0),
            "1.13 KiB",
            "halves away from zero, as toFixed"
        );
        assert_eq!(percent(0.6468), "65%");
        assert_eq!(percent(0.0321), "3.2%");
        assert_eq!(decimal(1234567.0, 0), "1,234,567");
        assert_eq!(decimal(0.25, 4), "0.25");
        assert_eq!(number_text(1.0, Unit::Goroutines), "1 goroutine");
        assert_eq!(number_text(99936.0, Unit::Goroutines), "99,936 goroutines");
        assert_eq!(number_text(2.5, Unit::Ratio), "2.5×");
        assert_eq!(Value::None.text(Unit::State), "no state");
    }
}
