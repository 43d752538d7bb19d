//! The dashboard of coordinators, supervisors and admins: the API's figures for what they may
//! see — counts by status, kind, category and unit, rates, the units' league table and the
//! weekly trend — drawn as SVG. Every number is the API's; the page only draws it.

use crate::api;
use crate::contexts;
use crate::format;
use crate::i18n::{self, Msg};
use crate::pages::report::names;
use crate::t;
use crate::widgets::{load, loaded};
use chrono::Datelike;
use lapor_types::reports::{ReportKind, ReportStatus};
use lapor_types::stats::{InstitutionStats, Interval, StatsQuery, Tally, Trend};
use leptos::prelude::*;
use std::collections::HashMap;

/// How many weeks the trend shows.
const TREND_WEEKS: usize = 12;

#[component]
pub fn Dashboard() -> impl IntoView {
    let reload = RwSignal::new(0);
    let summary = load(reload, api::stats_summary);
    let league = load(reload, api::stats_institutions);
    let trend = load(reload, || {
        let from = format::now().date_naive() - chrono::Days::new(7 * TREND_WEEKS as u64 - 1);
        api::stats_trend(StatsQuery {
            interval: Some(Interval::Week),
            created_from: Some(from),
            ..StatsQuery::default()
        })
    });
    let categories = load(reload, api::categories);
    let units = contexts::institutions();
    let lang = contexts::lang();
    view! {
        <h1>{t(Msg::Dashboard)}</h1>
        <p class="hint">{t(Msg::DashboardHint)}</p>
        {loaded(summary, move |s| {
            let category_names: HashMap<String, String> = categories.get().and_then(Result::ok)
                .map(|p| p.items.into_iter().map(|c| (c.id.to_string(), c.name)).collect())
                .unwrap_or_default();
            let unit_names: HashMap<String, String> = units.get().and_then(Result::ok)
                .map(|p| names(&p.items).into_iter().map(|(id, n)| (id.to_string(), n)).collect())
                .unwrap_or_default();
            let l = lang.get();
            let statuses = status_bars(&s.by_status, s.awaiting_disposition, l);
            let kinds = labelled(&s.by_kind, |k| ReportKind::parse(k).map(|k| i18n::kind(k, l).to_owned()));
            let none = Msg::NoCategory.text(l);
            let by_category = labelled(&s.by_category, |k| category_names.get(k).cloned().or_else(|| (k == "none").then(|| none.to_owned())));
            let by_unit = labelled(&s.by_unit, |k| unit_names.get(k).cloned());
            view! {
                <div class="tiles">
                    <Tile label=Msg::Total value=s.total.to_string()/>
                    <Tile label=Msg::FollowedUpRate value=format::percent(s.followed_up_rate)/>
                    <Tile label=Msg::FinishedRate value=format::percent(s.finished_rate)/>
                    <Tile label=Msg::AnsweredOnTime value=format::percent(s.on_time.first_response)/>
                    <Tile label=Msg::ResolvedOnTime value=format::percent(s.on_time.resolve)/>
                    <Tile label=Msg::OverdueRate value=format::percent(s.overdue_rate)/>
                    <Tile label=Msg::AverageRating value=format!("{} / 5 ({})", format::one_decimal(s.rating.average, l), s.rating.count)/>
                </div>
                <div class="charts">
                    <Bars title=Msg::ByStatus bars=statuses/>
                    <Bars title=Msg::ByKind bars=kinds/>
                    <Bars title=Msg::ByCategory bars=by_category/>
                    <Bars title=Msg::ByUnit bars=by_unit/>
                </div>
            }
        })}
        <h2>{t(Msg::TrendHeading)}</h2>
        {loaded(trend, |trend| view! { <Columns trend/> })}
        <h2>{t(Msg::LeagueHeading)}</h2>
        {loaded(league, move |rows| view! { <League rows/> })}
    }
}

/// Tallies with their keys in words (the key itself when there are none).
/// The status bars, the submitted split in two: those waiting for verification and those
/// verified, waiting for their disposition (beside them, the API's order kept otherwise).
fn status_bars(
    by_status: &[Tally],
    awaiting_disposition: i64,
    l: i18n::Lang,
) -> Vec<(String, i64)> {
    let mut bars = Vec::new();
    for t in by_status {
        let name = |s| i18n::report_status(s, false, l).to_owned();
        match ReportStatus::parse(&t.key) {
            Some(ReportStatus::Submitted) => {
                bars.push((
                    name(ReportStatus::Submitted),
                    t.count - awaiting_disposition,
                ));
                let verified = i18n::report_status(ReportStatus::Submitted, true, l);
                bars.push((verified.to_owned(), awaiting_disposition));
            }
            Some(s) => bars.push((name(s), t.count)),
            None => bars.push((t.key.clone(), t.count)),
        }
    }
    bars.retain(|(_, count)| *count > 0);
    bars
}

