//! A map drawn by the app from square tiles (OpenStreetMap's by default; `LAPOR_MAP_TILES`):
//! pins, dragging, zoom buttons and the keyboard, and — on the filing form — a pin dropped by a
//! tap, at the map's centre or at the browser's location. No map library: the Web Mercator
//! arithmetic is a few lines, and the code comes with the pages that show a map, never with the
//! first load. Without tile access (offline, a blocked server) the map is blank but pins, the
//! choice and the coordinates still work.

use crate::api;
use crate::contexts;
use crate::i18n::Msg;
use crate::t;
use lapor_types::MapSettings;
use leptos::prelude::*;
use std::f64::consts::PI;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

const TILE: f64 = 256.0;
/// The zoom a pinned place opens at: streets readable.
pub const STREET: u8 = 16;

/// A place on the map, optionally a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    pub latitude: f64,
    pub longitude: f64,
    pub label: String,
    pub href: Option<String>,
}

/// Where `(latitude, longitude)` lies in the world's pixels at `zoom`.
pub fn to_pixels(latitude: f64, longitude: f64, zoom: u8) -> (f64, f64) {
    let size = TILE * f64::from(1u32 << zoom);
    let lat = latitude.clamp(-85.0511, 85.0511).to_radians();
    let x = (longitude + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * size;
    (x, y)
}

/// The place at world pixel `(x, y)` at `zoom`.
pub fn to_place(x: f64, y: f64, zoom: u8) -> (f64, f64) {
    let size = TILE * f64::from(1u32 << zoom);
    let longitude = x / size * 360.0 - 180.0;
    let latitude = (PI * (1.0 - 2.0 * y / size)).sinh().atan().to_degrees();
    (latitude, longitude.clamp(-180.0, 180.0))
}

/// A coordinate with five decimals (about a metre), printed without float formatting (which
/// would add its weight to the app): `-6,20812` in Indonesian, `-6.20812` in English.
pub fn coordinate(value: f64, lang: crate::i18n::Lang) -> String {
    let n = (value * 100_000.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let sep = if lang == crate::i18n::Lang::Id {
        ','
    } else {
        '.'
    };
    format!("{sign}{}{sep}{:05}", n.abs() / 100_000, n.abs() % 100_000)
}

/// The deployment's map settings (`GET /site`), or none while they load or cannot.
pub fn settings() -> LocalResource<Option<MapSettings>> {
    LocalResource::new(|| async { api::site().await.ok().map(|s| s.map) })
}

/// A map of `pins`, opening on the first of them (else, and for an `overview`, on the
/// deployment's centre). With `pick`, a tap (or "pin the centre", or "my location") puts the one
/// pin there and sets `pick`.
#[component]
pub fn Map(
    label: Msg,
    #[prop(into)] pins: Signal<Vec<Pin>>,
    #[prop(optional)] pick: Option<RwSignal<Option<(f64, f64)>>>,
    #[prop(optional)] overview: bool,
) -> impl IntoView {
    let settings = settings();
    move || {
        let s = settings.get().flatten()?;
        let first = pins
            .with_untracked(|p| p.first().map(|p| (p.latitude, p.longitude)))
            .or_else(|| pick.and_then(|p| p.get_untracked()))
            .filter(|_| !overview);
        let (center, zoom) = match first {
            Some(place) => (place, STREET),
            None => ((s.latitude, s.longitude), s.zoom),
        };
        Some(view! { <Tiles label settings=s center zoom pins pick/> })
    }
}

#[component]
fn Tiles(
    label: Msg,
    settings: MapSettings,
    center: (f64, f64),
    zoom: u8,
    pins: Signal<Vec<Pin>>,
    pick: Option<RwSignal<Option<(f64, f64)>>>,
) -> impl IntoView {
    let lang = contexts::lang();
    let zoom = RwSignal::new(zoom.clamp(1, 19));
    // The centre in world pixels at the current zoom.
    let middle = RwSignal::new(to_pixels(center.0, center.1, zoom.get_untracked()));
    let zoom_by = move |step: i8| {
        let (lat, lon) = middle.with_untracked(|&(x, y)| to_place(x, y, zoom.get_untracked()));
        let next = zoom
            .get_untracked()
            .saturating_add_signed(step)
            .clamp(1, 19);
        zoom.set(next);
        middle.set(to_pixels(lat, lon, next));
    };
    let pan = move |dx: f64, dy: f64| middle.update(|(x, y)| (*x, *y) = (*x + dx, *y + dy));
    // A drag moves the map; a press that barely moves is a tap.
    let dragging = StoredValue::new(None::<(f64, f64, f64)>);
    let down = move |ev: web_sys::PointerEvent| {
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        dragging.set_value(Some((
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            0.0,
        )));
    };
    let moved = move |ev: web_sys::PointerEvent| {
        let Some((x, y, travel)) = dragging.get_value() else {
            return;
        };
        let (nx, ny) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        pan(x - nx, y - ny);
        dragging.set_value(Some((nx, ny, travel + (x - nx).abs() + (y - ny).abs())));
    };
    let up = move |ev: web_sys::PointerEvent| {
        let Some((_, _, travel)) = dragging.get_value() else {
            return;
        };
        dragging.set_value(None);
        let (Some(pick), true) = (pick, travel < 6.0) else {
            return;
        };
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        let dx = f64::from(ev.client_x()) - (rect.left() + rect.width() / 2.0);
        let dy = f64::from(ev.client_y()) - (rect.top() + rect.height() / 2.0);
        let (x, y) = middle.get_untracked();
        pick.set(Some(to_place(x + dx, y + dy, zoom.get_untracked())));
    };
    let keys = move |ev: web_sys::KeyboardEvent| {
        let step = 64.0;
        match ev.key().as_str() {
            "ArrowLeft" => pan(-step, 0.0),
            "ArrowRight" => pan(step, 0.0),
            "ArrowUp" => pan(0.0, -step),
            "ArrowDown" => pan(0.0, step),
            "+" | "=" => zoom_by(1),
            "-" => zoom_by(-1),
            _ => return,
        }
        ev.prevent_default();
    };
    let template = settings.tiles.clone();
    // The tiles around the centre: enough for a map up to 1,280 × 320 px.
    let tiles = move || {
        let z = zoom.get();
        let (cx, cy) = middle.get();
        let count = 1i64 << z;
        let (x0, x1) = (
            ((cx - 640.0) / TILE).floor() as i64,
            ((cx + 640.0) / TILE).floor() as i64,
        );
        let (y0, y1) = (
            ((cy - 160.0) / TILE).floor() as i64,
            ((cy + 160.0) / TILE).floor() as i64,
        );
        let mut out = Vec::new();
        for ty in y0.max(0)..=y1.min(count - 1) {
            for tx in x0..=x1 {
                let url = template
                    .replace("{z}", &z.to_string())
                    .replace("{x}", &tx.rem_euclid(count).to_string())
                    .replace("{y}", &ty.to_string());
                let at = offset(tx as f64 * TILE - cx, ty as f64 * TILE - cy);
                out.push(view! {
                    <img class="tile" src=url style=at alt="" draggable="false"
                        on:error=|ev| {
                            let img: web_sys::Element = event_target(&ev);
                            let _ = img.class_list().add_1("failed");
                        }/>
                });
            }
        }
        out
    };
    let shown = move || {
        let mut all = pins.get();
        if let Some((latitude, longitude)) = pick.and_then(|p| p.get()) {
            all.push(Pin {
                latitude,
                longitude,
                label: Msg::ChosenPlace.text(lang.get()).to_owned(),
                href: None,
            });
        }
        let z = zoom.get();
        let (cx, cy) = middle.get();
        all.into_iter()
            .map(|p| {
                let (x, y) = to_pixels(p.latitude, p.longitude, z);
                let at = offset(x - cx, y - cy);
                match p.href {
                    Some(href) => view! { <a class="pin" href=href style=at title=p.label.clone() aria-label=p.label></a> }.into_any(),
                    None => view! { <span class="pin" style=at role="img" aria-label=p.label></span> }.into_any(),
                }
            })
            .collect_view()
    };
    let pin_centre = move |_| {
        if let Some(pick) = pick {
            let (x, y) = middle.get_untracked();
            pick.set(Some(to_place(x, y, zoom.get_untracked())));
        }
    };
    let locate = move |_| {
        if let Some(pick) = pick {
            my_location(pick, middle, zoom);
        }
    };
    view! {
        <div class="map-wrap">
            <div class="map" tabindex="0" role="application" aria-label=move || t(label)()
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:keydown=keys>
                {tiles}
                {shown}
                <span class="crosshair" aria-hidden="true"></span>
                <span class="attribution">{settings.attribution.clone()}</span>
            </div>
            <div class="map-controls">
                <button type="button" on:click=move |_| zoom_by(1) aria-label=move || t(Msg::ZoomIn)()>"+"</button>
                <button type="button" on:click=move |_| zoom_by(-1) aria-label=move || t(Msg::ZoomOut)()>"−"</button>
                {pick.map(|_| view! {
                    <button type="button" on:click=pin_centre>{t(Msg::PinCentre)}</button>
                    <button type="button" on:click=locate>{t(Msg::MyLocation)}</button>
                })}
            </div>
        </div>
    }
}

/// `left`/`top` of something `dx`, `dy` pixels from the map's centre (whole pixels: no float
/// formatting).
fn offset(dx: f64, dy: f64) -> String {
    format!(
        "left: calc(50% + {}px); top: calc(50% + {}px)",
        dx.round() as i64,
        dy.round() as i64
    )
}

/// Asks the browser where it is; puts the pin there and the map on it. A refusal (or no
/// location at all) leaves the pin where it was.
fn my_location(
    pick: RwSignal<Option<(f64, f64)>>,
    middle: RwSignal<(f64, f64)>,
    zoom: RwSignal<u8>,
) {
    let Ok(geo) = window().navigator().geolocation() else {
        return;
    };
    let found = Closure::once_into_js(move |position: web_sys::Position| {
        let c = position.coords();
        let (latitude, longitude) = (c.latitude(), c.longitude());
        pick.set(Some((latitude, longitude)));
        zoom.set(STREET);
        middle.set(to_pixels(latitude, longitude, STREET));
    });
    let _ = geo.get_current_position(found.unchecked_ref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn places_and_pixels_round_trip() {
        // Jakarta at zoom 12, and back within a metre.
        let (x, y) = to_pixels(-6.2, 106.816666, 12);
        assert_eq!(((x / TILE) as i64, (y / TILE) as i64), (3263, 2118));
        let (lat, lon) = to_place(x, y, 12);
        assert!(
            (lat + 6.2).abs() < 1e-6 && (lon - 106.816666).abs() < 1e-6,
            "{lat} {lon}"
        );
        assert_eq!(to_pixels(0.0, -180.0, 0), (0.0, 128.0));
    }

    #[test]
    fn coordinates_print_plainly() {
        assert_eq!(coordinate(-6.208123, Lang::Id), "-6,20812");
        assert_eq!(coordinate(106.5, Lang::En), "106.50000");
        assert_eq!(coordinate(-0.000004, Lang::En), "0.00000");
    }
}
