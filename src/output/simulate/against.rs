//! The output of `simulate --against`: one table row per request (predicted and observed state,
//! version change, verdict) and per revalidation sent, then the divergence summary in words; or
//! the same as one JSON document or NDJSON lines (printed when the run is over). The schema
//! file `src/output/schemas/against.schema.json` is generated from these types.

use super::sorted;
use crate::engine::model::Platform;
use crate::error::Result;
use crate::human::{count, escape};
use crate::output::table::new_table;
use crate::output::{Format, Output};
use crate::simulate::against::verdict::EventKind;
use crate::simulate::against::{EventRow, Report, Row, Tally, Verdict};
use colored::Colorize;
use schemars::JsonSchema;
use serde::Serialize;

tag!(AgainstTag, "against");
tag!(RunTag, "against_run");
tag!(RequestTag, "against_request");
tag!(EventTag, "against_event");
tag!(SummaryTag, "against_summary");

/// What was compared with what: the first NDJSON line, and the head of the JSON document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RunInfo {
    /// The deployment's base URL.
    pub base_url: String,
    /// The scenario file (or the quick story).
    pub source: String,
    pub platform: Platform,
    /// What the model rests on (measured on a real server, or vendor docs).
    pub basis: String,
    /// The boundary margin, in seconds.
    pub slack: f64,
}

/// The first NDJSON line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RunLine {
    #[serde(flatten)]
    pub info: RunInfo,
    #[serde(rename = "type")]
    pub kind: RunTag,
}

/// One NDJSON line per request.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RequestLine {
    #[serde(flatten)]
    pub row: Row,
    #[serde(rename = "type")]
    pub kind: RequestTag,
}

/// One NDJSON line per revalidation sent.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventLine {
    #[serde(flatten)]
    pub event: EventRow,
    #[serde(rename = "type")]
    pub kind: EventTag,
}

/// The last NDJSON line: the counts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SummaryLine {
    #[serde(flatten)]
    pub tally: Tally,
    #[serde(rename = "type")]
    pub kind: SummaryTag,
}

/// The one document of `--format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgainstDoc {
    #[serde(flatten)]
    pub info: RunInfo,
    pub requests: Vec<Row>,
    pub events: Vec<EventRow>,
    pub summary: Tally,
    #[serde(rename = "type")]
    pub kind: AgainstTag,
}

/// Any document `simulate --against` prints.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Document {
    Against(AgainstDoc),
    Run(RunLine),
    Request(RequestLine),
    Event(EventLine),
    Summary(SummaryLine),
}

/// The JSON Schema of every document, as committed.
pub fn schema() -> String {
    crate::output::schema::render(
        schemars::schema_for!(Document),
        "against.schema.json",
        "isrctl simulate --against output",
        "Any document `isrctl simulate --against` prints: one JSON document (`against`) or one \
         NDJSON line (`against_run`, `against_request`, `against_event`, `against_summary`).",
    )
}

/// Print the report in the chosen format.
pub fn render(out: &Output, info: &RunInfo, report: &Report) -> Result<()> {
    match out.format {
        Format::Json => out.json_pretty(&sorted(&AgainstDoc {
            info: info.clone(),
            requests: report.rows.clone(),
            events: report.events.clone(),
            summary: report.tally,
            kind: Default::default(),
        }))?,
        Format::Ndjson => {
            out.json_line(&sorted(&RunLine {
                info: info.clone(),
                kind: Default::default(),
            }))?;
            for line in lines(report) {
                match line {
                    Line::Request(row) => out.json_line(&sorted(&RequestLine {
                        row: row.clone(),
                        kind: Default::default(),
                    }))?,
                    Line::Event(event) => out.json_line(&sorted(&EventLine {
                        event: event.clone(),
                        kind: Default::default(),
                    }))?,
                }
            }
            out.json_line(&sorted(&SummaryLine {
                tally: report.tally,
                kind: Default::default(),
            }))?;
        }
        Format::Table => {
            if !out.quiet() {
                out.line(&table(report).to_string())?;
                out.line("")?;
            }
            for l in summary(info, &report.tally) {
                out.line(&l)?;
            }
        }
    }
    if report.tally.not_simulated > 0 {
        out.note(&format!(
            "{} to paths the model does not simulate (assets, API routes, redirects of the build) were sent but not compared",
            count(report.tally.not_simulated as u64, "request")
        ));
    }
    for row in report.rows.iter().filter(|r| r.verdict == Verdict::Diverge) {
        out.warn(&format!(
            "{} t={} {}: predicted {}{}, observed {}{}",
            row.place,
            crate::human::seconds(row.t),
            escape(&row.path),
            row.predicted,
            change_words(row.predicted_changed),
            row.observed.as_deref().unwrap_or("-"),
            change_words(row.observed_changed),
        ));
    }
    Ok(())
}

