// The browser test (`make browser-test`): the real server (target/debug/lapor) on a fresh SQLite
// database with the demo regency, the built web app (frontend/dist), headless Debian Chromium
// driven by playwright-core. Each main page is checked at phone (360 px) and desktop (1280 px)
// width, scanned by axe-core (no serious or critical violation allowed) and saved as a
// screenshot under target/screenshots. Exits non-zero on the first failure.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shots = path.join(root, "target", "screenshots");
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PASSWORD = "lapor-demo-2026";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function check(ok, what) {
  if (!ok) throw new Error(`failed: ${what}`);
}

async function startServer(extraEnv = {}) {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lapor-browser-"));
  const port = await freePort();
  const server = spawn(path.join(root, "target/debug/lapor"), ["serve", "--demo"], {
    env: {
      ...process.env,
      LAPOR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...extraEnv,
      DATABASE_URL: `sqlite://${data}/lapor.db`,
      LAPOR_DATA_DIR: data,
      LAPOR_LISTEN: `127.0.0.1:${port}`,
      LAPOR_WEB_DIR: path.join(root, "frontend/dist"),
      LAPOR_JWT_SECRET: "browser-test-secret-browser-test-secret!",
      // Rounds every second, so the dashboard's rollups count the story soon after it ends.
      LAPOR_JOBS_INTERVAL: "1",
      // The demo regency's deployment: the place picker starts at Kabupaten Tangerang.
      LAPOR_HOME_REGION: "36.03",
      // The paging check files 50 reports as one citizen, past the default quota (10 an hour).
      LAPOR_LIMIT_FILING: "100/1h",
      // Every page signs its account in afresh, many within a minute from one address: past the
      // default sign-in limits, which tests/api/limits.rs covers.
      LAPOR_LIMIT_SIGN_IN: "1000/1m",
      LAPOR_LIMIT_SIGN_IN_ADDRESS: "1000/1m",
      RUST_LOG: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited: ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { server, base };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not become ready");
}

async function api(base, method, p, body, token) {
  const r = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  const json = await r.json();
  check(r.ok, `${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const saved = [];

// A real SMTP server (Python's aiosmtpd, from the test venv `make test` installs) keeping what
// it receives in a Maildir; `link(to, page)` waits for the next unread message to `to` and
// answers the link to `page` in it.
// The fake national SP4N-LAPOR! platform (tools/fake_national.py): its URL once it listens, and
// a control call (`/_fake/...`, as the national side's citizens and admins).
async function fakeNational() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lapor-national-"));
  const python = process.env.LAPOR_TEST_PYTHON || path.join(root, "target/test-venv/bin/python");
  const fake = spawn(python, [path.join(root, "tools/fake_national.py"), "--port", "0", "--state", path.join(dir, "state.json")], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  process.on("exit", () => fake.kill());
  const url = await new Promise((resolve, reject) => {
    fake.stdout.once("data", (line) => resolve(String(line).trim().replace("listening on ", "")));
    fake.once("exit", (code) => reject(new Error(`the fake national platform exited: ${code}`)));
  });
  const control = async (p, body) => (await fetch(`${url}/_fake/${p}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  })).json();
  return {
    control,
    // Its stdout pipe keeps Node running until it is gone.
    stop: () => fake.kill(),
    env: {
      LAPOR_NATIONAL_URL: url,
      LAPOR_NATIONAL_TOKEN: "fake-bearer",
      LAPOR_NATIONAL_INSTITUTION_TOKEN: "fake-institution-token",
      LAPOR_NATIONAL_INSTITUTION_ID: "3603",
      LAPOR_NATIONAL_ACCOUNT: "integrasi@demo.lapor.test",
      LAPOR_NATIONAL_REGION: "36.03.18",
      LAPOR_NATIONAL_INTERVAL: "1",
    },
  };
}

async function mailbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lapor-mail-"));
  const port = await freePort();
  const python = process.env.LAPOR_TEST_PYTHON || path.join(root, "target/test-venv/bin/python");
  const smtp = spawn(python, ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", path.join(dir, "mail")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.on("exit", () => smtp.kill());
  const read = new Set();
  async function link(to, page) {
    for (let i = 0; i < 300; i++) {
      const inbox = path.join(dir, "mail", "new");
      for (const f of fs.existsSync(inbox) ? fs.readdirSync(inbox) : []) {
        if (read.has(f)) continue;
        // Quoted-printable soft line breaks and "=" undone.
        const text = fs.readFileSync(path.join(inbox, f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
        if (!text.includes(`To: ${to}`)) continue;
        read.add(f);
        const found = text.match(new RegExp(`(http://[^\\s]+${page}#[A-Za-z0-9_-]+)`));
        check(found, `a link to ${page} in ${text}`);
        return found[1];
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail to ${to}`);
  }
  return { url: `smtp://127.0.0.1:${port}`, link, stop: () => smtp.kill() };
}

// With email: a citizen registers, confirms by the emailed link with the password chosen, and
// later forgets the password and chooses a new one by another emailed link. Access tokens here
// live one second (plus the server's 5 s leeway), so pages run on refreshed tokens: the
// dashboard's parallel requests share one refresh and stay signed in; a session ended elsewhere
// and a signed-out deep link both go to the sign-in page and come back.
async function byEmail(browser) {
  const mail = await mailbox();
  const { server, base } = await startServer({ LAPOR_SMTP_URL: mail.url, LAPOR_ACCESS_TOKEN_TTL: "1" });
  const width = 360;
  const email = "budi.santoso@example.id";
  try {
    await page(browser, base, width, "register-by-email", async (p) => {
      await p.goto(`${base}/daftar`);
      await p.getByLabel("Nama").fill("Budi Santoso");
      await p.getByLabel("Email").fill(email);
      await p.getByLabel("Kata sandi").fill("sandi budi yang panjang");
      await p.getByRole("button", { name: "Daftar", exact: true }).click();
      await p.getByRole("status").getByText(email).waitFor();
      check(!(await p.getByRole("button", { name: "Daftar", exact: true }).isVisible()), "the form is gone once the link is sent");
    });
    const confirm = await mail.link(email, "/daftar/konfirmasi");
    await page(browser, base, width, "confirm-registration", async (p) => {
      await p.goto(confirm);
      await p.getByRole("heading", { name: "Selesaikan pendaftaran" }).waitFor();
      await p.getByLabel("Kata sandi").fill("bukan sandinya");
      await p.getByRole("button", { name: "Selesaikan" }).click();
      await p.getByText("Itu bukan kata sandi yang dipilih saat mendaftar.").waitFor();
      await p.getByLabel("Kata sandi").fill("sandi budi yang panjang");
      await p.getByRole("button", { name: "Selesaikan" }).click();
      await p.getByRole("heading", { name: "Buat laporan" }).waitFor();
      await p.locator("header").getByText("Budi Santoso").waitFor({ state: "attached" });
    });
    await page(browser, base, width, "forgot-password", async (p) => {
      await p.goto(`${base}/masuk`);
      await p.getByRole("link", { name: "Lupa kata sandi?" }).click();
      await p.getByLabel("Email").fill(email);
      await p.getByRole("button", { name: "Kirim tautan" }).click();
      await p.getByText("Jika alamat ini punya akun").waitFor();
    });
    const reset = await mail.link(email, "/sandi/baru");
    await page(browser, base, width, "new-password", async (p) => {
      await p.goto(reset);
      await p.getByLabel("Kata sandi baru").fill("sandi baru budi 2026");
      await p.getByRole("button", { name: "Selesaikan" }).click();
      await p.getByText("Kata sandi sudah diganti.").waitFor();
      await p.getByRole("main").getByRole("link", { name: "Masuk" }).click();
      await p.getByLabel("Email").fill(email);
      await p.getByLabel("Kata sandi").fill("sandi baru budi 2026");
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByText("Masuk sebagai").waitFor({ state: "attached" });
    });
    await page(browser, base, 1280, "expired-token", async (p) => {
      await p.goto(`${base}/masuk`);
      await p.getByLabel("Email").fill(COORDINATOR);
      await p.getByLabel("Kata sandi").fill(PASSWORD);
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByText("Masuk sebagai").waitFor({ state: "attached" });
      for (const round of [1, 2]) {
        // Past the token's life (1 s + 5 s leeway): the dashboard's requests are refused at once.
        await new Promise((r) => setTimeout(r, 7000));
        await p.goto(`${base}/dasbor`);
        await p.getByRole("heading", { name: "Kinerja instansi" }).waitFor();
        await p.locator(".spinner").first().waitFor({ state: "detached" });
        check(await p.locator("main .error").filter({ hasText: /\S/ }).count() === 0, `dashboard round ${round}: no error`);
        check(await p.getByText("Masuk sebagai").count() === 1, `dashboard round ${round}: still signed in`);
      }
      // The session ends elsewhere (sign out everywhere): the next page goes to sign in and back.
      const tokens = await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD });
      const ended = await fetch(`${base}/api/v1/me/sessions`, { method: "DELETE", headers: { authorization: `Bearer ${tokens.access_token}` } });
      check(ended.status === 204, `sign out everywhere: ${ended.status}`);
      await p.goto(`${base}/antrian`);
      await p.waitForURL(/\/masuk\?kembali=%2Fantrian&sesi=berakhir$/);
      await p.getByText("Sesi Anda telah berakhir.").waitFor();
      await p.getByLabel("Email").fill(COORDINATOR);
      await p.getByLabel("Kata sandi").fill(PASSWORD);
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByRole("heading", { name: "Antrian verifikasi" }).waitFor();
    });
    await page(browser, base, 360, "deep-link-signed-out", async (p) => {
      await p.goto(`${base}/laporan-saya`);
      await p.getByRole("heading", { name: "Masuk ke LAPOR!" }).waitFor();
      // Signed out, the phone's menu holds sign-in and registration, within the screen.
      await menuWithin(p, ["Beranda", "Laporan publik", "Masuk", "Daftar"], []);
      await p.getByLabel("Email").fill(CITIZEN);
      await p.getByLabel("Kata sandi").fill(PASSWORD);
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByRole("heading", { name: "Laporan saya" }).waitFor();
    });
  } finally {
    server.kill();
    mail.stop();
  }
}

// The page as it is now: axe-core finds no serious or critical violation; a screenshot.
async function scan(p, name, width) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy allows no inline
  // script tag, and the app itself runs under that policy.
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(axeSource);
  const { violations } = await p.evaluate(() => window.axe.run());
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `${name} @${width}: axe ${JSON.stringify(bad.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target)]))}`);
  const file = path.join(shots, `${name}-${width}.png`);
  await p.screenshot({ path: file, fullPage: true });
  saved.push(path.relative(root, file));
}

// A browser context at `width`, signed in as `email` when given (the session the app keeps in
// localStorage, from the API's login).
async function contextFor(browser, base, width, email) {
  // Somewhere in Cikupa, for "my location"; no map tiles (the page must work without them).
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 740 : 800 },
    geolocation: { latitude: -6.19, longitude: 106.47 },
    permissions: ["geolocation"],
  });
  await context.route(/tile\.openstreetmap\.org/, (r) => r.abort());
  if (email) {
    const tokens = await api(base, "POST", "/auth/login", { email, password: PASSWORD });
    check(tokens.access_token, `${email} signed in: ${JSON.stringify(tokens)}`);
    const session = JSON.stringify({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    await context.addInitScript((s) => localStorage.setItem("lapor.session", s), session);
  }
  return context;
}

async function page(browser, base, width, name, visit, email) {
  const context = await contextFor(browser, base, width, email);
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  try {
    await visit(p, width);
  } catch (e) {
    // What the page showed when it failed, for whoever reads the CI log.
    await p.screenshot({ path: path.join(shots, `FAILED-${name}-${width}.png`), fullPage: true });
    throw new Error(`${name} @${width}: ${e.message}; page errors: ${errors}; screenshot FAILED-${name}-${width}.png`);
  }
  await scan(p, name, width);
  check(errors.length === 0, `${name} @${width}: page errors ${errors}`);
  await context.close();
}

// Holds back the requests for `file` in `p` until `release()`; `requested` settles once one is
// asked for.
async function hold(p, file) {
  let asked, release;
  const requested = new Promise((r) => (asked = r));
  const released = new Promise((r) => (release = r));
  await p.route(`**/${file}`, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  return { requested, release };
}

// Counts the POSTs `p` sends from now on, by the end of their path: `posts("/verify")`.
function countPosts(p, method = "POST") {
  const sent = [];
  p.on("request", (r) => r.method() === method && sent.push(new URL(r.url()).pathname));
  return (ending) => sent.filter((path) => path.endsWith(ending)).length;
}

const CITIZEN = "warga@demo.lapor.test";
const COORDINATOR = "koordinator@demo.lapor.test";
const LIAISON = "penghubung.pupr@demo.lapor.test";
const ADMIN = "admin@demo.lapor.test";
// A 1×1 PNG: the API tells a photo by its bytes.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

// The whole story by clicking, on a phone-sized window: a citizen registers and files a report
// with a photo → the coordinator corrects its title, verifies and disposes → the unit accepts,
// notes, responds and completes → the citizen sees the response (not the note), accepts and
// rates → the dashboard counts the rating.
// Returns the report's id.
/// Unfolds the phone's menu and checks each named link and button lies within the 360 px
/// screen (none scrolled away sideways); folds it again.
async function menuWithin(p, links, buttons) {
  await p.locator("header .menu-toggle").click();
  const nav = p.locator("header nav");
  const boxes = [
    // A link's name may carry a count ("Notifikasi 2").
    ...links.map((name) => [name, nav.getByRole("link", { name: new RegExp(`^${name}`) })]),
    ...buttons.map((name) => [name, nav.getByRole("button", { name, exact: true })]),
  ];
  for (const [name, item] of boxes) {
    const box = await item.boundingBox();
    check(box && box.x >= 0 && box.x + box.width <= 360, `${name} within the screen: ${JSON.stringify(box)}`);
  }
  await p.locator("header .menu-toggle").click();
  check(!(await nav.isVisible()), "the menu folds again");
}

/// Follows a link of the header's menu: on a phone the menu unfolds first. The page may still
/// be moving (an officer opening "/" is taken to its start page, which folds the menu): then it
/// unfolds it again.
async function navTo(p, name) {
  const toggle = p.locator("header .menu-toggle");
  // Folded, the menu is display:none: out of the accessibility tree until unfolded.
  await p.locator("header nav").getByRole("link", { name, includeHidden: true }).waitFor({ state: "attached" });
  const link = p.locator("header nav").getByRole("link", { name });
  for (let attempt = 1; ; attempt++) {
    if (!(await link.isVisible()) && (await toggle.isVisible())) await toggle.click();
    try {
      await link.click({ timeout: 2000 });
      return;
    } catch (e) {
      if (attempt === 5) throw e;
    }
  }
}

async function story(browser, base) {
  const width = 360;
  const as = async (email) => {
    const context = await contextFor(browser, base, width, email);
    const p = await context.newPage();
    const errors = [];
    p.on("pageerror", (e) => errors.push(String(e)));
    return { p, done: async () => { check(errors.length === 0, `story (${email}): page errors ${errors}`); await context.close(); } };
  };
  let title = "Saluran air tersumbat di Pasar Kemis";

  // A citizen comes to the home page to file, registers on the way and lands on the form; files
  // with a photo (and first a file too large, which is refused and removed).
  const citizen = await as(null);
  let p = citizen.p;
  await p.goto(base);
  await p.getByRole("link", { name: "Buat laporan" }).click();
  await p.locator("main").getByRole("link", { name: "Daftar" }).click();
  await p.getByLabel("Nama").fill("Siti Rahayu");
  await p.getByLabel("Email").fill("siti.rahayu@example.id");
  await p.getByLabel("Kata sandi").fill("kata sandi yang panjang");
  await p.getByRole("button", { name: "Daftar", exact: true }).click();
  await p.getByRole("heading", { name: "Buat laporan" }).waitFor();
  await p.getByLabel("Judul").fill(title);
  await p.getByLabel("Isi laporan").fill("Saluran air di depan pasar tersumbat sampah sehingga jalan banjir setiap hujan.");
  await p.getByLabel("Tanggal kejadian").fill("2026-11-20");
  for (const [name, code] of [["province", "36"], ["regency", "36.03"], ["district", "36.03.18"]]) {
    await p.locator(`select[name=${name}] option[value="${code}"]`).waitFor({ state: "attached" });
    await p.locator(`select[name=${name}]`).selectOption(code);
  }
  await p.getByLabel("Alamat atau lokasi").fill("Jl. Raya Pasar Kemis depan pasar");
  // The place on the map: the browser's location, then a tap elsewhere, then the map's centre
  // (which followed the location).
  await p.getByRole("button", { name: "Lokasi saya" }).click();
  await p.getByText("Koordinat: -6,19000, 106,47000").waitFor();
  await p.locator(".map").click({ position: { x: 30, y: 30 } });
  await p.getByText("Koordinat: -6,19000, 106,47000").waitFor({ state: "detached" });
  await p.getByRole("button", { name: "Pin di tengah peta" }).click();
  await p.getByText("Koordinat: -6,19000, 106,47000").waitFor();
  await p.locator("select[name=category]").selectOption({ label: "Infrastruktur" });
  const files = p.getByLabel("Lampiran: foto, PDF atau video (tidak wajib)");
  await files.setInputFiles({ name: "besar.mp4", mimeType: "video/mp4", buffer: Buffer.alloc(11 * 1024 * 1024) });
  await p.getByText("terlalu besar (paling besar 10 MB)").waitFor();
  await p.getByRole("button", { name: "Kirim laporan" }).click();
  await p.getByText("Periksa isian yang ditandai.").waitFor();
  await p.getByRole("button", { name: "Hapus besar.mp4" }).click();
  await files.setInputFiles({ name: "saluran.png", mimeType: "image/png", buffer: PNG });
  await p.locator('ul.files img[alt="saluran.png"]').waitFor();
  await scan(p, "file-report-attachment", width);
  // The photo may show on the report's public page.
  await p.getByLabel("Tampilkan foto di halaman publik").check();
  await p.getByRole("button", { name: "Kirim laporan" }).click();
  await p.getByRole("heading", { name: "Laporan terkirim" }).waitFor();
  check(await p.locator(".error", { hasText: "Lampiran ini tidak terkirim" }).count() === 0, "the photo was sent");
  await p.getByRole("link", { name: "Laporan saya" }).last().click();
  await p.getByRole("heading", { name: title }).waitFor();
  const reportId = Number(p.url().split("/").pop());
  // Its page shows the pin on a map; the API has the coordinates.
  await p.getByRole("application", { name: "Peta lokasi laporan" }).getByRole("img", { name: title }).waitFor();
  const officer = await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD });
  const pinned = await api(base, "GET", `/reports/${reportId}`, undefined, officer.access_token);
  check(Math.abs(pinned.latitude + 6.19) < 1e-6 && Math.abs(pinned.longitude - 106.47) < 1e-6, `pinned at ${pinned.latitude}, ${pinned.longitude}`);
  await p.locator('ul.files img[alt="saluran.png"]').waitFor();
  await p.getByText("Menunggu verifikasi").first().waitFor();
  await scan(p, "report-citizen", width);

  // The coordinator finds it in the queue, verifies it and disposes it to the public works unit.
  const coordinator = await as(COORDINATOR);
  p = coordinator.p;
  await p.goto(base);
  await navTo(p, "Antrian verifikasi");
  await p.getByRole("link", { name: title }).click();
  // It corrects the title while verifying; the original stays in the timeline.
  await p.getByText("Koreksi dulu").click();
  title = `${title} Raya`;
  await p.getByLabel("Judul").fill(title);
  // A double-click verifies once (the button waits for its request).
  const posts = countPosts(p);
  await p.getByRole("button", { name: "Verifikasi" }).dblclick();
  await p.getByRole("heading", { name: title }).waitFor();
  await p.getByText("Terverifikasi, menunggu disposisi").first().waitFor();
  check(posts("/verify") === 1, `one verification sent: ${posts("/verify")}`);
  // After a reload too, the page says it is verified and what is due next, in plain words.
  await p.reload();
  await p.getByText("Terverifikasi, menunggu disposisi").first().waitFor();
  await p.getByText("Batas disposisi").waitFor();
  check(await p.getByText("Menunggu verifikasi").count() === 0 && await p.getByText("Batas verifikasi").count() === 0, "no longer waiting for verification");
  await p.getByText(/paling lambat (Senin|Selasa|Rabu|Kamis|Jumat), \d+ \w+ 20\d\d/).first().waitFor();
  check((await p.locator("ol.stepper li[aria-current=step]").innerText()).includes("Diverifikasi"), "the stepper stands at verified");
  // What the citizen entered, in words: the place, the category, the incident date.
  await p.getByText("Kec. Cikupa, Kabupaten Tangerang").waitFor();
  await p.getByText("Kategori: Infrastruktur").waitFor();
  await p.getByText("20 Nov 2026").waitFor();
  // The unit the category suggests is chosen already.
  check(await p.getByLabel("Dinas Pekerjaan Umum dan Penataan Ruang").isChecked(), "the suggested unit is chosen");
  // An instruction too short is refused beside it before anything is sent, and stays typed.
  await p.getByLabel("Instruksi untuk instansi").fill("ok");
  await p.getByRole("button", { name: "Teruskan (disposisi)" }).click();
  await p.locator(".field", { has: p.locator("textarea[name=instruction]") }).getByText("Panjang 5–2000 karakter.").waitFor();
  check(posts("/dispositions") === 0, `nothing sent: ${posts("/dispositions")}`);
  check(await p.getByLabel("Instruksi untuk instansi").inputValue() === "ok", "the instruction stays typed");
  check(await p.getByLabel("Dinas Pekerjaan Umum dan Penataan Ruang").isChecked(), "the unit stays chosen");
  await p.getByLabel("Instruksi untuk instansi").fill("Mohon dibersihkan dan dipantau saat hujan.");
  await p.getByRole("button", { name: "Teruskan (disposisi)" }).dblclick();
  await p.getByText("Menunggu diterima").waitFor();
  await p.getByText("Diteruskan ke instansi").first().waitFor();
  check(posts("/dispositions") === 1, `one disposition sent: ${posts("/dispositions")}`);
  // The form closes: more units only on request.
  await p.getByText("Teruskan ke instansi lain").waitFor();
  check(!(await p.getByLabel("Instruksi untuk instansi").isVisible()), "the disposition form is closed");
  check(await p.locator("main .error").filter({ hasText: /\S/ }).count() === 0, "no refusal shown");

  // The unit accepts it from its inbox, writes an internal note and a public response, completes.
  const unit = await as(LIAISON);
  p = unit.p;
  await p.goto(base);
  await navTo(p, "Kotak masuk disposisi");
  await p.getByText("Batas tanggapan pertama").first().waitFor();
  await p.getByRole("link", { name: title }).click();
  await p.getByRole("button", { name: "Terima disposisi" }).click();
  await p.getByText("Dikerjakan").first().waitFor();
  await p.getByLabel("Jenis").selectOption("note");
  await p.getByText("Catatan internal hanya terlihat oleh petugas").waitFor();
  await p.getByLabel("Pesan").fill("Perlu truk penyedot, koordinasi dengan UPT.");
  await p.getByRole("button", { name: "Kirim", exact: true }).click();
  await p.locator("li.followup.note", { hasText: "Perlu truk penyedot" }).waitFor();
  await p.getByLabel("Jenis").selectOption("response");
  await p.getByLabel("Pesan").fill("Tim kami menjadwalkan pembersihan saluran pada hari Senin.");
  await p.getByRole("button", { name: "Kirim", exact: true }).click();
  await p.locator("li.followup.response", { hasText: "menjadwalkan pembersihan" }).waitFor();
  const unitPosts = countPosts(p);
  await p.getByLabel("Hasil tindak lanjut").fill("Saluran sudah dibersihkan dan air mengalir lancar.");
  await p.getByText("50 / 5000").waitFor();
  await p.getByRole("button", { name: "Selesaikan" }).dblclick();
  await p.getByText("Selesai ditindaklanjuti").first().waitFor();
  check(unitPosts("/complete") === 1, `one completion sent: ${unitPosts("/complete")}`);

  // The citizen is notified, sees the response but not the note, accepts and rates 5.
  p = citizen.p;
  await p.goto(base);
  // The phone's Menu button shows the unread count while the menu is folded.
  check(Number(await p.locator("header .menu-toggle .count").innerText()) > 0, "the count shows on the Menu button");
  await navTo(p, /Notifikasi/);
  await p.getByRole("heading", { name: "Notifikasi" }).waitFor();
  await p.locator("li.unread").first().waitFor();
  await scan(p, "notifications-unread", width);
  const unreadBefore = Number(await p.locator("header nav .count").textContent());
  await p.getByRole("button", { name: /Selesai ditindaklanjuti/ }).first().click();
  await p.getByRole("heading", { name: title }).waitFor();
  // Opening a notification lowers the header's count at once.
  await p.waitForFunction((n) => Number(document.querySelector("header nav .count")?.textContent ?? 0) === n - 1, unreadBefore);
  await p.locator("li.followup.response", { hasText: "menjadwalkan pembersihan" }).waitFor();
  check(await p.getByText("Perlu truk penyedot").count() === 0, "the internal note is not shown to the reporter");
  // The unit's answer is shown before the question whether it is solved; until the citizen
  // answers, the stepper stands at "acted on", not "finished".
  await p.locator("section.outcome").getByText("Saluran sudah dibersihkan dan air mengalir lancar.").waitFor();
  check((await p.locator("ol.stepper li[aria-current=step]").innerText()).includes("Ditindaklanjuti"), "resolved is not yet finished");
  // A reply sent by a double-click arrives once.
  const citizenPosts = countPosts(p);
  await p.getByLabel("Balasan").fill("Terima kasih, saya cek besok pagi.");
  // With a photo, as officers ask.
  await p.getByLabel("Foto (tidak wajib)").setInputFiles({ name: "bukti.png", mimeType: "image/png", buffer: PNG });
  await p.getByRole("button", { name: "Kirim", exact: true }).dblclick();
  await p.locator("li.followup.reply", { hasText: "saya cek besok pagi" }).waitFor();
  // What the server kept, on a fresh page.
  await p.reload();
  await p.locator("li.followup.reply", { hasText: "saya cek besok pagi" }).waitFor();
  const replies = await p.locator("li.followup.reply").count();
  check(citizenPosts("/followups") === 1 && replies === 1, `one reply: ${citizenPosts("/followups")} sent, ${replies} shown`);
  await p.locator('ul.files img[alt="bukti.png"]').waitFor();
  check(citizenPosts("/attachments") === 1, `one photo sent: ${citizenPosts("/attachments")}`);
  // A file that is not a photo is refused beside the field before anything is sent.
  await p.getByLabel("Balasan").fill("Ini suratnya.");
  await p.getByLabel("Foto (tidak wajib)").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") });
  await p.getByRole("button", { name: "Kirim", exact: true }).click();
  await p.locator("label", { hasText: "Foto (tidak wajib)" }).getByText("bukan foto").waitFor();
  check(citizenPosts("/attachments") === 1 && citizenPosts("/followups") === 1, "nothing more sent");
  await p.getByLabel("Foto (tidak wajib)").setInputFiles([]);
  // A reply typed while the session ended elsewhere is still there after the sign-in that
  // sending it leads to (and nothing was sent).
  await p.getByLabel("Balasan").fill("Draf yang tidak boleh hilang.");
  const again = await api(base, "POST", "/auth/login", { email: "siti.rahayu@example.id", password: "kata sandi yang panjang" });
  await fetch(`${base}/api/v1/me/sessions`, { method: "DELETE", headers: { authorization: `Bearer ${again.access_token}` } });
  await p.getByRole("button", { name: "Kirim", exact: true }).click();
  await p.waitForURL(/\/masuk\?kembali=/);
  await p.getByLabel("Email").fill("siti.rahayu@example.id");
  await p.getByLabel("Kata sandi").fill("kata sandi yang panjang");
  await p.getByRole("button", { name: "Masuk", exact: true }).click();
  await p.getByRole("heading", { name: title }).waitFor();
  check(await p.getByLabel("Balasan").inputValue() === "Draf yang tidak boleh hilang.", "the draft survives the sign-in");
  check(await p.locator("li.followup.reply").count() === 1, "the draft was not stored (its send was refused)");
  await p.getByLabel("Balasan").fill("");
  // Nothing chosen: the answer and the rating are each marked, the first one focused.
  await p.getByRole("button", { name: "Kirim tanggapan" }).click();
  await p.locator("#verdict-error").getByText("Pilih jawaban Anda.").waitFor();
  await p.locator("#rating-error").getByText("Pilih penilaian 1–5 bintang.").waitFor();
  await p.waitForFunction(() => document.activeElement?.getAttribute("name") === "verdict");
  // A dispute must say what is not solved: refused beside the comment, nothing sent.
  await p.getByLabel("Belum, saya bantah").check();
  await p.locator(".star-input label", { hasText: "Buruk" }).first().click();
  await p.getByRole("button", { name: "Kirim tanggapan" }).click();
  await p.locator(".field", { hasText: "Apa yang belum selesai?" }).getByText("Tulis apa yang belum selesai").waitFor();
  check(citizenPosts("/feedback") === 0, "no verdict sent");
  await p.getByLabel("Ya, saya terima").check();
  await p.locator(".star-input label", { hasText: "Sangat baik" }).click();
  check(await p.locator(".star-input label.on").count() === 5, "five stars lit");
  await p.getByLabel("Komentar (tidak wajib)").fill("Cepat ditangani.");
  await scan(p, "report-verdict", width);
  await p.getByRole("button", { name: "Kirim tanggapan" }).click();
  await p.getByText("Ditutup").first().waitFor();
  await p.locator("ol.stepper li[aria-current=step]", { hasText: "Selesai" }).waitFor();
  // The closed report shows the reporter's own verdict, rating and comment.
  await p.locator("section.outcome").getByRole("img", { name: "5 dari 5" }).waitFor();
  await p.locator("section.outcome").getByText("Cepat ditangani.").waitFor();
  await scan(p, "report-closed", width);

  // A report verified but not yet disposed is counted apart from those awaiting verification.
  const coordinatorToken = (await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD })).access_token;
  const reporter = (await api(base, "POST", "/auth/login", { email: CITIZEN, password: PASSWORD })).access_token;
  const verified = await api(base, "POST", "/reports", {
    kind: "complaint",
    title: "Pohon tumbang menutup jalan desa",
    body: "Pohon besar tumbang menutup Jl. Desa Bitung sejak pagi, kendaraan tidak bisa lewat.",
    incident_date: "2026-11-02",
    region_code: "36.03.18",
    address: "Jl. Desa Bitung",
  }, reporter);
  await api(base, "POST", `/reports/${verified.id}/verify`, {}, coordinatorToken);
  // The dashboard counts it: the only rating so far is this 5 (the summary is the job runner's
  // rollup, recounted every second here — reload until the round has run).
  p = coordinator.p;
  await p.goto(`${base}/dasbor`);
  const waitingBar = p.locator("svg text", { hasText: "Terverifikasi, menunggu disposisi" });
  for (let i = 0; ; i++) {
    await p.getByRole("heading", { name: "Kinerja instansi" }).waitFor();
    await p.locator(".spinner").first().waitFor({ state: "detached" });
    if (await p.getByText("5,0 / 5 (1)").isVisible() && await waitingBar.count() === 1) break;
    check(i < 100, "the dashboard counts the rating and the verified report");
    await p.reload();
  }
  // The league table's headings break between words, never inside one (it scrolls instead).
  const broken = await p.locator("table thead th").evaluateAll((cells) => cells.filter((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    // A break after a hyphen ("Rata-/rata") is no break inside a word.
    return lines > c.textContent.trim().split(/[\s-]+/).length;
  }).map((c) => c.textContent));
  check(broken.length === 0, `table headings broken inside a word: ${broken}`);
  await p.locator("table").getByText("Dinas Pekerjaan Umum dan Penataan Ruang").waitFor();
  // The tile and the table measure the same: responses on time.
  const tile = await p.locator(".tile", { hasText: "Ditanggapi tepat waktu" }).locator(".figure").innerText();
  const column = await p.locator("table tbody tr", { hasText: "Dinas Pekerjaan Umum dan Penataan Ruang" }).locator("td").nth(1).innerText();
  check(tile === "100%" && column === "100%", `on time: tile ${tile}, table ${column}`);
  await p.locator("figcaption.legend").getByText("Laporan masuk").waitFor();
  // A closed report offers the coordinator nothing to do.
  await p.goto(`${base}/laporan/${reportId}`);
  await p.getByRole("heading", { name: "Disposisi", exact: true }).waitFor();
  check(await p.getByRole("heading", { name: "Verifikasi dan disposisi" }).count() === 0, "no coordinator actions on a closed report");
  for (const s of [citizen, coordinator, unit]) await s.done();
  return reportId;
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const national = await fakeNational();
  const { server, base } = await startServer(national.env);
  // The server goes with the test however it ends (it holds the test's stderr open).
  process.on("exit", () => server.kill());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage"],
  });
  try {
    const login = await api(base, "POST", "/auth/login", { email: "warga@demo.lapor.test", password: PASSWORD });
    const filed = await api(base, "POST", "/reports", {
      kind: "complaint",
      title: "Lampu jalan mati di Cikupa",
      body: "Lampu jalan di Jl. Raya Cikupa mati sejak seminggu, rawan kecelakaan di malam hari.",
      incident_date: "2026-11-01",
      region_code: "36.03.18",
      address: "Jl. Raya Cikupa km 3",
    }, login.access_token);

    // A title that is one long unbroken string (a pasted link) wraps on a phone.
    const longTitle = `https://maps.example.id/${"x".repeat(150 - 24)}`;
    const long = await api(base, "POST", "/reports", {
      kind: "complaint",
      title: longTitle,
      body: "Lokasi persisnya ada di tautan peta pada judul laporan ini, mohon dicek.",
      incident_date: "2026-11-01",
      region_code: "36.03.18",
      address: "Jl. Raya Cikupa km 4",
    }, login.access_token);
    await page(browser, base, 360, "long-title", async (p) => {
      await p.goto(`${base}/laporan/${long.id}`);
      await p.getByRole("heading", { name: longTitle }).waitFor();
      const wide = await p.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= 360, `the page stays 360 px wide: ${wide}`);
    }, CITIZEN);
    const icon = await fetch(`${base}/favicon.ico`);
    check(icon.ok && (await icon.arrayBuffer()).byteLength > 0, `the favicon: ${icon.status}`);

    for (const width of [360, 1280]) {
      await page(browser, base, width, "home", async (p) => {
        const fetched = [];
        p.on("request", (r) => fetched.push(new URL(r.url()).pathname));
        await p.goto(base);
        await p.getByRole("heading", { level: 1 }).waitFor();
        // The home page is the main module alone; the other pages' chunks wait for their visit.
        check(fetched.includes("/app_bg.wasm"), `the main module was fetched: ${fetched}`);
        check(!fetched.some((f) => /\/(split|chunk)_/.test(f)), `no page chunk on the home page: ${fetched}`);
        check(await p.locator("h1").innerText() === "Layanan Aspirasi dan Pengaduan Online Rakyat", "Indonesian by default");
        // Keyboard: the first Tab reaches the skip link.
        await p.keyboard.press("Tab");
        check(await p.evaluate(() => document.activeElement.textContent) === "Langsung ke isi", "skip link first");
      });
      await page(browser, base, width, "track", async (p) => {
        await p.goto(base);
        await p.getByLabel("Nomor pelacakan").fill(` ${filed.tracking_id.toLowerCase()} `);
        await p.getByRole("button", { name: "Lacak" }).click();
        await p.getByText("Menunggu verifikasi").waitFor();
        check(p.url().endsWith(`/lacak/${filed.tracking_id}`), `tracked by the normalised id: ${p.url()}`);
        await p.getByText("Laporan dikirim").waitFor();
      });
      await page(browser, base, width, "track-unknown", async (p) => {
        await p.goto(`${base}/lacak/LPR-22222-22222`);
        await p.getByText("Tidak ada laporan dengan nomor pelacakan ini.").waitFor();
        // Another try from the same page.
        await p.getByLabel("Nomor pelacakan").fill(filed.tracking_id);
        await p.getByRole("button", { name: "Lacak" }).click();
        await p.getByText("Menunggu verifikasi").waitFor();
      });
      await page(browser, base, width, "file-report", async (p) => {
        // A new citizen registers, lands on the form, is told what is missing, then files.
        await p.goto(`${base}/daftar`);
        await p.getByLabel("Nama").fill("Rina Warga");
        await p.getByLabel("Email").fill(`rina${width}@example.id`);
        await p.getByLabel("Kata sandi").fill("kata sandi yang panjang");
        await p.getByRole("button", { name: "Daftar", exact: true }).click();
        await p.getByRole("heading", { name: "Buat laporan" }).waitFor();
        // The place picker starts at the deployment's home region.
        await p.locator('select[name=district] option[value="36.03.18"]').waitFor({ state: "attached" });
        // The chosen values show once their options have arrived.
        await p.waitForFunction(() => document.querySelector("select[name=province]").value === "36"
          && document.querySelector("select[name=regency]").value === "36.03", null, { timeout: 5000 });
        check(await p.locator("label", { has: p.locator("input[name=incident_date]") }).locator(".required-mark").isVisible(), "the date is marked required");
        check(!(await p.locator("label", { has: p.locator("select[name=village]") }).locator(".required-mark").isVisible()), "the village is not");
        await p.getByRole("button", { name: "Kirim laporan" }).click();
        await p.getByText("Periksa isian yang ditandai.").waitFor();
        check(await p.getByText("Wajib diisi.").count() >= 2, "date and district are required");
        // The keyboard and the eye go to the first field marked: on a phone the summary and
        // the marks are screens apart.
        await p.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
        const top = await p.locator("input[name=title]").evaluate((e) => e.getBoundingClientRect().top);
        check(top >= 0 && top < await p.evaluate(() => window.innerHeight), `the title in view: ${top}`);
        for (const field of ["input[name=title]", "input[name=incident_date]", "select[name=district]"]) {
          check(await p.locator(field).getAttribute("aria-invalid") === "true", `${field} marked invalid`);
        }
        const described = (await p.locator("input[name=incident_date]").getAttribute("aria-describedby")).split(" ");
        check(described.includes("incident_date-error") && (await p.locator("#incident_date-error").innerText()) === "Wajib diisi.", `the date's error is read with it: ${described}`);
        await scan(p, "file-report-form", width);
        await p.getByLabel("Judul").fill("Jembatan retak di Cikupa");
        await p.getByLabel("Isi laporan").fill("Jembatan di Jl. Raya Cikupa retak di tengah dan bergoyang saat truk lewat.");
        await p.getByLabel("Tanggal kejadian").fill("2026-11-02");
        for (const [name, code] of [["province", "36"], ["regency", "36.03"], ["district", "36.03.18"]]) {
          await p.locator(`select[name=${name}] option[value="${code}"]`).waitFor({ state: "attached" });
          await p.locator(`select[name=${name}]`).selectOption(code);
        }
        await p.getByLabel("Alamat atau lokasi").fill("Jl. Raya Cikupa km 5");
        await p.getByLabel("Anonim").check();
        await p.getByRole("button", { name: "Kirim laporan" }).click();
        await p.getByRole("heading", { name: "Laporan terkirim" }).waitFor();
        const tracking = (await p.locator(".badge").innerText()).trim();
        check(/^LPR-[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(tracking), `a tracking id: ${tracking}`);
        const filedByForm = await api(base, "GET", `/track/${tracking}`);
        check(filedByForm.title === "Jembatan retak di Cikupa" && filedByForm.status === "submitted", "filed as typed");
      });
      await page(browser, base, width, "sign-in-en", async (p) => {
        await p.goto(`${base}/masuk`);
        await p.getByRole("button", { name: "English" }).click();
        await p.getByRole("heading", { name: "Sign in to LAPOR!" }).waitFor();
        // In English too the header is one row (the switch back shows as "ID" on a phone).
        const header = await p.locator("header.top").evaluate((e) => e.getBoundingClientRect().height);
        check(header <= 80, `the English header takes ${header} px`);
        check(await p.getByRole("button", { name: "Bahasa Indonesia" }).isVisible(), "the way back is named");
        await p.reload();
        await p.getByRole("heading", { name: "Sign in to LAPOR!" }).waitFor(); // remembered
        await p.getByLabel("Email").fill("warga@demo.lapor.test");
        await p.getByLabel("Password").fill("wrong password");
        await p.getByRole("button", { name: "Sign in", exact: true }).click();
        await p.getByText("Wrong email or password.").waitFor();
        await p.getByLabel("Password").fill(PASSWORD);
        await p.getByRole("button", { name: "Sign in", exact: true }).click();
        await p.getByText("Signed in as").waitFor({ state: "attached" });
        check(await p.locator("html").getAttribute("lang") === "en", "the page's language follows");
      });
    }
    const reportId = await story(browser, base);
    // The public feed finds the story's report by its words; a citizen supports it.
    await page(browser, base, 360, "feed-support", async (p) => {
      await p.goto(`${base}/publik`);
      await p.getByLabel("Cari kata").fill("saluran air");
      await p.getByRole("button", { name: "Cari", exact: true }).click();
      await p.locator("ul.rows").getByRole("link", { name: "Saluran air tersumbat di Pasar Kemis Raya" }).waitFor();
      // The words leave one of the public reports (the list before the search shows them all).
      await p.waitForFunction(() => document.querySelectorAll("ul.rows > li").length === 1);
      // The phone's header is one row, signed in too; its menu unfolds with every item within
      // the screen (none scrolled away sideways), and folds again on leaving the page.
      const header = await p.locator("header.top").evaluate((e) => e.getBoundingClientRect().height);
      check(header <= 80, `the header takes ${header} px`);
      await menuWithin(p, ["Beranda", "Laporan publik", "Laporan saya", "Notifikasi"], ["Keluar"]);
      // The menu folds on Escape (the keyboard back on its button) and on a tap outside it.
      const nav = p.locator("header nav");
      await p.locator("header .menu-toggle").click();
      await nav.waitFor();
      await p.keyboard.press("Escape");
      await nav.waitFor({ state: "hidden" });
      check(await p.evaluate(() => document.activeElement.classList.contains("menu-toggle")), "Escape gives the focus back to Menu");
      await p.locator("header .menu-toggle").click();
      await nav.waitFor();
      await p.locator("main h1").click();
      await nav.waitFor({ state: "hidden" });
      await p.getByRole("button", { name: /^Dukung \(0\)/ }).click();
      await p.getByRole("button", { name: /^Dukung \(1\)/ }).waitFor();
      // On the feed's map, its pin leads to its public page: the text, the photo the reporter
      // allowed, the unit's answers.
      await p.getByRole("application", { name: "Peta laporan publik" }).getByRole("link", { name: "Saluran air tersumbat di Pasar Kemis Raya" }).waitFor();
      await p.locator("ul.rows").getByRole("link", { name: "Saluran air tersumbat di Pasar Kemis Raya" }).click();
      await p.getByRole("heading", { name: "Saluran air tersumbat di Pasar Kemis Raya" }).waitFor();
      await p.locator("section.outcome").getByText("Saluran sudah dibersihkan dan air mengalir lancar.").waitFor();
      await p.locator("section.outcome").getByText("menjadwalkan pembersihan").waitFor();
      check(await p.getByText("Perlu truk penyedot").count() === 0, "no internal note on the public page");
      await p.waitForFunction(() => [...document.querySelectorAll("ul.files img")].some((i) => i.complete && i.naturalWidth > 0));
    }, CITIZEN);
    // The admin adds a holiday (deadlines will skip it) and is told a bad email beside its field.
    await page(browser, base, 360, "admin-holiday", async (p) => {
      await p.goto(`${base}/admin`);
      const holidays = p.locator("section[aria-labelledby=holidays]");
      await holidays.getByText("Tambah hari libur").click();
      // Sent empty: both fields are marked at once.
      await holidays.getByRole("button", { name: "Tambah", exact: true }).click();
      for (const field of ["date", "name"]) {
        await holidays.locator(`#${field}-error`).getByText("Wajib diisi.").waitFor();
      }
      await holidays.getByLabel("Tanggal", { exact: true }).fill("2026-12-30");
      await holidays.getByLabel("Nama", { exact: true }).fill("Libur uji peramban");
      const adminPosts = countPosts(p);
      await holidays.getByRole("button", { name: "Tambah", exact: true }).dblclick();
      await holidays.getByText("Libur uji peramban").waitFor();
      check(adminPosts("/holidays") === 1, `one holiday sent: ${adminPosts("/holidays")}`);
      await holidays.getByLabel("Tanggal", { exact: true }).fill("2026-12-30");
      await holidays.getByLabel("Nama", { exact: true }).fill("Libur kedua");
      await holidays.getByRole("button", { name: "Tambah", exact: true }).click();
      await holidays.getByText("Tanggal itu sudah menjadi hari libur.").waitFor();
      // An institution without a code: "required", beside the field.
      const tree = p.locator("section[aria-labelledby=institutions]");
      await tree.getByText("Tambah instansi").click();
      await tree.getByLabel("Nama", { exact: true }).fill("Dinas Uji");
      await tree.getByRole("button", { name: "Tambah", exact: true }).click();
      await tree.locator(".field", { has: p.locator("input[name=code]") }).getByText("Wajib diisi.").waitFor();
      // A bad email is not checked in the browser (docs/WEB.md, Size): the API's field error
      // shows beside the field, and no account is made.
      const users = p.locator("section[aria-labelledby=users]");
      await users.getByText("Tambah pengguna").click();
      await users.getByLabel("Nama", { exact: true }).fill("Petugas Baru");
      await users.getByLabel("Email", { exact: true }).fill("bukan-email");
      await users.getByLabel("Kata sandi", { exact: true }).fill("kata sandi panjang");
      await users.getByRole("button", { name: "Tambah", exact: true }).click();
      await users.getByText("Periksa isian yang ditandai.").waitFor();
      await users.locator(".field", { has: p.locator("input[name=email]") }).getByText("Bukan alamat email yang benar.").waitFor();
      // A role change asks first and keeps the unit; a refused one says why in its row and
      // shows the role as saved; the admin's own row offers nothing.
      await users.locator("li.card", { hasText: ADMIN }).getByText("Ini akun Anda").waitFor();
      const row = users.locator("li.card", { hasText: "Penghubung Dinkes" });
      const questions = [];
      p.on("dialog", (d) => { questions.push(d.message()); d.accept(); });
      await row.getByLabel("Peran").selectOption({ label: "Pengawas" });
      await row.getByRole("button", { name: "Simpan" }).click();
      const token = (await api(base, "POST", "/auth/login", { email: ADMIN, password: PASSWORD })).access_token;
      for (let i = 0; ; i++) {
        const [u] = (await api(base, "GET", "/users?q=Penghubung%20Dinkes", undefined, token)).items;
        if (u.role === "supervisor") {
          check(u.institution_id !== null, "the unit is kept");
          break;
        }
        check(i < 50, "the role is saved");
        await new Promise((r) => setTimeout(r, 100));
      }
      check(questions.length === 1 && questions[0].includes("Penghubung Dinkes") && questions[0].includes("Pengawas, Dinas Kesehatan"), `asked first, naming the unit: ${questions}`);
      // A role is always chosen: no empty choice.
      check(await row.locator("select[name=role] option[value='']").count() === 0, "no empty role");
      const saved = users.locator("li.card", { hasText: "Penghubung Dinkes" });
      await saved.getByLabel("Peran").selectOption({ label: "Koordinator" });
      await saved.locator("select[name=institution]").selectOption("");
      const patches = countPosts(p, "PATCH");
      const asked = questions.length;
      await saved.getByRole("button", { name: "Simpan" }).click();
      // A role that needs a unit without one: said before asking or sending, the choices kept
      // to be completed.
      await saved.getByRole("alert").getByText("Pilih unit untuk peran ini.").waitFor();
      check(await saved.getByLabel("Peran").inputValue() === "coordinator", "the choice is kept");
      check(questions.length === asked && patches("/users") === 0, "nothing asked or sent");
      await saved.getByLabel("Peran").selectOption({ label: "Pengawas" });
      await saved.locator("select[name=institution]").selectOption({ index: 2 });
      await saved.getByText("Pilih unit untuk peran ini.").waitFor({ state: "detached" });
      const admin = await api(base, "POST", "/auth/login", { email: ADMIN, password: PASSWORD });
      const found = await api(base, "GET", "/users?q=Petugas%20Baru", undefined, admin.access_token);
      check(found.items.length === 0, "no account was made");
      const stored = await api(base, "GET", "/holidays?year=2026", undefined, admin.access_token);
      check(stored.items.some((h) => h.date === "2026-12-30" && h.name === "Libur uji peramban"), "the holiday is stored");
      // Removing a holiday and turning an institution off or on ask first.
      questions.length = 0;
      await holidays.getByRole("button", { name: "Hapus 2026-12-30 Libur uji peramban" }).click();
      await holidays.getByText("Libur uji peramban").waitFor({ state: "detached" });
      const social = tree.locator("li", { hasText: "Dinas Sosial" });
      await social.getByRole("button", { name: "Nonaktifkan Dinas Sosial" }).click();
      await social.getByText("Nonaktif", { exact: true }).waitFor();
      await social.getByRole("button", { name: "Aktifkan Dinas Sosial" }).click();
      await social.getByText("Nonaktif", { exact: true }).waitFor({ state: "detached" });
      check(questions.length === 3 && questions[0].includes("dihitung ulang") && questions[1].includes("tidak akan diteruskan"),
        `asked before removing and deactivating: ${questions}`);
    }, ADMIN);
    // The admin creates an API key for the integrator: the secret shows once and copies; the key
    // works; revoked (after a question), it is refused at once.
    await page(browser, base, 1280, "admin-api-key", async (p) => {
      await p.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
      await p.goto(`${base}/admin`);
      const keys = p.locator("section[aria-labelledby=api-keys]");
      await keys.getByText("Buat kunci API").click();
      await keys.getByLabel("Akun integrasi").selectOption({ label: "Integrasi SP4N-LAPOR! (integrasi@demo.lapor.test)" });
      await keys.getByLabel("Nama", { exact: true }).fill("Kanal WhatsApp");
      await keys.locator("input[name=scopes][value='reports:write']").check();
      const posts = countPosts(p);
      await keys.getByRole("button", { name: "Tambah", exact: true }).dblclick();
      const secret = (await keys.locator("code.secret").textContent()).trim();
      check(posts("/api-keys") === 1, `one key sent: ${posts("/api-keys")}`);
      check(/^lapor_[A-Za-z0-9_-]{43}$/.test(secret), `a secret shown: ${secret.slice(0, 10)}`);
      await keys.getByRole("button", { name: "Salin" }).click();
      await keys.getByRole("button", { name: "Tersalin" }).waitFor();
      check(await p.evaluate(() => navigator.clipboard.readText()) === secret, "the secret is copied");
      const row = keys.locator("li.card", { hasText: "Kanal WhatsApp" });
      await row.getByText(secret.slice(0, 14)).waitFor();
      check((await api(base, "GET", "/me", undefined, secret)).role === "integrator", "the key works");
      const questions = [];
      p.on("dialog", (d) => { questions.push(d.message()); d.accept(); });
      await row.getByRole("button", { name: "Cabut" }).click();
      await row.getByText("Dicabut").waitFor();
      check(questions.length === 1 && questions[0].includes("Kanal WhatsApp"), `asked first: ${questions}`);
      const refused = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      check(refused.status === 401, `a revoked key is refused: ${refused.status}`);
    }, ADMIN);
    // The admin makes a webhook for the integrator: a loopback URL is refused beside the field;
    // a public one is made once, its secret shown once; it turns off and on, its secret
    // rotates (after a question), its deliveries show, and it is deleted (after a question).
    await page(browser, base, 1280, "admin-webhook", async (p) => {
      await p.goto(`${base}/admin`);
      const hooks = p.locator("section[aria-labelledby=webhooks]");
      await hooks.getByText("Buat webhook").click();
      await hooks.getByLabel("Akun yang diikuti").selectOption({ label: "Integrasi SP4N-LAPOR! (integrasi@demo.lapor.test) · Integrasi sistem" });
      // Each account says its role: an officer's webhook sees what the officer sees.
      await hooks.locator("select[name=user_id] option", { hasText: "koordinator@demo.lapor.test) · Koordinator" }).waitFor({ state: "attached" });
      // The kinds sit side by side, not one a line.
      const [a, b] = await hooks.locator("input[name=kinds]").evaluateAll((inputs) => inputs.slice(0, 2).map((i) => i.getBoundingClientRect().top));
      check(a === b, `the first two kinds on one row: ${a}, ${b}`);
      await hooks.getByLabel("Alamat (URL) penerima").fill("http://127.0.0.1:9/hook");
      await hooks.getByRole("button", { name: "Tambah", exact: true }).click();
      await hooks.getByText("Tidak diizinkan di sini.").waitFor();
      await hooks.getByLabel("Alamat (URL) penerima").fill("https://93.184.216.34/lapor/hook");
      await hooks.locator("input[name=kinds][value='disposed']").check();
      const posts = countPosts(p);
      await hooks.getByRole("button", { name: "Tambah", exact: true }).dblclick();
      const secret = (await hooks.locator("code.secret").textContent()).trim();
      check(posts("/webhooks") === 1, `one webhook sent: ${posts("/webhooks")}`);
      check(/^whsec_[A-Za-z0-9+/]{43}=$/.test(secret), `a signing secret shown: ${secret.slice(0, 8)}`);
      await hooks.locator(".notice").getByText("Salin rahasia penandatangan ini", { exact: false }).waitFor();
      const row = hooks.locator("li.card", { hasText: "93.184.216.34" });
      await row.getByText("Aktif", { exact: true }).waitFor();
      check(await row.getByText("Diteruskan ke instansi").count() === 1, "the kind chosen is shown");
      check(!(await hooks.locator("ul.rows").textContent()).includes(secret), "the secret is not in the list");
      await row.getByRole("button", { name: "Matikan" }).click();
      await row.getByText("Dimatikan").waitFor();
      await row.getByRole("button", { name: "Aktifkan" }).click();
      await row.getByText("Aktif", { exact: true }).waitFor();
      const questions = [];
      p.on("dialog", (d) => { questions.push(d.message()); d.accept(); });
      await row.getByRole("button", { name: "Ganti rahasia" }).click();
      await p.waitForFunction((old) => {
        const shown = document.querySelector("section[aria-labelledby=webhooks] code.secret");
        return shown && shown.textContent.trim() !== old;
      }, secret);
      check(questions.length === 1 && questions[0].includes("sehari"), `asked before rotating: ${questions}`);
      await row.getByRole("button", { name: "Pengiriman" }).click();
      await row.getByText("Belum ada pengiriman.").waitFor();
      await row.getByRole("button", { name: "Hapus" }).click();
      await row.waitFor({ state: "detached" });
      check(questions.length === 2 && questions[1].includes("93.184.216.34"), `asked before deleting: ${questions}`);
      const admin = await api(base, "POST", "/auth/login", { email: ADMIN, password: PASSWORD });
      const left = await api(base, "GET", "/webhooks", undefined, admin.access_token);
      check(left.items.length === 0, `deleted: ${JSON.stringify(left.items)}`);
    }, ADMIN);
    // Each officer's page at both widths, signed in by the kept session.
    const officerPages = [
      ["queue", "/antrian", "Antrian verifikasi", COORDINATOR],
      ["report-coordinator", `/laporan/${reportId}`, "Disposisi", COORDINATOR],
      ["inbox", "/kotak-masuk", "Kotak masuk disposisi", LIAISON],
      ["report-unit", `/laporan/${reportId}`, "Tindak lanjut", LIAISON],
      ["my-reports", "/laporan-saya", "Laporan saya", CITIZEN],
      ["notifications", "/notifikasi", "Notifikasi", CITIZEN],
      ["dashboard", "/dasbor", "Kinerja instansi", COORDINATOR],
      ["feed", "/publik", "Laporan publik", null],
      ["public-report", `/publik/${reportId}`, "Saluran air tersumbat di Pasar Kemis Raya", null],
      ["home-figures", "/", "LAPOR! dalam angka", null],
      ["admin", "/admin", "Hari libur", ADMIN],
    ];
    for (const width of [360, 1280]) {
      for (const [name, to, heading, email] of officerPages) {
        await page(browser, base, width, name, async (p) => {
          await p.goto(`${base}${to}`);
          await p.getByRole("heading", { name: heading, exact: true }).waitFor();
          await p.locator(".spinner").first().waitFor({ state: "detached" });
          // The header is one row for every role, a long name cut short.
          const header = await p.locator("header.top").evaluate((e) => e.getBoundingClientRect().height);
          check(header <= 80, `${name} @${width}: the header takes ${header} px`);
        }, email);
      }
    }
    // In English too (longer words), for the roles with the most places.
    for (const [name, to, email] of [["header-en-coordinator", "/dasbor", COORDINATOR], ["header-en-admin", "/admin", ADMIN]]) {
      await page(browser, base, 1280, name, async (p) => {
        await p.goto(`${base}${to}`);
        await p.getByRole("button", { name: "English" }).click();
        await p.getByText("Signed in as").waitFor({ state: "attached" });
        const header = await p.locator("header.top").evaluate((e) => e.getBoundingClientRect().height);
        check(header <= 80, `${name}: the header takes ${header} px`);
      }, email);
    }
    // Lists come a page at a time (the API's 50): the queue shows its first page, then "Muat
    // lebih banyak" brings the rest, the first of them focused for keyboard users.
    const citizenToken = (await api(base, "POST", "/auth/login", { email: CITIZEN, password: PASSWORD })).access_token;
    for (let i = 1; i <= 50; i++) {
      await api(base, "POST", "/reports", {
        kind: "complaint",
        title: `Trotoar rusak nomor ${i}`,
        body: "Trotoar di depan sekolah rusak dan berlubang, membahayakan anak-anak yang berjalan kaki.",
        incident_date: "2026-11-03",
        region_code: "36.03.18",
        address: "Jl. Raya Cikupa",
      }, citizenToken);
    }
    await page(browser, base, 1280, "queue-more", async (p) => {
      await p.goto(`${base}/antrian`);
      const ours = p.getByRole("link", { name: /^Trotoar rusak nomor/ });
      await p.getByRole("button", { name: "Muat lebih banyak" }).waitFor();
      const first = await ours.count();
      check(first > 0 && first < 50, `the first page holds some of the 50 (oldest first): ${first}`);
      await p.getByRole("button", { name: "Muat lebih banyak" }).click();
      await p.getByRole("link", { name: "Trotoar rusak nomor 50", exact: true }).waitFor();
      check(await ours.count() === 50, "all 50 after loading more");
      check(await p.getByRole("button", { name: "Muat lebih banyak" }).count() === 0, "no more after the last page");
      check(await p.evaluate(() => document.activeElement.textContent.startsWith("Trotoar rusak nomor")), "the first loaded row is focused");
    }, COORDINATOR);
    // The queue searched, filtered and sorted: the words find one; a channel none of them came
    // by finds none; newest first puts the last filed first.
    await page(browser, base, 1280, "queue-filters", async (p) => {
      await p.goto(`${base}/antrian`);
      const ours = p.getByRole("link", { name: /^Trotoar rusak nomor/ });
      await ours.first().waitFor();
      await p.getByLabel("Cari kata").fill("trotoar 7");
      await p.getByRole("button", { name: "Cari", exact: true }).click();
      await p.getByRole("link", { name: "Trotoar rusak nomor 7", exact: true }).waitFor();
      await p.waitForFunction(() => document.querySelectorAll("main ul.rows a").length === 1);
      await p.locator("select[name=order]").selectOption("newest");
      await p.getByLabel("Cari kata").fill("");
      await p.getByRole("button", { name: "Cari", exact: true }).click();
      await p.waitForFunction(() => document.querySelector("main ul.rows a")?.textContent === "Trotoar rusak nomor 50");
      await p.locator("select[name=channel]").selectOption("sms");
      await p.getByText("Tidak ada laporan yang menunggu verifikasi.").waitFor();
      // The order is always one of two; the filters say "all".
      check(await p.locator("select[name=order] option").count() === 2, "two orders, no empty one");
      check(await p.locator("select[name=status] option").first().innerText() === "— semua —", "a filter offers all");
      // Words the search cannot take are refused once, beside the box.
      await p.getByLabel("Cari kata").fill("!!");
      await p.getByRole("button", { name: "Cari", exact: true }).click();
      await p.getByText("Tulis paling sedikit satu kata.").waitFor();
      check(await p.getByText("Tulis paling sedikit satu kata.").count() === 1, "the refusal shows once");
    }, COORDINATOR);
    // A disposition to a sub-unit is handled by the unit above it too: its liaison sees the
    // buttons on the report page, as in its inbox.
    {
      const coordinatorToken = (await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD })).access_token;
      const units = await api(base, "GET", "/institutions?limit=100", undefined, coordinatorToken);
      const binaMarga = units.items.find((i) => i.code === "BINAMARGA-TNG");
      const report = await api(base, "GET", `/reports/${filed.id}`, undefined, coordinatorToken);
      await api(base, "POST", `/reports/${filed.id}/verify`, { version: report.version }, coordinatorToken);
      await api(base, "POST", `/reports/${filed.id}/dispositions`, { institution_id: binaMarga.id, instruction: "Mohon lampu jalan diperbaiki." }, coordinatorToken);
      await page(browser, base, 360, "report-parent-unit", async (p) => {
        await p.goto(`${base}/laporan/${filed.id}`);
        await p.getByRole("heading", { name: "Lampu jalan mati di Cikupa" }).waitFor();
        await p.getByRole("button", { name: "Terima disposisi" }).click();
        await p.getByText("Dikerjakan").first().waitFor();
      }, LIAISON);
    }
    // A public page address that is not a number is simply not found.
    await page(browser, base, 360, "public-not-found", async (p) => {
      await p.goto(`${base}/publik/abc`);
      await p.getByText("Tidak ditemukan, atau bukan untuk Anda lihat.").waitFor();
    });
    // A unit's history lists what it completed; an officer signing in starts on their own page.
    await page(browser, base, 360, "inbox-history", async (p) => {
      await p.goto(`${base}/kotak-masuk`);
      await p.getByRole("heading", { name: "Riwayat: selesai" }).waitFor();
      await p.getByRole("link", { name: "Saluran air tersumbat di Pasar Kemis Raya" }).waitFor();
    }, LIAISON);
    await page(browser, base, 360, "officer-start", async (p) => {
      await p.goto(`${base}/masuk`);
      await p.getByLabel("Email").fill(COORDINATOR);
      await p.getByLabel("Kata sandi").fill(PASSWORD);
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByRole("heading", { name: "Antrian verifikasi" }).waitFor();
    });
    // A page's chunk on its way shows a spinner, whether the page was opened by its address
    // (nothing to show yet) or by a link (the old page stays under it); a chunk that cannot be
    // fetched (the connection dropped) leaves a message and a way to try again, not a blank or
    // dead page.
    await page(browser, base, 360, "page-not-loaded", async (p) => {
      const officers = await hold(p, "split_officer.wasm");
      await p.goto(`${base}/antrian`, { waitUntil: "commit" });
      await officers.requested;
      await p.waitForFunction(() => getComputedStyle(document.querySelector("main"), "::after").content === '"Memuat…"');
      officers.release();
      await p.getByRole("heading", { name: "Antrian verifikasi" }).waitFor();
      await p.locator(".spinner").first().waitFor({ state: "detached" });
      const citizens = await hold(p, "split_public.wasm");
      await navTo(p, /^Notifikasi/);
      await citizens.requested;
      await p.locator("main > .spinner").waitFor();
      check(await p.getByRole("heading", { name: "Antrian verifikasi" }).isVisible(), "the old page stays while the next one loads");
      citizens.release();
      await p.getByRole("heading", { name: "Notifikasi", exact: true }).waitFor();
      await p.unrouteAll();

      await p.route("**/split_officer.wasm", (r) => r.abort("internetdisconnected"));
      await p.goto(`${base}/antrian`);
      await p.getByRole("alert").getByText("Halaman ini belum dapat dimuat.", { exact: false }).waitFor();
      await p.unroute("**/split_officer.wasm");
      await p.getByRole("button", { name: "Coba lagi" }).click();
      await p.getByRole("heading", { name: "Antrian verifikasi" }).waitFor();
    }, COORDINATOR);
    await byEmail(browser);
    // Officers' pages are not for citizens: they say so, as the API would, and ask it nothing.
    await page(browser, base, 360, "officer-pages-for-citizens", async (p) => {
      for (const to of ["/antrian", "/kotak-masuk", "/dasbor"]) {
        await p.goto(`${base}${to}`);
        await p.getByText("Tidak ditemukan, atau bukan untuk Anda lihat.").waitFor();
        check(await p.getByText("Anda tidak berwenang").count() === 0, `no refusal lines on ${to}`);
      }
    }, CITIZEN);
    // A coordinator is offered only the roles it may give.
    await page(browser, base, 1280, "admin-coordinator", async (p) => {
      await p.goto(`${base}/admin`);
      const users = p.locator("section[aria-labelledby=users]");
      await users.getByText("Tambah pengguna").click();
      const offered = await users.locator("details form select[name=role] option").evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
      check(JSON.stringify(offered) === JSON.stringify(["coordinator", "liaison"]), `roles offered: ${offered}`);
    }, COORDINATOR);
    // A verified report, not yet disposed, says so on the public tracking page too.
    const coordinator = await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD });
    await api(base, "POST", `/reports/${long.id}/verify`, {}, coordinator.access_token);
    await page(browser, base, 360, "track-verified", async (p) => {
      await p.goto(`${base}/lacak/${long.tracking_id}`);
      await p.locator(".badge").getByText("Terverifikasi, menunggu disposisi").waitFor();
      check(await p.getByText("Menunggu verifikasi").count() === 0, "not waiting for verification");
    });
    // Signed in on a phone, every item of the menu is within the screen; it folds on leaving.
    await page(browser, base, 360, "menu-signed-in", async (p) => {
      await p.goto(base);
      await menuWithin(p, ["Beranda", "Laporan publik", "Laporan saya", "Notifikasi"], ["Keluar"]);
      const english = await p.locator("header").getByRole("button", { name: "English" }).boundingBox();
      check(english && english.x + english.width <= 360, `the language switch stays in the header row: ${JSON.stringify(english)}`);
      await p.locator("header .menu-toggle").click();
      await p.locator("header nav").getByRole("link", { name: "Laporan saya" }).click();
      await p.getByRole("heading", { name: "Laporan saya" }).waitFor();
      check(!(await p.locator("header nav").isVisible()), "the menu folds on leaving the page");
    }, CITIZEN);
    // A report put on hold shows the coordinator's question to the reporter (with how to
    // answer) and to the coordinator, who may still verify it.
    const asker = (await api(base, "POST", "/auth/login", { email: COORDINATOR, password: PASSWORD })).access_token;
    const asked = await api(base, "POST", "/reports", {
      kind: "complaint",
      title: "Parit meluap di depan rumah warga",
      body: "Parit di depan rumah warga meluap setiap hujan, airnya masuk ke halaman rumah.",
      incident_date: "2026-11-05",
      region_code: "36.03.18",
      address: "Jl. Raya Cikupa gang 3",
    }, citizenToken);
    await api(base, "POST", `/reports/${asked.id}/hold`, { question: "Di RT berapa tepatnya parit itu?" }, asker);
    await page(browser, base, 360, "held-reporter", async (p) => {
      await p.goto(`${base}/laporan/${asked.id}`);
      const card = p.locator("section[aria-labelledby=asked]");
      await card.getByText("Di RT berapa tepatnya parit itu?").waitFor();
      await card.getByText("Balasan Anda", { exact: false }).waitFor();
    }, CITIZEN);
    await page(browser, base, 1280, "held-coordinator", async (p) => {
      await p.goto(`${base}/laporan/${asked.id}`);
      await p.locator("section[aria-labelledby=asked]").getByText("Di RT berapa tepatnya parit itu?").waitFor();
      await p.getByRole("button", { name: "Verifikasi" }).waitFor();
      check(await p.getByText("Tunda dan tanya pelapor").count() === 0, "not put on hold twice");
    }, COORDINATOR);
    // A complaint filed on the national LAPOR! and disposed to the regency reaches the
    // coordinator's queue; its page names the national complaint, and what its reporter says
    // there joins the timeline.
    const { id: complaint } = await national.control("complaints", {
      title: "Jembatan gantung rusak di Desa Bitung",
      content: "Papan jembatan gantung banyak yang lepas, warga takut menyeberang.",
      reporter_name: "Ahmad",
    });
    await national.control(`complaints/${complaint}/followups`, { content: "Mohon segera diperbaiki, anak sekolah lewat sini.", role: "pelapor" });
    await page(browser, base, 360, "national-import", async (p) => {
      // The queue filtered by the channel (the story's 50 others come first, oldest first).
      const row = p.getByRole("link", { name: "Jembatan gantung rusak di Desa Bitung" });
      for (let i = 0; ; i++) {
        await p.goto(`${base}/antrian`);
        await p.locator("select[name=channel]").selectOption("national_sync");
        await p.getByRole("button", { name: "Cari", exact: true }).click();
        await p.locator(".spinner").first().waitFor({ state: "detached" });
        if (await row.isVisible()) break;
        check(i < 60, "the national complaint reaches the queue");
        await new Promise((r) => setTimeout(r, 500));
      }
      await row.click();
      await p.getByText(`Pengaduan di LAPOR! nasional: ${complaint}`, { exact: false }).waitFor();
      await p.getByText("SP4N-LAPOR! nasional", { exact: false }).first().waitFor();
      await p.locator("ol.timeline").getByText("Mohon segera diperbaiki, anak sekolah lewat sini.").waitFor();
    }, COORDINATOR);
    // Sign out: the session is gone after a reload too.
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/masuk`);
    await p.getByLabel("Email").fill("warga@demo.lapor.test");
    await p.getByLabel("Kata sandi").fill(PASSWORD);
    await p.getByRole("button", { name: "Masuk", exact: true }).click();
    await p.getByRole("button", { name: "Keluar" }).click();
    // Keluar opens a fresh home page: reload once it has.
    await p.waitForURL(`${base}/`);
    await p.getByRole("link", { name: "Masuk" }).waitFor();
    await p.reload();
    await p.getByRole("link", { name: "Masuk" }).waitFor();
    check(await p.getByText("Masuk sebagai").count() === 0, "signed out");
    await context.close();
  } finally {
    await browser.close();
    server.kill();
    national.stop();
  }
  console.log("browser test: ok; screenshots:");
  for (const f of saved) console.log(`  ${f}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
