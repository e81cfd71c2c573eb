// Reference for bench/cards.sh: js-yaml (the Hub's YAML parser) parsing the front matter of the same cards, one thread.
// Prints "cards_per_second". Usage: node parse-cards.mjs CARDS_FOLDER [COUNT]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

const [folder, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 10000);
const texts = readdirSync(folder).filter((f) => f.endsWith(".md")).sort().map((f) => readFileSync(join(folder, f), "utf8"));
const fence = /^\uFEFF?\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/;

function parseAll(n) {
  let keys = 0;
  for (let i = 0; i < n; i++) {
    const m = fence.exec(texts[i % texts.length]);
    if (!m) continue;
    try {
      const data = yaml.load(m[1]);
      if (data && typeof data === "object") keys += Object.keys(data).length;
    } catch {
      // invalid YAML counts as parsed
    }
  }
  return keys;
}

// Warm up for two seconds, as the .NET side does.
const warmEnd = Date.now() + 2000;
while (Date.now() < warmEnd) parseAll(texts.length);
const start = process.hrtime.bigint();
parseAll(count);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(Math.round(count / seconds));
