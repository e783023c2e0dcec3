// Provided · The push-CDN half of a deploy: upload every static file of the page to the edge
// (T10's upload API), check the edge named each one as the app will link it, then tell you to
// start (or restart) the app with CDN_URL. "Upload, then flip the HTML."
//   EDGE_URL=http://127.0.0.1:8080 EDGE_TOKEN=... npm run deploy-assets
// Lesson: README.md, "T10 · A push CDN".
import { AssetTable, loadOrExit, origin, PAGE_DIR, text } from '@scaling-lab/chirp';

const { edgeUrl, token } = loadOrExit('deploy-assets', () => ({
  edgeUrl: origin(text(process.env, 'EDGE_URL', 'http://127.0.0.1:8080'), 'EDGE_URL'),
  token: text(process.env, 'EDGE_TOKEN', ''),
}));
if (!token) {
  console.error('deploy-assets: EDGE_TOKEN must be set to the edge\'s operator token');
  process.exit(1);
}

// The same files, under the same content-hashed names, that the app links to.
const table = AssetTable.load(PAGE_DIR);
let failed = false;
for (const asset of table.assets) {
  const res = await fetch(`${edgeUrl}/_edge/assets/${asset.name}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': asset.type },
    body: asset.bytes,
  });
  const answer = (await res.json().catch(() => ({}))) as { path?: string; error?: string };
  const expected = `/assets/${asset.hashedName}`;
  if (res.status !== 201 || answer.path !== expected) {
    failed = true;
    console.error(`deploy-assets: ${asset.name}: expected 201 with path ${expected}, got ${res.status} ${JSON.stringify(answer)}`);
  } else {
    console.log(`uploaded ${asset.name} -> ${edgeUrl}${answer.path}`);
  }
}
if (failed) process.exit(1);
console.log(`\nAll assets are on the edge. Now flip the HTML: start the app with CDN_URL=${edgeUrl}`);
