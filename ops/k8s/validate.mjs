// Offline check of the manifests under ops/k8s (no cluster, no kubeconform binary needed):
//   1. every document parses as YAML and is validated against the Kubernetes OpenAPI schema of its kind
//      (npm package kubernetes-models, Kubernetes 1.27 API: its JSON schemas compiled for ajv) — types,
//      required fields, formats such as quantities;
//   2. no unknown fields (a typo like `periodSecond` is dropped silently by a lenient client, refused by
//      kubectl's strict validation): the documents are type-checked by TypeScript against the same
//      package's interfaces, whose excess-property check names every field the API does not have;
//   3. the documents agree with each other: selectors match pod labels, every secretKeyRef names a Secret
//      and key defined here, every named targetPort or probe port is a container port.
// Usage: node ops/k8s/validate.mjs TOOLS_DIR FILE...
//   TOOLS_DIR holds node_modules with kubernetes-models, yaml and typescript (ops/check-packaging.sh installs them)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error("usage: node validate.mjs TOOLS_DIR FILE...");
  process.exit(2);
}
const modules = join(tools, "node_modules");
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { parseAllDocuments } = await load("yaml/dist/index.js");

const problems = [];
const documents = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    documents.push({ where, object });
    let model;
    try {
      // apiVersion "v1" → kubernetes-models/v1/Kind.js, "apps/v1" → kubernetes-models/apps/v1/Kind.js
      model = (await load(`kubernetes-models/${object.apiVersion}/${object.kind}.js`))[object.kind];
    } catch (e) {
      problems.push(`${where}: unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
  }
}

// ---- unknown fields: TypeScript's excess-property check against the package's interfaces ----------
const source = [];
const ranges = [];
documents.forEach(({ where, object }, i) => {
  const start = source.length + 1;
  source.push(`import type { I${object.kind} as T${i} } from "kubernetes-models/${object.apiVersion}/${object.kind}";`);
  source.push(...`export const d${i}: T${i} = ${JSON.stringify(object, null, 2)};`.split("\n"));
  ranges.push({ where, start, end: source.length });
});
writeFileSync(join(tools, "manifests.ts"), source.join("\n") + "\n");
try {
  execFileSync(process.execPath, [join(modules, "typescript/bin/tsc"), "--noEmit", "--strict", "--skipLibCheck",
    "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", join(tools, "manifests.ts")],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
} catch (e) {
  const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim();
  for (const line of output.split("\n")) {
    const at = /manifests\.ts\((\d+),\d+\): (.*)/.exec(line);
    const range = at && ranges.find((r) => r.start <= +at[1] && +at[1] <= r.end);
    problems.push(range ? `${range.where}: ${at[2]}` : line);
  }
  if (!output) problems.push(`TypeScript failed: ${e.message}`);
}

// ---- cross-references ------------------------------------------------------------------------------
const ofKind = (kind) => documents.filter((d) => d.object.kind === kind);
const workloads = [...ofKind("Deployment"), ...ofKind("StatefulSet")];
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const secrets = new Map(ofKind("Secret").map((d) => [d.object.metadata.name,
  new Set([...Object.keys(d.object.data ?? {}), ...Object.keys(d.object.stringData ?? {})])]));

for (const { where, object } of workloads) {
  const spec = object.spec;
  const labels = spec.template?.metadata?.labels;
  if (!matches(spec.selector?.matchLabels, labels)) problems.push(`${where}: selector does not match the pod labels`);
  for (const container of spec.template?.spec?.containers ?? []) {
    const ports = new Set((container.ports ?? []).map((p) => p.name).filter(Boolean));
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref && !secrets.get(ref.name)?.has(ref.key)) {
        problems.push(`${where}: env ${env.name} reads ${ref.name}/${ref.key}, which no Secret here defines`);
      }
    }
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = container[probe]?.httpGet?.port;
      if (typeof port === "string" && !ports.has(port)) problems.push(`${where}: ${probe} uses unknown port '${port}'`);
    }
  }
}
for (const { where, object } of ofKind("Service")) {
  const targets = workloads.filter((w) => matches(object.spec.selector, w.object.spec.template?.metadata?.labels));
  if (targets.length === 0) {
    problems.push(`${where}: its selector matches no pod template here`);
    continue;
  }
  const names = new Set(targets.flatMap((w) => w.object.spec.template.spec.containers.flatMap(
    (c) => (c.ports ?? []).map((p) => p.name))));
  for (const port of object.spec.ports ?? []) {
    if (typeof port.targetPort === "string" && !names.has(port.targetPort)) {
      problems.push(`${where}: targetPort '${port.targetPort}' is no container port of the pods it selects`);
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`k8s: ${p}`);
  process.exit(1);
}
console.log(`k8s: ${documents.length} documents valid (${documents.map((d) => d.object.kind).join(", ")})`);
