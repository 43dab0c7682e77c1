#!/usr/bin/env bash
# Checks the container packaging without a Docker engine (none runs on our machines):
#   1. every docker-compose*.yml is valid  (docker-compose config -q; installs docker-compose 1.29 if missing)
#   2. the Dockerfile passes a linter      (npx dockerfilelint)
#   3. every path the Dockerfile copies exists and is not excluded by .dockerignore; for each compose file,
#      every build context has a Dockerfile, every bind-mounted file exists, every service another one waits
#      for with condition: service_healthy has a healthcheck
#   4. each Prometheus config a compose file mounts parses, scrapes /actuator/prometheus, and its targets are
#      services of that file (promtool, when installed)
#   5. each nginx config a compose file mounts passes `nginx -t` (Debian's nginx, installed if missing; the
#      upstream hosts, resolvable only inside compose's network, are replaced by 127.0.0.1 for the test and
#      checked to be services of that file instead), allows uploads up to the service's limit, and does not
#      buffer the Server-Sent Events of /api/v1/training-jobs/{id}/events
#   6. the Kubernetes manifests under ops/k8s pass ops/k8s/validate.mjs (schema, unknown fields,
#      cross-references; installs its npm packages into target/packaging-tools)
#   7. when target/*.jar exists: the layers the Dockerfile copies are the jar's layers, and its launcher class exists
# Usage: ops/check-packaging.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-packaging: FAIL: $*" >&2; exit 1; }
ok() { echo "check-packaging: ok: $*"; }

# ---- 1. compose -------------------------------------------------------------
apt_updated=0
apt_install() {
  echo "check-packaging: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  [ $apt_updated = 1 ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# docker-compose depends on python3-yaml, which the checks below use to read the resolved compose files
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
compose_files=(docker-compose*.yml)
[ -f docker-compose.yml ] || fail "docker-compose.yml is missing"
for file in "${compose_files[@]}"; do
  docker-compose -f "$file" config -q || fail "docker-compose config -q rejected $file"
  ok "$file is valid ($(docker-compose version --short 2>/dev/null || echo unknown version))"
done

# ---- 2. Dockerfile lint -----------------------------------------------------
npx --yes dockerfilelint@1.8.0 Dockerfile || fail "dockerfilelint found problems in Dockerfile"
ok "Dockerfile passes dockerfilelint"

# ---- 3. paths ---------------------------------------------------------------
# Dockerfile instructions with their continuation lines joined
instructions() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Dockerfile | sed -e 's/^[[:space:]]*//' | grep -v '^#' || true; }

