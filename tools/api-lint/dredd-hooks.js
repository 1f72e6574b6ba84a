// Dredd hooks: turn the document's examples into requests the running service can answer with the
// documented success status. Dredd sends every parameter's example at once (cursor mode and offset mode
// together, which the service rightly refuses) and the example id, which names no user.
const hooks = require('hooks');

const apiToken = process.env.CELERIS_API_TOKEN;
const adminToken = process.env.CELERIS_ADMIN_TOKEN;
if (!apiToken || !adminToken) {
  throw new Error('dredd-hooks: CELERIS_API_TOKEN and CELERIS_ADMIN_TOKEN must be set (lint.sh dredd sets them)');
}
const EXAMPLE_ID = '0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f';
const runId = `${Date.now()}-${process.pid}`;
let createdId = null;

function op(t) {
  return `${t.request.method} ${t.origin.resourceName}`;
}

hooks.beforeEach((t) => {
  // Only the success answers can be provoked on purpose with a well-formed request; the error answers are
  // checked by the Java contract tests (OpenApiContractTest), which validate every response they receive.
  if (!/^2/.test(t.expected.statusCode)) {
    t.skip = true;
    return;
  }
  // Celeris-Consistency is answered only with a read replica (DATABASE_READ_URL); this run has none, so a write
  // answers without it (the Java suites check it with a replica: ReadReplicaSystemTest).
  if (t.expected.headers) {
    delete t.expected.headers['Celeris-Consistency'];
  }
  const o = op(t);
  if (o === 'GET /users') {
    t.fullPath = '/users?limit=5&sort=-created_at&email_domain=example.com';
    t.request.uri = t.fullPath;
  }
  if (['POST /users', 'PUT /users/{id}', 'DELETE /users/{id}'].includes(o)) {
    t.request.headers.Authorization = `Bearer ${apiToken}`;
  }
  if (o === 'POST /admin/cache/clear') {
    t.request.headers.Authorization = `Bearer ${adminToken}`;
  }
  if (o === 'POST /users' || o === 'PUT /users/{id}') {
    // A fresh email every run: the example's would be a 409 the second time.
    const body = JSON.parse(t.request.body);
    body.email = `dredd-${o.startsWith('POST') ? 'created' : 'replaced'}-${runId}@example.com`;
    t.request.body = JSON.stringify(body);
  }
  if (t.origin.resourceName === '/users/{id}') {
    if (!createdId) {
      t.fail = 'POST /users did not create a user to read, replace and delete';
      return;
    }
    t.fullPath = t.fullPath.replace(EXAMPLE_ID, createdId);
    t.request.uri = t.fullPath;
    // Unconditional: the If-Match / If-None-Match examples ("1") would make a 304 or 412 of the 200s.
    delete t.request.headers['If-Match'];
    delete t.request.headers['If-None-Match'];
  }
  if (o === 'GET /openapi') {
    // Chosen by Accept, one transaction per documented media type; format=json would override it.
    t.fullPath = '/openapi';
    t.request.uri = t.fullPath;
  }
  const type = t.expected.headers && t.expected.headers['Content-Type'];
  if (type) {
    // Each documented media type is asked for, so each is checked.
    t.request.headers.Accept = type;
    if (!/json/.test(type)) {
      // A text body (Prometheus text, YAML) cannot be compared with an example; its media type still is.
      delete t.expected.body;
    }
  }
});

hooks.after('/users > Create a user > 201 > application/json', (t) => {
  createdId = JSON.parse(t.real.body).id;
});
