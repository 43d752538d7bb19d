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
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
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

async function startServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lapor-browser-"));
  const port = await freePort();
  const server = spawn(path.join(root, "target/debug/lapor"), ["serve", "--demo"], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${data}/lapor.db`,
      LAPOR_DATA_DIR: data,
      LAPOR_LISTEN: `127.0.0.1:${port}`,
      LAPOR_WEB_DIR: path.join(root, "frontend/dist"),
      LAPOR_JWT_SECRET: "browser-test-secret-browser-test-secret!",
      LAPOR_JOBS_INTERVAL: "0",
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

// The page as it is now: axe-core finds no serious or critical violation; a screenshot.
async function scan(p, name, width) {
  if (!(await p.evaluate(() => "axe" in window))) await p.addScriptTag({ path: axePath });
  const { violations } = await p.evaluate(() => window.axe.run());
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `${name} @${width}: axe ${JSON.stringify(bad.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target)]))}`);
  const file = path.join(shots, `${name}-${width}.png`);
  await p.screenshot({ path: file, fullPage: true });
  saved.push(path.relative(root, file));
}

async function page(browser, base, width, name, visit) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 740 : 800 } });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  await visit(p, width);
  await scan(p, name, width);
  check(errors.length === 0, `${name} @${width}: page errors ${errors}`);
  await context.close();
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const { server, base } = await startServer();
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

    for (const width of [360, 1280]) {
      await page(browser, base, width, "home", async (p) => {
        await p.goto(base);
        await p.getByRole("heading", { level: 1 }).waitFor();
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
      });
      await page(browser, base, width, "file-report", async (p) => {
        // A new citizen registers, lands on the form, is told what is missing, then files.
        await p.goto(`${base}/daftar`);
        await p.getByLabel("Nama").fill("Rina Warga");
        await p.getByLabel("Email").fill(`rina${width}@example.id`);
        await p.getByLabel("Kata sandi").fill("kata sandi yang panjang");
        await p.getByRole("button", { name: "Daftar", exact: true }).click();
        await p.getByRole("heading", { name: "Buat laporan" }).waitFor();
        await p.getByRole("button", { name: "Kirim laporan" }).click();
        await p.getByText("Periksa isian yang ditandai.").waitFor();
        check(await p.getByText("Wajib diisi.").count() >= 2, "date and district are required");
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
        await p.reload();
        await p.getByRole("heading", { name: "Sign in to LAPOR!" }).waitFor(); // remembered
        await p.getByLabel("Email").fill("warga@demo.lapor.test");
        await p.getByLabel("Password").fill("wrong password");
        await p.getByRole("button", { name: "Sign in", exact: true }).click();
        await p.getByText("Wrong email or password.").waitFor();
        await p.getByLabel("Password").fill(PASSWORD);
        await p.getByRole("button", { name: "Sign in", exact: true }).click();
        await p.getByText("Signed in as").waitFor();
        check(await p.locator("html").getAttribute("lang") === "en", "the page's language follows");
      });
    }
    // Sign out: the session is gone after a reload too.
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/masuk`);
    await p.getByLabel("Email").fill("warga@demo.lapor.test");
    await p.getByLabel("Kata sandi").fill(PASSWORD);
    await p.getByRole("button", { name: "Masuk", exact: true }).click();
    await p.getByRole("button", { name: "Keluar" }).click();
    await p.reload();
    await p.getByRole("link", { name: "Masuk" }).waitFor();
    check(await p.getByText("Masuk sebagai").count() === 0, "signed out");
    await context.close();
  } finally {
    await browser.close();
    server.kill();
  }
  console.log("browser test: ok; screenshots:");
  for (const f of saved) console.log(`  ${f}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
