// Runs graphql-http's GraphQL-over-HTTP server audits against a served app with a bearer token
// and prints the results as JSON: node audit.mjs http://127.0.0.1:PORT/graphql TOKEN
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) =>
  fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });

const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  results.push({ id: result.id, name: result.name, status: result.status, reason: result.reason });
}
process.stdout.write(JSON.stringify(results));