fn change_words(c: Option<bool>) -> &'static str {
    match c {
        Some(true) => " (new content)",
        Some(false) => " (same content)",
        None => "",
    }
}

/// A request row or a revalidation, in time order (a revalidation before requests at its time).
enum Line<'a> {
    Request(&'a Row),
    Event(&'a EventRow),
}

fn lines(report: &Report) -> Vec<Line<'_>> {
    let mut out: Vec<(f64, u8, Line<'_>)> = report
        .rows
        .iter()
        .map(|r| (r.t, 1, Line::Request(r)))
        .chain(report.events.iter().map(|e| (e.t, 0, Line::Event(e))))
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, _, l)| l).collect()
}

/// Longest path shown in the table (the JSON has it whole).
const PATH_WIDTH: usize = 22;

fn short(path: &str) -> String {
    let p = escape(path);
    if p.chars().count() <= PATH_WIDTH {
        return p.into_owned();
    }
    let head: String = p.chars().take(PATH_WIDTH - 1).collect();
    format!("{head}…")
}

fn yes_no(c: Option<bool>) -> &'static str {
    match c {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    }
}

fn verdict_cell(v: Verdict) -> String {
    match v {
        Verdict::Agree => "✓".green().to_string(),
        Verdict::Diverge => "✗ diverges".red().bold().to_string(),
        Verdict::NearBoundary => "~ boundary".yellow().to_string(),
        Verdict::NoAnswer => "no answer".red().to_string(),
        Verdict::NotSent => "not sent".dimmed().to_string(),
    }
}

/// t, path, predicted, observed, version change predicted/observed, verdict: within 80 columns.
fn table(report: &Report) -> comfy_table::Table {
    let mut t = new_table(["t", "path", "predicted", "observed", "new p/o", "verdict"]);
    // At most 80 columns whatever the terminal (or none): wide cells wrap.
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(80);
    for line in lines(report) {
        t.add_row(match line {
            Line::Request(r) => vec![
                crate::human::seconds(r.t),
                short(&r.path),
                r.predicted.clone(),
                r.observed.clone().unwrap_or_else(|| "-".into()),
                format!(
                    "{}/{}",
                    yes_no(r.predicted_changed),
                    yes_no(r.observed_changed)
                ),
                verdict_cell(r.verdict),
            ],
            Line::Event(e) => vec![
                crate::human::seconds(e.t),
                short(&match e.event {
                    EventKind::RevalidatePath => format!("⟳ {}", e.target),
                    EventKind::RevalidateTag => format!("⟳ tag:{}", e.target),
                }),
                String::new(),
                e.status.map_or_else(|| "-".into(), |s| s.to_string()),
                String::new(),
                if e.ok {
                    "sent".into()
                } else {
                    "refused".red().to_string()
                },
            ],
        });
    }
    t
}

/// The divergence summary in words.
fn summary(info: &RunInfo, t: &Tally) -> Vec<String> {
    let slack = crate::human::seconds(info.slack);
    let mut out = vec![format!(
        "{} against {}: {} agree, {} {}, {} near a boundary{}",
        count(t.requests as u64, "request"),
        escape(&info.base_url),
        t.agree,
        t.diverge,
        if t.diverge == 1 {
            "diverges"
        } else {
            "diverge"
        },
        t.near_boundary,
        match (t.no_answer, t.not_sent) {
            (0, 0) => String::new(),
            (0, n) => format!(", {n} not sent"),
            (a, n) => format!(", {a} without an answer, {n} not sent"),
        }
    )];
    out.push(format!(
        "model: {} ({}), predicted from {}",
        info.platform.name(),
        escape(&info.basis),
        escape(&info.source)
    ));
    if t.near_boundary > 0 {
        out.push(format!(
            "near a boundary (~): a disagreement within {slack} (--slack) of a TTL boundary,\n  \
             the end of a render or an invalidation of the path: real clocks and network\n  \
             latency can land on either side, so it is reported and does not fail the run"
        ));
    }
    if t.diverge > 0 {
        out.push(
            "diverges (✗): the deployment did not serve what the model predicts for this\n  \
             schedule (exit 6)"
                .into(),
        );
    } else if t.not_sent + t.no_answer == 0 {
        out.push(
            "every request agrees with the model (near-boundary disagreements allowed)".into(),
        );
    }
    out
}