# .dockerignore semantics, simplified: the last pattern that matches the path or one of its parents wins
ignored() {
  local path=$1 result=1 line pattern negate prefix
  [ -f .dockerignore ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"; line="$(echo "$line" | xargs)"
    [ -n "$line" ] || continue
    negate=0
    if [ "${line:0:1}" = "!" ]; then negate=1; line="${line:1}"; fi
    pattern="${line%/}"; pattern="${pattern#./}"
    prefix=""
    local IFS_SAVE=$IFS; IFS=/
    for part in $path; do
      prefix="${prefix:+$prefix/}$part"
      # shellcheck disable=SC2053
      if [[ $prefix == $pattern ]]; then
        if [ $negate = 1 ]; then result=1; else result=0; fi
        break
      fi
    done
    IFS=$IFS_SAVE
  done < .dockerignore
  return $result
}

copied=0
while read -r instruction args; do
  case "${instruction^^}" in COPY|ADD) ;; *) continue ;; esac
  case "$args" in *--from=*) continue ;; esac
  # drop flags (--chown=..., --chmod=...), the last word is the destination
  read -r -a words <<< "$(echo "$args" | sed -E 's/--[a-z]+=[^ ]+//g')"
  [ ${#words[@]} -ge 2 ] || fail "cannot read sources of: $instruction $args"
  for source in "${words[@]:0:${#words[@]}-1}"; do
    source="${source%/}"; source="${source#./}"
    [ -e "$source" ] || fail "Dockerfile copies '$source', which does not exist"
    ! ignored "$source" || fail "Dockerfile copies '$source', which .dockerignore excludes from the build context"
    copied=$((copied + 1))
  done
done < <(instructions)
[ $copied -gt 0 ] || fail "found no COPY sources in Dockerfile"
[ -x mvnw ] || fail "mvnw is not executable: the image build runs ./mvnw"
ok "all $copied paths the Dockerfile copies exist and are in the build context"

# compose, as docker-compose resolves it (anchors merged, paths absolute): one fact per line
#   service NAME | build CONTEXT DOCKERFILE | bind SERVICE SOURCE TARGET | healthcheck NAME | waits NAME DEPENDENCY
compose_facts() {
  docker-compose -f "$1" config | python3 -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
for name, service in (config.get("services") or {}).items():
    print("service", name)
    build = service.get("build")
    if build is not None:
        build = {"context": build} if isinstance(build, str) else build
        print("build", build.get("context", "."), build.get("dockerfile", "Dockerfile"))
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            if len(parts) >= 2 and parts[0].startswith(("/", ".", "~")):
                print("bind", name, parts[0], parts[1])
        elif volume.get("type") == "bind":
            print("bind", name, volume["source"], volume["target"])
    if service.get("healthcheck") and not service["healthcheck"].get("disable"):
        print("healthcheck", name)
    depends = service.get("depends_on") or {}
    for dependency, how in (depends.items() if isinstance(depends, dict) else []):
        if (how or {}).get("condition") == "service_healthy":
            print("waits", name, dependency)
'
}
for file in "${compose_files[@]}"; do
  facts=$(compose_facts "$file") || fail "could not read the resolved $file"
  mounts=0
  while read -r kind a b c; do
    case "$kind" in
      build) [ -f "$a/$b" ] || fail "$file builds '$a', which has no $b" ;;
      bind) [ -e "$b" ] || fail "$file mounts '$b' into $a, which does not exist"; mounts=$((mounts + 1)) ;;
      waits) grep -qx "healthcheck $b" <<< "$facts" \
               || fail "$file: $a waits for $b to be healthy, but $b has no healthcheck" ;;
    esac
  done <<< "$facts"
  ok "$file: build contexts, $mounts bind-mounted file(s) and the healthchecks it waits for exist"
done

# ---- 4. Prometheus configs ---------------------------------------------------
# the file of each compose file that is mounted as Prometheus' configuration, with the services it may scrape
prometheus_checked=0
for file in "${compose_files[@]}"; do
  facts=$(compose_facts "$file")
  services=$(sed -nE 's/^service (.*)/\1/p' <<< "$facts" | xargs)
  while read -r source; do
    [ -n "$source" ] || continue
    config=$(realpath --relative-to=. "$source")
    grep -q 'metrics_path: /actuator/prometheus' "$config" || fail "$config does not scrape /actuator/prometheus"
    if command -v promtool >/dev/null 2>&1; then
      promtool check config "$config" >/dev/null || fail "promtool rejected $config"
    fi
    python3 -c '
import sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
services = set(sys.argv[2].split())
targets = [t for job in config["scrape_configs"] for static in job["static_configs"] for t in static["targets"]]
assert targets, "no targets"
unknown = [t for t in targets if t.rsplit(":", 1)[0] not in services]
assert not unknown, "targets that are no service of the compose file: %s" % unknown
' "$config" "$services" || fail "$config does not fit $file"
    ok "$config parses and scrapes services of $file$(command -v promtool >/dev/null 2>&1 && echo ', passes promtool')"
    prometheus_checked=$((prometheus_checked + 1))
  done < <(sed -nE 's#^bind [^ ]+ ([^ ]+) /etc/prometheus/prometheus.yml$#\1#p' <<< "$facts")
done
[ $prometheus_checked -gt 0 ] || fail "no compose file mounts a Prometheus configuration"

