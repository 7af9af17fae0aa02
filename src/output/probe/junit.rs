//! `--junit FILE`: the probe's checks as a JUnit XML report for CI (written with `quick-junit`).
//! One test suite per URL (named by the URL), one test case per check: the requests answered,
//! each lint rule that fired (a failure with `--fail-on-lint`), `--until` and `--expect`.

use crate::probe::explain::Explanation;
use crate::probe::lints::Lint;
use crate::probe::{Checks, Outcome, Verdict};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

fn failure(kind: &str, message: String) -> TestCaseStatus {
    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
    st.set_type(kind).set_message(message);
    st
}

fn case(url: &str, name: String, status: TestCaseStatus) -> TestCase {
    let mut c = TestCase::new(name, status);
    c.set_classname(url.to_string());
    c
}

/// The report as XML text.
pub fn report(
    o: &Outcome,
    checks: &Checks,
    verdict: &Verdict,
    explanations: &[Explanation],
) -> Result<String, quick_junit::SerializeError> {
    let mut report = Report::new("isrctl probe");
    report.set_time(o.elapsed);
    for (i, s) in o.summaries.iter().enumerate() {
        let mut suite = TestSuite::new(s.url.clone());
        suite.set_time(o.elapsed);
        let answered = s.samples - s.errors;
        let status = if s.samples > 0 && answered == 0 {
            let why = s.last_error.clone().unwrap_or_else(|| "no answer".into());
            failure("error", format!("every request failed: {why}"))
        } else {
            TestCaseStatus::success()
        };
        let mut c = case(&s.url, "requests answered".into(), status);
        c.set_system_out(format!(
            "{answered} of {} requests answered; sequence {}",
            s.samples,
            s.sequence
                .iter()
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ));
        suite.add_test_case(c);
        let lints: &[Lint] = if checks.once {
            explanations
                .iter()
                .find(|x| x.url == s.url)
                .map_or(&[], |x| &x.lints)
        } else {
            &s.lints
        };
        for l in lints {
            let msg = format!("{} (evidence: {})", l.message, l.evidence);
            let status = if checks.fail_on_lint {
                failure("lint", msg.clone())
            } else {
                TestCaseStatus::success()
            };
            let mut c = case(&s.url, format!("lint {}", l.code), status);
            c.set_system_out(msg);
            suite.add_test_case(c);
        }
        if let Some(u) = checks.until {
            let reached = o.reached.get(i).copied().unwrap_or(false);
            let status = if reached {
                TestCaseStatus::success()
            } else {
                failure("until", format!("--until {u} not reached"))
            };
            suite.add_test_case(case(&s.url, format!("until {u}"), status));
        }
        if !checks.expect.is_empty() {
            let want: Vec<&str> = checks.expect.iter().map(|x| x.as_str()).collect();
            let met = verdict
                .expect_met
                .as_ref()
                .and_then(|m| m.get(i).copied())
                .unwrap_or(false);
            let status = if met {
                TestCaseStatus::success()
            } else {
                let saw: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
                failure(
                    "expect",
                    format!("expected {}, saw {}", want.join(","), saw.join(",")),
                )
            };
            suite.add_test_case(case(&s.url, format!("expect {}", want.join(",")), status));
        }
        if o.interrupted {
            suite.set_system_err("interrupted; results so far");
        }
        report.add_test_suite(suite);
    }
    report.to_string()
}
