// A gated repository end to end: @huggingface/hub for what it does (upload, info, download), and raw HTTP in the shapes
// huggingface_hub sends for the access-request API, which the npm client lacks.
// Usage: HUB_URL=... HUB_TOKEN=<owner> OTHER_TOKEN=<another user> node hub-client-gated.mjs   Exits non-zero on the first failure.
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";
import { done, step } from "./steps.mjs";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const otherToken = process.env.OTHER_TOKEN;
const ns = process.env.HUB_NAMESPACE ?? "acme";
const repo = { type: "model", name: `${ns}/e2e-gated-${Date.now()}` };
const content = "gated weights\n";

async function call(method, path, token, body, contentType = "application/json") {
  const headers = { "Content-Type": contentType };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${hubUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, code: response.headers.get("x-error-code"), json: text ? JSON.parse(text) : null };
}

async function statusOfDownload(token) {
  try {
    await hub.downloadFile({ repo, path: "weights.txt", accessToken: token, hubUrl });
    return 200;
  } catch (e) {
    return e.statusCode;
  }
}

await step("the owner uploads and gates the repository (PUT settings as huggingface_hub sends it)", async () => {
  await hub.createRepo({ repo, accessToken, hubUrl });
  await hub.uploadFiles({ repo, accessToken, hubUrl, files: [{ path: "weights.txt", content: new Blob([content]) }] });
  const settings = await call("PUT", `/api/models/${repo.name}/settings`, accessToken, JSON.stringify({ gated: "manual" }));
  assert.equal(settings.status, 200);
});

await step("info and file list stay readable; modelInfo reports the gate", async () => {
  const info = await hub.modelInfo({ name: repo.name, hubUrl, additionalFields: ["gated"] });
  assert.equal(info.gated, "manual");
  const files = [];
  for await (const f of hub.listFiles({ repo, hubUrl })) files.push(f.path);
  assert.ok(files.includes("weights.txt"));
});

await step("downloads are refused: 401 anonymous, 403 for a user without access, both GatedRepo", async () => {
  assert.equal(await statusOfDownload(undefined), 401);
  assert.equal(await statusOfDownload(otherToken), 403);
  const head = await fetch(`${hubUrl}/${repo.name}/resolve/main/weights.txt`, { method: "HEAD", headers: { Authorization: `Bearer ${otherToken}` } });
  assert.equal(head.headers.get("x-error-code"), "GatedRepo");
});

let asker;
await step("the user asks for access; the owner sees the request pending", async () => {
  const ask = await call("POST", `/${repo.name}/ask-access`, otherToken, JSON.stringify({ reason: "evaluation" }));
  assert.equal(ask.status, 200);
  assert.equal(ask.json.status, "pending");
  const pending = await call("GET", `/api/models/${repo.name}/user-access-request/pending`, accessToken);
  assert.equal(pending.status, 200);
  assert.equal(pending.json.length, 1);
  asker = pending.json[0].user.user;
  assert.equal(pending.json[0].fields.reason, "evaluation");
  const notOwner = await call("GET", `/api/models/${repo.name}/user-access-request/pending`, otherToken);
  assert.equal(notOwner.status, 403);
});

await step("accepted, the user downloads the file with the official client", async () => {
  const handled = await call("POST", `/api/models/${repo.name}/user-access-request/handle`, accessToken, JSON.stringify({ user: asker, status: "accepted" }));
  assert.equal(handled.status, 200);
  const blob = await hub.downloadFile({ repo, path: "weights.txt", accessToken: otherToken, hubUrl });
  assert.equal(await blob.text(), content);
});

await step("rejected again, the user is refused again; deleteRepo", async () => {
  const handled = await call("POST", `/api/models/${repo.name}/user-access-request/handle`, accessToken, JSON.stringify({ user: asker, status: "rejected", rejectionReason: "done" }));
  assert.equal(handled.status, 200);
  assert.equal(await statusOfDownload(otherToken), 403);
  await hub.deleteRepo({ repo, accessToken, hubUrl });
});

done();
