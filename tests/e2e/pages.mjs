// The mirror's web pages in a real browser: Debian's Chromium driven by playwright-core, every page checked by axe-core
// and photographed at a desktop and a phone size. Run by HubPlatform.Mirror.Tests (BrowserPageTests) against a mirror it
// seeded: HUB_URL, HUB_TOKEN (a token that may read acme's private repositories), CHROMIUM (the executable), SHOTS (the
// screenshot folder). Prints one line per check; exits 1 at the first failure, with the reason.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const base = process.env.HUB_URL.replace(/\/$/, "");
const token = process.env.HUB_TOKEN;
const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

function fail(message) {
  console.error("FAIL " + message);
  process.exitCode = 1;
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
  console.log("ok " + message);
}

// The pages run no script and forbid it in their Content-Security-Policy; axe is injected by the test with CSP bypassed.
const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const consoleErrors = [];
// Pages the test opens knowing they are 404s: the browser reports the document's status as a console error there.
const expected404 = new Set(["/acme/no-such-model", "/acme/browser-secret"]);
page.on("console", (m) => {
  const at = new URL(page.url()).pathname;
  if (m.type() === "error" && !(expected404.has(at) && m.text().includes("404") && m.location().url === page.url())) {
    consoleErrors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
  }
});
page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
page.on("dialog", (d) => fail(`a dialog opened on ${page.url()}: ${d.message()}`));

async function audit(name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(serious.length === 0, `${name}: no serious or critical axe violations${serious.length ? " (" + serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`).join("; ") + ")" : ""}`);
  await page.screenshot({ path: `${shots}/${name}-1280x800.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/${name}-390x844.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function visit(name, path) {
  const response = await page.goto(base + path);
  check(response.status() < 400, `${name}: ${path} answers ${response.status()}`);
  await audit(name);
}

try {
  // Search and filter the model list.
  await visit("models", "/models");
  check(await page.locator("table.repos a", { hasText: "acme/browser-bert" }).count() === 1, "the list shows acme/browser-bert");
  check(await page.locator("text=acme/browser-secret").count() === 0, "an anonymous visitor does not see the private model");
  await page.getByLabel("Search").fill("bert");
  await page.getByLabel("Task").selectOption("fill-mask");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForLoadState();
  check(page.url().includes("search=bert") && page.url().includes("pipeline_tag=fill-mask"), "the filter form puts its values in the address");
  check(await page.locator("table.repos tbody tr").count() === 1, "search and task filter leave one row");
  await audit("models-filtered");

  // Open the model, read its card (the hostile parts inert), switch tabs, read a file.
  await page.getByRole("link", { name: "acme/browser-bert" }).click();
  await page.waitForLoadState();
  check(await page.locator("article.card h1", { hasText: "Browser BERT" }).count() === 1, "the model page shows the rendered card");
  check(await page.locator("article.card script, article.card svg, article.card iframe").count() === 0, "the card holds no script, SVG or frame");
  check(await page.evaluate(() => window.__pwned === undefined), "nothing in the card ran");
  await audit("model");
  await page.locator("nav.tabs").getByRole("link", { name: "Files", exact: true }).click();
  await page.waitForLoadState();
  check(await page.locator("table.files").count() === 1, "the files tab lists the files");
  await audit("files");
  await page.getByRole("link", { name: "config.json", exact: true }).click();
  await page.waitForLoadState();
  check(await page.locator("table.lines").count() === 1, "a text file is shown with line numbers");
  await audit("file");
  await page.locator("nav.tabs").getByRole("link", { name: "History", exact: true }).click();
  await page.waitForLoadState();
  check(await page.locator("ol.commits li").count() >= 1, "the history tab lists commits");
  await audit("history");
  await page.locator("nav.tabs").getByRole("link", { name: "Validation", exact: true }).click();
  await page.waitForLoadState();
  await audit("validation");
  await page.locator("nav.tabs").getByRole("link", { name: "Audit", exact: true }).click();
  await page.waitForLoadState();
  check(await page.locator("text=Completeness").count() === 1, "the audit tab shows the completeness score");
  await audit("audit");
  await visit("datasets", "/datasets");
  await visit("mirror-audit", "/audit");
  check(await page.locator("svg.histogram").count() === 1, "the mirror audit draws the score histogram");
  await visit("dataset", "/datasets/acme/browser-data");
  await visit("viewer", "/datasets/acme/browser-data/viewer");
  check(await page.locator("text=Rows 1–50 of 80").count() === 1, "the viewer shows the first page of rows");
  check(await page.locator("svg.bars").count() >= 1, "the viewer draws column statistics");
  await page.getByRole("link", { name: "Next rows" }).click();
  await page.waitForLoadState();
  check(await page.locator("text=Rows 51–80 of 80").count() === 1, "the viewer pages to the next rows");
  await page.getByLabel("Search text").fill("sentence 7");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForLoadState();
  check(await page.locator("table.rows tbody tr").count() >= 1 && page.url().includes("q=sentence"), "the viewer searches the split");
  const missing = await page.goto(base + "/acme/no-such-model");
  check(missing.status() === 404 && (await page.locator("h1", { hasText: "Not found" }).count()) === 1, "a missing repository is a 404 page");
  await audit("not-found");

  // Sign in, see the private model, sign out and no longer see it.
  await page.goto(base + "/login");
  await audit("login");
  await page.getByLabel("Access token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState();
  check(await page.locator("text=Signed in as").count() === 1, "signing in shows who is signed in");
  await page.goto(base + "/models");
  check(await page.locator("table.repos a", { hasText: "acme/browser-secret" }).count() === 1, "signed in, the private model is listed");
  await page.goto(base + "/acme/browser-secret");
  check(await page.locator("h1", { hasText: "acme/browser-secret" }).count() === 1, "signed in, the private model's page opens");
  await visit("tokens", "/settings/tokens");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForLoadState();
  await page.goto(base + "/models");
  check(await page.locator("text=acme/browser-secret").count() === 0, "signed out, the private model is gone from the list");
  const hidden = await page.goto(base + "/acme/browser-secret");
  check(hidden.status() === 404, "signed out, the private model's page is the 404 page");

  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ": " + consoleErrors.join(" | ") : ""}`);
} catch (e) {
  if (!process.exitCode) {
    console.error("FAIL " + e.message);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
