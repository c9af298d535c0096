// Usage: node axe_check.mjs PAGE.html
// Opens the page in the system's headless Chromium (CHROMIUM, default "chromium") with a fresh profile and runs
// axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules; prints {"violations": [...], "passes": n, ...} as JSON.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const page_path = resolve(process.argv[2]);
const profile = mkdtempSync(join(tmpdir(), "ilacs-axe-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`,
  ],
});
try {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  const version = await page.evaluate(() => window.axe.version);
  console.log(JSON.stringify({
    axe_version: version,
    tags: TAGS,
    violations: results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    })),
    incomplete: results.incomplete.map((v) => v.id),
    requests,
  }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
