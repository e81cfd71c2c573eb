// Drives a running mirror with the official @huggingface/hub client, as a user would, and checks every answer.
// Usage: HUB_URL=http://127.0.0.1:5080 HUB_TOKEN=hf_... OTHER_TOKEN=hf_... node hub-client.mjs
// OTHER_TOKEN belongs to a user outside the repository's organisation. Exits non-zero on the first failure.
import { createHash, randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";
import { done, step } from "./steps.mjs";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const otherToken = process.env.OTHER_TOKEN;
const ns = process.env.HUB_NAMESPACE ?? "acme";
const name = `e2e-${Date.now()}`;
const repo = { type: "model", name: `${ns}/${name}` };

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const small = new TextEncoder().encode('{"model_type":"bert"}\n');
const big = randomBytes(30 * 1000 * 1000);

await step("createRepo", async () => {
  const created = await hub.createRepo({ repo, accessToken, hubUrl });
  assert.equal(created.repoUrl, `${hubUrl}/${repo.name}`);
});

await step("createRepo with its first files and a license", async () => {
  const seeded = { type: "dataset", name: `${ns}/${name}-seeded` };
  const attributes = "*.html filter=lfs diff=lfs merge=lfs -text";
  await hub.createRepo({
    repo: seeded, accessToken, hubUrl, license: "apache-2.0",
    files: [
      { path: ".gitattributes", content: new Blob([attributes]) },
      { path: "data/notes.txt", content: new Blob(["first words"]) },
    ],
  });
  const text = async (path) => (await hub.downloadFile({ repo: seeded, path, accessToken, hubUrl })).text();
  assert.equal(await text(".gitattributes"), attributes);
  assert.equal(await text("data/notes.txt"), "first words");
  assert.equal(await text("README.md"), "---\nlicense: apache-2.0\n---\n");
  await hub.deleteRepo({ repo: seeded, accessToken, hubUrl });
});

await step("uploadFiles: a small text file and a 30 MB binary through LFS", async () => {
  await hub.uploadFiles({
    repo, accessToken, hubUrl,
    files: [
      { path: "config.json", content: new Blob([small]) },
      { path: "weights/model.bin", content: new Blob([big]) },
    ],
  });
});

await step("listModels with search", async () => {
  const found = [];
  for await (const m of hub.listModels({ search: { query: name }, accessToken, hubUrl })) found.push(m.name);
  assert.deepEqual(found, [repo.name]);
});

await step("modelInfo", async () => {
  const info = await hub.modelInfo({ name: repo.name, accessToken, hubUrl });
  assert.equal(info.name, repo.name);
  assert.equal(info.private, false);
});

await step("listFiles", async () => {
  const files = [];
  for await (const f of hub.listFiles({ repo, recursive: true, accessToken, hubUrl })) files.push(f);
  const paths = files.filter((f) => f.type === "file").map((f) => f.path).sort();
  assert.deepEqual(paths, [".gitattributes", "config.json", "weights/model.bin"]);
  const weights = files.find((f) => f.path === "weights/model.bin");
  assert.equal(weights.lfs.oid, sha256(big));
  assert.equal(weights.size, big.length);
});

await step("downloadFile: bytes compared by sha256", async () => {
  const blob = await hub.downloadFile({ repo, path: "weights/model.bin", accessToken, hubUrl });
  assert.equal(sha256(new Uint8Array(await blob.arrayBuffer())), sha256(big));
  const config = await hub.downloadFile({ repo, path: "config.json", hubUrl });
  assert.equal(await config.text(), new TextDecoder().decode(small));
  assert.equal(await hub.downloadFile({ repo, path: "missing.json", hubUrl }), null);
});

await step("deleteFile", async () => {
  await hub.deleteFile({ repo, path: "config.json", accessToken, hubUrl });
  assert.equal(await hub.fileExists({ repo, path: "config.json", hubUrl }), false);
  assert.equal(await hub.fileExists({ repo, path: "weights/model.bin", hubUrl }), true);
});

const hidden = { type: "model", name: `${ns}/${name}-private` };
await step("a private repo is invisible without its token", async () => {
  await hub.createRepo({ repo: hidden, private: true, accessToken, hubUrl });
  const info = await hub.modelInfo({ name: hidden.name, accessToken, hubUrl });
  assert.equal(info.private, true);
  await assert.rejects(hub.modelInfo({ name: hidden.name, hubUrl }), (e) => e.statusCode === 401);
  if (otherToken) {
    await assert.rejects(hub.modelInfo({ name: hidden.name, accessToken: otherToken, hubUrl }), (e) => e.statusCode === 404);
  }
  const listed = [];
  for await (const m of hub.listModels({ search: { query: name }, hubUrl })) listed.push(m.name);
  assert.deepEqual(listed, [repo.name]);
});

await step("deleteRepo", async () => {
  await hub.deleteRepo({ repo: hidden, accessToken, hubUrl });
  await assert.rejects(hub.modelInfo({ name: hidden.name, accessToken, hubUrl }), (e) => e.statusCode === 404);
});

done();