# ---- 5. nginx configs ---------------------------------------------------------
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
upload_limit=$(sed -nE 's/^[[:space:]]*upload-bytes:[[:space:]]*([0-9]+)MB.*/\1/p' src/main/resources/application.yml | head -n 1)
[ -n "$upload_limit" ] || fail "cannot read backprop.limits.upload-bytes (in MB) from application.yml"
for file in "${compose_files[@]}"; do
  facts=$(compose_facts "$file")
  while read -r source; do
    [ -n "$source" ] || continue
    config=$(realpath --relative-to=. "$source")
    # every upstream server is a service of the compose file (there they resolve; here they would not)
    while read -r host; do
      grep -qx "service $host" <<< "$facts" || fail "$config proxies to '$host', which is no service of $file"
    done < <(sed -nE 's/^[[:space:]]*server[[:space:]]+([A-Za-z0-9_.-]+):[0-9]+.*;/\1/p' "$config")
    # nginx -t on a copy whose upstream hosts are 127.0.0.1, inside a minimal main configuration
    scratch=$(mktemp -d)
    sed -E 's/^([[:space:]]*server[[:space:]]+)[A-Za-z0-9_.-]+(:[0-9]+)/\1127.0.0.1\2/' "$config" > "$scratch/site.conf"
    mkdir -p "$scratch/logs"
    printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  include %s/site.conf;\n}\n' \
      "$scratch" "$scratch" > "$scratch/nginx.conf"
    "$nginx_bin" -t -q -p "$scratch" -c "$scratch/nginx.conf" 2>"$scratch/errors" \
      || { cat "$scratch/errors" >&2; rm -rf "$scratch"; fail "nginx -t rejected $config"; }
    rm -rf "$scratch"
    # uploads up to the service's limit reach the service (which answers 413 itself beyond it)
    body=$(sed -nE 's/^[[:space:]]*client_max_body_size[[:space:]]+([0-9]+)[mM];.*/\1/p' "$config" | head -n 1)
    [ -n "$body" ] && [ "$body" -ge "$upload_limit" ] \
      || fail "$config: client_max_body_size (${body:-unset, 1}m) is below the service's upload limit (${upload_limit}MB)"
    # Server-Sent Events: a location for the events path that turns buffering off and waits long for data
    events=$(sed -n '/location[^{]*training-jobs[^{]*events/,/}/p' "$config")
    grep -q 'proxy_buffering off;' <<< "$events" || fail "$config does not turn proxy_buffering off for job events"
    grep -qE 'proxy_read_timeout[[:space:]]+[0-9]+[hd];' <<< "$events" \
      || fail "$config: job event streams need a proxy_read_timeout of hours (a queued job is quiet)"
    ok "$config passes nginx -t ($("$nginx_bin" -v 2>&1 | sed 's/.*\///')), proxies to services of $file, takes ${body}m uploads, streams job events"
  done < <(sed -nE 's#^bind [^ ]+ ([^ ]+) /etc/nginx/.*#\1#p' <<< "$facts")
done

# ---- 6. Kubernetes manifests -------------------------------------------------
tools=target/packaging-tools
if [ ! -f "$tools/node_modules/kubernetes-models/package.json" ] || [ ! -f "$tools/node_modules/typescript/package.json" ] \
   || [ ! -f "$tools/node_modules/yaml/package.json" ]; then
  echo "check-packaging: installing kubernetes-models, yaml and typescript into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error \
    kubernetes-models@5.1.0 yaml@2.9.1 typescript@5.9.3 >/dev/null || fail "npm could not install the manifest checker's packages"
fi
manifests=(ops/k8s/*.yaml ops/k8s/postgres/*.yaml)
node ops/k8s/validate.mjs "$tools" "${manifests[@]}" || fail "ops/k8s manifests did not validate"
ok "${#manifests[@]} Kubernetes manifest files pass ops/k8s/validate.mjs"

# ---- 7. jar layers ----------------------------------------------------------
jar=$(ls target/backprop-service-*.jar 2>/dev/null | head -n 1 || true)
if [ -n "$jar" ] && command -v java >/dev/null 2>&1; then
  layers=$(java -Djarmode=tools -jar "$jar" list-layers)
  copied_layers=$(instructions | sed -nE 's#^COPY --from=build /workspace/extracted/([^/ ]+)/ .*#\1#p')
  [ "$(echo "$layers" | xargs)" = "$(echo "$copied_layers" | xargs)" ] \
    || fail "the Dockerfile copies layers [$(echo $copied_layers)] but $jar has [$(echo $layers)]"
  launcher=$(instructions | sed -nE 's/^ENTRYPOINT .*"(org\.springframework\.boot\.loader[^"]+)".*/\1/p')
  unzip -l "$jar" "${launcher//.//}.class" >/dev/null 2>&1 || fail "$jar has no launcher class $launcher"
  ok "layers [$(echo $layers)] and launcher $launcher match $jar"
else
  echo "check-packaging: skipped: layer check (no target/*.jar; run ./mvnw package first)"
fi

echo "check-packaging: all checks passed"
