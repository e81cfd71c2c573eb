// The round trip between `hub` and @huggingface/hub against a running mirror.
// MODE=download: REPO was uploaded with `hub upload`; EXPECT is a JSON object {path: sha256}. Every file is fetched with
//   downloadFile and its sha256 compared.
// MODE=upload: uploads a small text file and a 12 MB binary (LFS) into REPO with uploadFiles and prints
//   "files: {path: sha256}" for the caller to compare after `hub download`.
// Usage: HUB_URL=... HUB_TOKEN=... REPO=acme/x MODE=download|upload [EXPECT='{...}'] node roundtrip.mjs
import { createHash, randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const repo = { type: "model", name: process.env.REPO };
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
let passed = 0;

try {
  if (process.env.MODE === "download") {
    const expected = JSON.parse(process.env.EXPECT);
    for (const [path, sha] of Object.entries(expected)) {
      const blob = await hub.downloadFile({ repo, path, accessToken, hubUrl });
      assert.ok(blob, `${path} was not found`);
      assert.equal(sha256(Buffer.from(await blob.arrayBuffer())), sha, `${path} differs`);
      console.log(`ok - downloadFile ${path}`);
      passed++;
    }
  } else {
    const text = new TextEncoder().encode("uploaded by @huggingface/hub\n");
    const weights = randomBytes(12 * 1000 * 1000);
    await hub.uploadFiles({
      repo, accessToken, hubUrl,
      files: [
        { path: "notes/readme.txt", content: new Blob([text]) },
        { path: "weights/model.bin", content: new Blob([weights]) },
      ],
    });
    console.log(`files: ${JSON.stringify({ "notes/readme.txt": sha256(text), "weights/model.bin": sha256(weights) })}`);
    passed++;
  }

  console.log(`${passed} passed, 0 failed`);
} catch (e) {
  console.log(`not ok - ${e?.stack ?? e}`);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1);
}
