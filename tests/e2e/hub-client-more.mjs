// More of @huggingface/hub against a running mirror: datasets, branches, history, paths-info, file info, the Node cache
// (snapshotDownload, the same layout huggingface_hub and HubClient use), copies and multi-file deletes.
// Usage: HUB_URL=http://127.0.0.1:5080 HUB_TOKEN=hf_... node hub-client-more.mjs   Exits non-zero on the first failure.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, readlink, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";
import { done, step } from "./steps.mjs";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const ns = process.env.HUB_NAMESPACE ?? "acme";
const name = `e2e-more-${Date.now()}`;
const repo = { type: "dataset", name: `${ns}/${name}` };

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const csv = new TextEncoder().encode("text,label\nhello,1\n");
const big = randomBytes(12 * 1000 * 1000);
let firstCommit;

await step("createRepo and uploadFiles to a dataset", async () => {
  await hub.createRepo({ repo, accessToken, hubUrl });
  const out = await hub.uploadFiles({
    repo, accessToken, hubUrl,
    files: [
      { path: "data/train.csv", content: new Blob([csv]) },
      { path: "data/big.bin", content: new Blob([big]) },
    ],
  });
  firstCommit = out.commit.oid;
  assert.match(firstCommit, /^[0-9a-f]{40}$/);
});

await step("datasetInfo, repoExists, checkRepoAccess, whoAmI", async () => {
  const info = await hub.datasetInfo({ name: repo.name, accessToken, hubUrl, additionalFields: ["sha"] });
  assert.equal(info.name, repo.name);
  assert.equal(info.sha, firstCommit);
  assert.equal(await hub.repoExists({ repo, accessToken, hubUrl }), true);
  assert.equal(await hub.repoExists({ repo: { type: "dataset", name: `${ns}/${name}-absent` }, accessToken, hubUrl }), false);
  await hub.checkRepoAccess({ repo, accessToken, hubUrl });
  const me = await hub.whoAmI({ accessToken, hubUrl });
  assert.equal(me.type, "user");
  assert.ok(me.name.length > 0);
});

await step("listDatasets finds it by search", async () => {
  const found = [];
  for await (const d of hub.listDatasets({ search: { query: name }, accessToken, hubUrl })) found.push(d.name);
  assert.deepEqual(found, [repo.name]);
});

await step("createBranch, upload to it, read it back, deleteBranch", async () => {
  await hub.createBranch({ repo, branch: "dev", accessToken, hubUrl });
  await hub.uploadFile({ repo, accessToken, hubUrl, branch: "dev", file: { path: "dev-only.txt", content: new Blob(["on dev"]) } });
  const onDev = await hub.downloadFile({ repo, path: "dev-only.txt", revision: "dev", accessToken, hubUrl });
  assert.equal(await onDev.text(), "on dev");
  assert.equal(await hub.fileExists({ repo, path: "dev-only.txt", accessToken, hubUrl }), false);
  await hub.deleteBranch({ repo, branch: "dev", accessToken, hubUrl });
  await assert.rejects(hub.downloadFile({ repo, path: "dev-only.txt", revision: "dev", accessToken, hubUrl }));
});

await step("listCommits and countCommits", async () => {
  const commits = [];
  for await (const c of hub.listCommits({ repo, accessToken, hubUrl })) commits.push(c);
  assert.equal(commits.length, 2);
  assert.equal(commits[0].oid, firstCommit);
  assert.ok(commits[0].title.length > 0);
  assert.ok(commits[0].date instanceof Date && !Number.isNaN(commits[0].date.getTime()));
  assert.equal(await hub.countCommits({ repo, accessToken, hubUrl }), 2);
});

await step("pathsInfo with expand gives sizes, LFS and last commits", async () => {
  const infos = await hub.pathsInfo({ repo, paths: ["data/train.csv", "data/big.bin", "nope.txt"], expand: true, accessToken, hubUrl });
  const byPath = Object.fromEntries(infos.map((i) => [i.path, i]));
  assert.deepEqual(Object.keys(byPath).sort(), ["data/big.bin", "data/train.csv"]);
  assert.equal(byPath["data/train.csv"].size, csv.length);
  assert.equal(byPath["data/big.bin"].lfs.oid, sha256(big));
  assert.equal(byPath["data/big.bin"].lastCommit.id, firstCommit);
});

await step("fileDownloadInfo: size and etag, null for a missing file", async () => {
  const info = await hub.fileDownloadInfo({ repo, path: "data/big.bin", accessToken, hubUrl });
  assert.equal(info.size, big.length);
  assert.equal(info.etag.replaceAll('"', ""), sha256(big));
  assert.equal(await hub.fileDownloadInfo({ repo, path: "missing.bin", accessToken, hubUrl }), null);
});

await step("snapshotDownload writes the Hub cache layout", async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), "hubplatform-js-cache-"));
  try {
    const snapshot = await hub.snapshotDownload({ repo, cacheDir, accessToken, hubUrl });
    const storage = join(cacheDir, `datasets--${repo.name.replace("/", "--")}`);
    assert.equal(snapshot, join(storage, "snapshots", firstCommit));
    assert.equal((await readFile(join(storage, "refs", "main"), "utf8")).trim(), firstCommit);
    assert.equal(sha256(await readFile(join(snapshot, "data", "big.bin"))), sha256(big));
    assert.deepEqual(await readFile(join(snapshot, "data", "train.csv")), Buffer.from(csv));
    const link = await readlink(join(snapshot, "data", "big.bin"));
    assert.ok(link.endsWith(join("blobs", sha256(big))), link);
    assert.ok((await stat(join(storage, "blobs", sha256(big)))).size === big.length);
    assert.equal((await readdir(join(storage, "blobs"))).length, 3);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
});

await step("deleteFiles removes several files in one commit", async () => {
  await hub.deleteFiles({ repo, paths: ["data/train.csv", ".gitattributes"], accessToken, hubUrl });
  const left = [];
  for await (const f of hub.listFiles({ repo, recursive: true, accessToken, hubUrl })) if (f.type === "file") left.push(f.path);
  assert.deepEqual(left, ["data/big.bin"]);
  assert.equal(await hub.countCommits({ repo, accessToken, hubUrl }), 3);
});

await step("deleteRepo", async () => {
  await hub.deleteRepo({ repo, accessToken, hubUrl });
  assert.equal(await hub.repoExists({ repo, accessToken, hubUrl }), false);
});

done();
