// The step runner the e2e scripts share: each step prints "ok - title" or "not ok - title: error" and the script stops at
// the first failure; done() prints the "N passed, 0 failed" line the C# tests look for.
let passed = 0;

export async function step(title, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${title}`);
  } catch (e) {
    console.log(`not ok - ${title}: ${e?.stack ?? e}`);
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
}

export function done() {
  console.log(`${passed} passed, 0 failed`);
}