fn labelled(tallies: &[Tally], name: impl Fn(&str) -> Option<String>) -> Vec<(String, i64)> {
    tallies
        .iter()
        .map(|t| (name(&t.key).unwrap_or_else(|| t.key.clone()), t.count))
        .collect()
}

#[component]
fn Tile(label: Msg, value: String) -> impl IntoView {
    view! { <div class="tile"><span class="figure">{value}</span><span>{t(label)}</span></div> }
}

/// A horizontal bar chart: one bar per tally under its label, scaled to the largest.
#[component]
fn Bars(title: Msg, bars: Vec<(String, i64)>) -> impl IntoView {
    const ROW: usize = 38;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = (bars.len() * ROW).max(ROW);
    view! {
        <figure class="chart">
            <figcaption>{t(title)}</figcaption>
            <svg viewBox=format!("0 0 320 {height}") role="img" aria-label=move || t(title)()>
                {bars.into_iter().enumerate().map(|(i, (label, count))| {
                    let y = i * ROW;
                    let width = 1 + 260 * count / max;
                    view! {
                        <g>
                            <title>{format!("{label}: {count}")}</title>
                            <text x="0" y=y + 13>{label}</text>
                            <rect x="0" y=y + 18 width=width height="14" rx="2"/>
                            <text x=width + 6 y=y + 30>{count}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

/// The trend as columns per week: filed beside finished, overdue marked.
#[component]
fn Columns(trend: Trend) -> impl IntoView {
    let lang = contexts::lang();
    let points = trend.points;
    if points.is_empty() {
        return view! { <p class="hint">{t(Msg::NoData)}</p> }.into_any();
    }
    const W: usize = 36;
    let max = points
        .iter()
        .map(|p| p.filed.max(p.finished))
        .max()
        .unwrap_or(0)
        .max(1);
    // At least a dozen columns wide, so a short series is not drawn a page tall.
    let width = (points.len() * W).max(TREND_WEEKS * W) + 10;
    let bar = move |n: i64| 140 * n / max;
    view! {
        <figure class="chart wide">
            <svg viewBox=format!("0 0 {width} 180") role="img" aria-label=move || t(Msg::TrendHeading)()>
                {points.into_iter().enumerate().map(|(i, p)| {
                    let x = i * W + 5;
                    let (filed, finished) = (bar(p.filed), bar(p.finished));
                    let day = format!("{:02}/{:02}", p.period_start.day(), p.period_start.month());
                    let tip_day = day.clone();
                    let tip = move || format!("{tip_day}: {} {}, {} {}, {} {}",
                        p.filed, Msg::Filed.text(lang.get()), p.finished, Msg::Finished.text(lang.get()),
                        p.overdue, Msg::Overdue.text(lang.get()));
                    view! {
                        <g>
                            <title>{tip}</title>
                            <rect class="filed" x=x y=150 - filed width="14" height=filed/>
                            <rect class="finished" x=x + 15 y=150 - finished width="14" height=finished/>
                            <text x=x y="170" class="small">{day.clone()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="legend">
                <span><span class="key filed"></span>{t(Msg::ReportsFiled)}</span>
                <span><span class="key finished"></span>{t(Msg::ReportsFinished)}</span>
            </figcaption>
        </figure>
    }
    .into_any()
}

/// The units' league table, as the API sorted it.
#[component]
fn League(rows: Vec<InstitutionStats>) -> impl IntoView {
    let lang = contexts::lang();
    view! {
        // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
        <div class="scroll" tabindex="0" role="region" aria-label=move || t(Msg::LeagueHeading)()>
            <table>
                <thead><tr>
                    <th scope="col">{t(Msg::Unit)}</th>
                    <th scope="col">{t(Msg::Dispositions)}</th>
                    <th scope="col">{t(Msg::RespondedRate)}</th>
                    <th scope="col">{t(Msg::AnsweredOnTime)}</th>
                    <th scope="col">{t(Msg::CompletedRate)}</th>
                    <th scope="col">{t(Msg::AverageRating)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name}</th>
                            <td>{r.dispositions}</td>
                            <td>{format::percent(r.responded_rate)}</td>
                            <td>{format::percent(r.on_time_rate)}</td>
                            <td>{format::percent(r.completed_rate)}</td>
                            <td>{move || format::one_decimal(r.rating.average, lang.get())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
